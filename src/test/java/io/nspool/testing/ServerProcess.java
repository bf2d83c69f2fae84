package io.nspool.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.localcluster.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code nspool server} from the packaged jar in a process of its own, as nspool's ServiceAccount
 * on a {@link Testbed}: what a test kills with SIGKILL to crash nspool for real, Helm's in-process
 * Go code and all, which a controller inside the test JVM cannot be. Its output goes to {@code
 * target/it-logs/}.
 */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final Path kubeconfig;

  private ServerProcess(Process process, Path kubeconfig) {
    this.process = process;
    this.kubeconfig = kubeconfig;
  }

  public static ServerProcess start(LocalCluster cluster, KubernetesClient admin, Testbed bed) {
    return start(cluster, admin, bed.identity(), 0);
  }

  /**
   * {@code nspool server} as {@code identity} (a token of that ServiceAccount, from TokenRequest,
   * in a kubeconfig of its own) on {@code port} (0: any), its control namespace the identity's.
   */
  public static ServerProcess start(
      LocalCluster cluster,
      KubernetesClient admin,
      io.nspool.localcluster.ServiceAccountIdentity identity,
      int port) {
    Path root = Path.of(System.getProperty("nspool.repoRoot", "."));
    Path jar = root.resolve("target/nspool.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run the integration tests with verify");
    }
    try {
      Path kubeconfig = Files.createTempFile("nspool-server-", ".kubeconfig");
      identity.writeKubeconfig(admin, kubeconfig, cluster.apiserverCa(), Duration.ofMinutes(30));
      Path logs = Files.createDirectories(root.resolve("target/it-logs"));
      Path log = logs.resolve(identity.namespace() + "-server.log");
      Process process =
          new ProcessBuilder(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-Dnspool.repoRoot=" + root,
                      "-jar",
                      jar.toString(),
                      "server",
                      "--kubeconfig",
                      kubeconfig.toString(),
                      "--namespace",
                      identity.namespace(),
                      "--service-account",
                      identity.name(),
                      "--bind",
                      "127.0.0.1",
                      "--port",
                      String.valueOf(port)))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      return new ServerProcess(process, kubeconfig);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start nspool server", e);
    }
  }

  /** SIGKILL: no shutdown hook runs, Helm stops wherever it was. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("nspool server " + process.pid() + " survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
    try {
      Files.deleteIfExists(kubeconfig);
    } catch (IOException ignored) {
      // a temp file with a token that expires
    }
  }
}
