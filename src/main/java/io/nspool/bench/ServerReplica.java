package io.nspool.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code nspool server} in a process of its own, from the jar this benchmark runs from, as
 * nspool's ServiceAccount: what a benchmark starts cold and kills with SIGKILL. Its output goes to
 * a log file.
 */
final class ServerReplica implements AutoCloseable {
  private static final Pattern REPLICA =
      Pattern.compile("controller started .* \\(replica (\\S+)\\)");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  private final Path log;
  private final long startedNanos;

  private ServerReplica(Process process, int port, Path log, long startedNanos) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  static ServerReplica start(Path kubeconfig, String controlNamespace, Path log) {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Extra JVM flags for the server processes only (a flight recording, a heap size).
    String serverOpts = System.getenv("NSPOOL_SERVER_JAVA_OPTS");
    if (serverOpts != null && !serverOpts.isBlank()) {
      command.addAll(List.of(serverOpts.trim().split("\\s+")));
    }
    String repoRoot = System.getProperty("nspool.repoRoot");
    if (repoRoot != null) {
      command.add("-Dnspool.repoRoot=" + repoRoot);
    }
    command.addAll(
        List.of(
            "-jar",
            jar().toString(),
            "server",
            "--kubeconfig",
            kubeconfig.toString(),
            "--namespace",
            controlNamespace,
            "--bind",
            "127.0.0.1",
            "--port",
            String.valueOf(port)));
    try {
      long started = System.nanoTime();
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      return new ServerReplica(process, port, log, started);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start nspool server", e);
    }
  }

  private static Path jar() {
    try {
      Path self =
          Path.of(ServerReplica.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(self)) {
        return self;
      }
      Path built = self.resolve("../nspool.jar").normalize(); // target/classes -> target/nspool.jar
      if (Files.isRegularFile(built)) {
        return built;
      }
      throw new IllegalStateException("no nspool jar next to " + self + ": run mvn package");
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  long startedNanos() {
    return startedNanos;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** Whether {@code /readyz} answers 200. */
  boolean ready() {
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(url().resolve("/readyz"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Polls {@code /readyz} every 20 ms; the nanoTime at which it first answered 200. */
  long awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nspool server exited; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "nspool server not ready after " + timeout + "; see " + log);
      }
      Thread.sleep(20);
    }
    return System.nanoTime();
  }

  /** The leader-election identity this replica campaigns as, once its controller started. */
  Optional<String> identity() {
    try {
      if (!Files.exists(log)) {
        return Optional.empty();
      }
      Matcher m = REPLICA.matcher(Files.readString(log));
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * SIGTERM, as Kubernetes stops a pod: the shutdown hook releases the leader Lease, so the next
   * start need not wait for it to expire. SIGKILL after 30 s.
   */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGKILL: no shutdown hook runs, the Lease is not released. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("nspool server " + process.pid() + " survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
