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
 * The local cluster's binaries: {@code kube-local} (etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler and kubectl in one) and {@code kwok} (simulated nodes and pod lifecycle), built by
 * {@code localcluster/build.sh} from the Go modules in {@code localcluster/} when the cache is
 * cold.
 *
 * <p>{@code NSPOOL_KUBE_LOCAL} and {@code NSPOOL_KWOK} point at prebuilt binaries and skip their
 * build step.
 *
 * @param kubeLocal the kube-local binary
 * @param kwok the kwok binary, null where only the API server is wanted ({@link #kubeLocalOnly})
 */
public record LocalBinaries(Path kubeLocal, Path kwok) {
  public static final String ENV_KUBE_LOCAL = "NSPOOL_KUBE_LOCAL";
  public static final String ENV_KWOK = "NSPOOL_KWOK";
  public static final String ENV_REGISTRY = "NSPOOL_REGISTRY";

  /** Both binaries, building what is missing. */
  public static LocalBinaries resolve(Path repoRoot) {
    Path kubeLocal = explicit(ENV_KUBE_LOCAL);
    Path kwok = explicit(ENV_KWOK);
    // Each by name, not "all": that also builds the test registry, which nspool up never needs.
    return new LocalBinaries(
        kubeLocal != null ? kubeLocal : build(repoRoot, "kube-local").get(0),
        kwok != null ? kwok : build(repoRoot, "kwok").get(0));
  }

  /** kube-local alone (kubectl, the API-server-only benchmarks), building it if missing. */
  public static LocalBinaries kubeLocalOnly(Path repoRoot) {
    Path kubeLocal = explicit(ENV_KUBE_LOCAL);
    return new LocalBinaries(
        kubeLocal != null ? kubeLocal : build(repoRoot, "kube-local").get(0), null);
  }

  /**
   * The OCI registry the chart tests push to (CNCF Distribution, {@code localcluster/registry/}),
   * building it if missing; {@code NSPOOL_REGISTRY} points at a prebuilt one.
   */
  public static Path registry(Path repoRoot) {
    Path registry = explicit(ENV_REGISTRY);
    return registry != null ? registry : build(repoRoot, "registry").get(0);
  }

  private static Path explicit(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      return null;
    }
    Path path = Path.of(value);
    if (!Files.isExecutable(path)) {
      throw new LocalClusterException(
          variable + "=" + value + " is not an executable file; unset it to build one");
    }
    return path;
  }

  /** Runs build.sh, passing its progress through to stderr; it prints one path a line. */
  private static List<Path> build(Path repoRoot, String what) {
    Path script = repoRoot.resolve("localcluster/build.sh");
    if (!Files.isExecutable(script)) {
      throw new LocalClusterException(
          "cannot build the local control plane: "
              + script
              + " not found (set nspool.repoRoot or run from the repository root)");
    }
    try {
      Process process =
          new ProcessBuilder(script.toString(), what)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      List<Path> paths = new ArrayList<>();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (!line.isBlank()) {
            paths.add(Path.of(line.trim()));
          }
        }
      }
      int exit = process.waitFor();
      int expected = 1;
      if (exit != 0 || paths.size() != expected) {
        throw new LocalClusterException(
            script + " " + what + " failed with exit code " + exit + "; its output above says why");
      }
      return paths;
    } catch (IOException e) {
      throw new LocalClusterException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalClusterException("interrupted while building the local control plane", e);
    }
  }
}
