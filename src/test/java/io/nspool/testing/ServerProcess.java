package io.nspool.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.fault.CrashPoints;
import io.nspool.localcluster.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code nspool server} from the packaged jar in a process of its own, as nspool's ServiceAccount
 * on a {@link Testbed}: what a test kills with SIGKILL to crash nspool for real, Helm's in-process
 * Go code and all, which a controller inside the test JVM cannot be. Its output goes to {@code
 * target/it-logs/}. Started with a crash point ({@link #start(LocalCluster, KubernetesClient,
 * Testbed, String)}), it halts itself there.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern RUNNING =
      Pattern.compile("nspool server running: http://[^:]+:(\\d+)");
  private static final Pattern CRASHED = Pattern.compile("nspool: crash point (\\S+) reached");
  private static final AtomicInteger counter = new AtomicInteger();

  private final Process process;
  private final Path kubeconfig;
  private final Path log;
  private final long logStart;

  private ServerProcess(Process process, Path kubeconfig, Path log, long logStart) {
    this.process = process;
    this.kubeconfig = kubeconfig;
    this.log = log;
    this.logStart = logStart;
  }

  public static ServerProcess start(LocalCluster cluster, KubernetesClient admin, Testbed bed) {
    return start(cluster, admin, bed.identity(), 0, null);
  }

  /**
   * @param crashAt {@code NSPOOL_CRASH_AT} for the process ({@code name[:nth]}), or null for none
   */
  public static ServerProcess start(
      LocalCluster cluster, KubernetesClient admin, Testbed bed, String crashAt) {
    return start(cluster, admin, bed.identity(), 0, crashAt);
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
    return start(cluster, admin, identity, port, null);
  }

  /** As above, armed with the crash point {@code crashAt} (null: none). */
  public static ServerProcess start(
      LocalCluster cluster,
      KubernetesClient admin,
      io.nspool.localcluster.ServiceAccountIdentity identity,
      int port,
      String crashAt) {
    return start(cluster, admin, identity, port, crashAt, List.of(), List.of());
  }

  /**
   * As above, with extra options for the server's JVM (e.g. {@code
   * -Dorg.slf4j.simpleLogger.log.NAME=debug}, to see in its log what a library does) and extra
   * arguments after the server's own (e.g. a shorter leader Lease).
   */
  public static ServerProcess start(
      LocalCluster cluster,
      KubernetesClient admin,
      io.nspool.localcluster.ServiceAccountIdentity identity,
      int port,
      String crashAt,
      List<String> jvmOptions,
      List<String> serverArgs) {
    Path root = Path.of(System.getProperty("nspool.repoRoot", "."));
    Path jar = root.resolve("target/nspool.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run the integration tests with verify");
    }
    try {
      Path kubeconfig = Files.createTempFile("nspool-server-", ".kubeconfig");
      identity.writeKubeconfig(admin, kubeconfig, cluster.apiserverCa(), Duration.ofMinutes(30));
      Path logs = Files.createDirectories(root.resolve("target/it-logs"));
      int n = counter.incrementAndGet();
      // One log per process, so what one printed (its port, its crash) is never another's.
      Path log = logs.resolve(identity.namespace() + "-server-" + n + ".log");
      long logStart = Files.exists(log) ? Files.size(log) : 0;
      String header =
          "==== server process "
              + n
              + " started "
              + Instant.now()
              + (crashAt == null ? "" : " NSPOOL_CRASH_AT=" + crashAt)
              + "\n";
      Files.writeString(
          log,
          header,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      List<String> command = new java.util.ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-XX:TieredStopAtLevel=1");
      command.add("-Dnspool.repoRoot=" + root);
      command.addAll(jvmOptions);
      command.addAll(
          List.of(
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
              String.valueOf(port)));
      command.addAll(serverArgs);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Map<String, String> env = builder.environment();
      env.remove("NSPOOL_CRASH_AT");
      if (crashAt != null) {
        env.put("NSPOOL_CRASH_AT", crashAt);
      }
      return new ServerProcess(builder.start(), kubeconfig, log, logStart + header.length());
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

  public long pid() {
    return process.pid();
  }

  /** The exit code once it has exited, empty while it runs. */
  public Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  /** The crash point this process halted at, if it did. */
  public Optional<String> crashedAt() {
    if (process.isAlive() || process.exitValue() != CrashPoints.EXIT_CODE) {
      return Optional.empty();
    }
    Matcher m = CRASHED.matcher(output());
    String point = null;
    while (m.find()) {
      point = m.group(1);
    }
    return Optional.ofNullable(point);
  }

  /** The port of its REST API, once it serves (waits up to {@code within}). */
  public int awaitPort(Duration within) {
    Instant deadline = Instant.now().plus(within);
    while (Instant.now().isBefore(deadline)) {
      Matcher m = RUNNING.matcher(output());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "nspool server exited with " + process.exitValue() + " before serving:\n" + output());
      }
      sleep(100);
    }
    throw new IllegalStateException("nspool server did not serve within " + within);
  }

  /** Whether this process has acquired the leader Lease (it says so in its log). */
  public boolean acquiredLeadership() {
    return output().contains("/nspool-leader) acquired by");
  }

  /** What this process printed so far. */
  public String output() {
    try {
      byte[] all = Files.readAllBytes(log);
      int from = (int) Math.min(logStart, all.length);
      return new String(all, from, all.length - from, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
