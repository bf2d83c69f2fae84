package io.nspool.localcluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@code kube-local} binary (etcd, kube-apiserver, kube-controller-manager and kubectl in
 * one), building it from the Go modules in {@code localcluster/} when the cache is cold.
 *
 * <p>{@code NSPOOL_KUBE_LOCAL} points at a prebuilt binary and skips the build step entirely.
 */
public final class KubeLocalBinary {
  public static final String ENV_BINARY = "NSPOOL_KUBE_LOCAL";

  private KubeLocalBinary() {}

  public static Path resolve(Path repoRoot) {
    String explicit = System.getenv(ENV_BINARY);
    if (explicit != null && !explicit.isBlank()) {
      Path path = Path.of(explicit);
      if (!Files.isExecutable(path)) {
        throw new LocalClusterException(
            ENV_BINARY + "=" + explicit + " is not an executable file; unset it to build one");
      }
      return path;
    }
    Path script = repoRoot.resolve("localcluster/build.sh");
    if (!Files.isExecutable(script)) {
      throw new LocalClusterException(
          "cannot build the local control plane: "
              + script
              + " not found (set nspool.repoRoot or run from the repository root)");
    }
    return build(script);
  }

  /** Runs build.sh, passing its progress through to stderr; its last stdout line is the path. */
  private static Path build(Path script) {
    try {
      Process process =
          new ProcessBuilder(script.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      List<String> lines = new ArrayList<>();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          lines.add(line);
        }
      }
      int exit = process.waitFor();
      if (exit != 0 || lines.isEmpty()) {
        throw new LocalClusterException(
            script + " failed with exit code " + exit + "; its output above says why");
      }
      return Path.of(lines.get(lines.size() - 1).trim());
    } catch (IOException e) {
      throw new LocalClusterException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalClusterException("interrupted while building the local control plane", e);
    }
  }
}
