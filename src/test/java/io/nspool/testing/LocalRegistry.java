package io.nspool.testing;

import io.nspool.localcluster.LocalBinaries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI registry (CNCF Distribution, built from its Go module by {@code localcluster/build.sh
 * registry}) on a free loopback port, plain HTTP, in-memory storage: empty at every start, gone at
 * {@link #close()} (and with the JVM: it exits when its parent does). {@link #start(Path)} keeps
 * blobs in a directory instead, for container images: the in-memory driver copies a blob on every
 * write, and a layer of tens of MB then takes minutes, longer than Jib waits.
 */
public final class LocalRegistry implements AutoCloseable {
  private final Process process;
  private final String address;

  private LocalRegistry(Process process, String address) {
    this.process = process;
    this.address = address;
  }

  /** Starts one, building the binary first when the cache is cold. */
  public static LocalRegistry start() {
    return start(null);
  }

  /** Starts one storing its blobs in {@code storage} (an empty directory), or in memory if null. */
  public static LocalRegistry start(Path storage) {
    Path binary = LocalBinaries.registry(Path.of(System.getProperty("nspool.repoRoot", ".")));
    try {
      List<String> command = new ArrayList<>(List.of(binary.toString(), "-addr", "127.0.0.1:0"));
      if (storage != null) {
        command.addAll(List.of("-storage", storage.toAbsolutePath().toString()));
      }
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
      builder.environment().put("KUBE_LOCAL_EXIT_WITH_PARENT", "1");
      Process process = builder.start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> readLine(out));
      String first;
      try {
        first = line.get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        process.destroyForcibly();
        throw new IllegalStateException("the registry did not start: " + e, e);
      }
      if (first == null || !first.startsWith("registry: listening on ")) {
        process.destroyForcibly();
        throw new IllegalStateException("the registry did not start; it said: " + first);
      }
      return new LocalRegistry(process, first.substring("registry: listening on ".length()).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
  }

  private static String readLine(BufferedReader out) {
    try {
      return out.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:PORT}. */
  public String address() {
    return address;
  }

  /** {@code oci://127.0.0.1:PORT/PATH}. */
  public String reference(String path) {
    return "oci://" + address + "/" + path;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
