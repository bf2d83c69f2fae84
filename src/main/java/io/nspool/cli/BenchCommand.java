package io.nspool.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.bench.ApiBenchmark;
import io.nspool.bench.BenchCluster;
import io.nspool.bench.ClaimBenchmark;
import io.nspool.bench.ColdStartBenchmark;
import io.nspool.bench.FailoverBenchmark;
import io.nspool.bench.InstallBenchmark;
import io.nspool.bench.WatchBenchmark;
import io.nspool.localcluster.LocalBinaries;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalClusterOptions;
import io.nspool.localcluster.StateDir;
import io.nspool.watch.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks on a fresh embedded local cluster; each prints a Markdown table.",
      "",
      "claims: claim latency and throughput at several concurrencies, next to a raw Namespace"
          + " PATCH and a raw Lease PATCH in the same run.",
      "install: the default chart installed by nspool, by the helm CLI (built from the same"
          + " Helm module, bench/build-helm.sh) and by kubectl apply, in the same run.",
      "api: deployment create through a real nspool server's REST API until its claim verdict,"
          + " next to a plain object create by the same identity, in the same run.",
      "cold-start: nspool server process start to /readyz and to the first claim, per pool size.",
      "failover: SIGKILL the leader of two server processes; time until the other reconciles.",
      "soak: replicas, continuous traffic, random leader kills, then nspool verify (scripts/soak).",
      "watch: nspool's watches of a pool (one JVM, one client) next to one kubectl watch process"
          + " per namespace (the way Airflow's KubernetesExecutor watches), while pods are busy.",
      "Results and how to read them: docs/benchmarks.md."
    },
    subcommands = {
      BenchCommand.Claims.class,
      BenchCommand.Install.class,
      BenchCommand.Api.class,
      BenchCommand.ColdStart.class,
      BenchCommand.Failover.class,
      BenchCommand.SoakRun.class,
      BenchCommand.Watch.class
    })
final class BenchCommand implements Runnable {
  @Override
  public void run() {
    System.err.println(
        "choose a benchmark: nspool bench claims|install|api|cold-start|failover|soak|watch");
  }

  @Command(name = "claims", mixinStandardHelpOptions = true, description = "Claim vs raw PATCH.")
  static final class Claims implements Callable<Integer> {
    @Option(
        names = "--pool-size",
        defaultValue = "500",
        description = "Namespaces in the pool (default: ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(
        names = "--claims",
        defaultValue = "400",
        description = "Claims (and PATCHes) per concurrency level (default: ${DEFAULT-VALUE}).")
    int claims;

    @Option(
        names = "--concurrency",
        split = ",",
        defaultValue = "1,8,32",
        description = "Concurrency levels (default: ${DEFAULT-VALUE}).")
    List<Integer> concurrency;

    @Override
    public Integer call() throws Exception {
      // The audit line of every claim would bury the table.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
      Path state = Files.createTempDirectory("nspool-bench-");
      LocalClusterOptions options =
          new LocalClusterOptions(
              new StateDir(state),
              LocalBinaries.kubeLocalOnly(LocalOptions.repoRoot()),
              false,
              true,
              LocalClusterOptions.DEFAULT_START_TIMEOUT,
              line -> System.err.println("==> " + line));
      try (LocalCluster cluster = LocalCluster.start(options);
          KubernetesClient admin = cluster.adminClient()) {
        new ClaimBenchmark(admin, System.out, poolSize, claims, concurrency).run();
      }
      return 0;
    }
  }

  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = "Chart install: nspool vs helm CLI vs kubectl apply.")
  static final class Install implements Callable<Integer> {
    @Option(
        names = "--rounds",
        defaultValue = "10",
        description = "Installs per path (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
      Path helm = HelmCli.resolve(LocalOptions.repoRoot());
      Path state = Files.createTempDirectory("nspool-bench-");
      LocalBinaries binaries = LocalBinaries.kubeLocalOnly(LocalOptions.repoRoot());
      Path kubeLocal = binaries.kubeLocal();
      LocalClusterOptions options =
          new LocalClusterOptions(
              new StateDir(state),
              binaries,
              false,
              true,
              LocalClusterOptions.DEFAULT_START_TIMEOUT,
              line -> System.err.println("==> " + line));
      try (LocalCluster cluster = LocalCluster.start(options);
          KubernetesClient admin = cluster.adminClient()) {
        new InstallBenchmark(admin, System.out, helm, kubeLocal, cluster.apiserverCa(), rounds)
            .run();
      }
      return 0;
    }
  }

  /** Starts a fresh embedded cluster for a benchmark that runs nspool server processes. */
  private static BenchCluster cluster() throws java.io.IOException {
    // The audit line of every claim would bury the table.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    if (System.getProperty("nspool.repoRoot") == null) {
      System.setProperty("nspool.repoRoot", LocalOptions.repoRoot().toString());
    }
    return BenchCluster.start(LocalOptions.repoRoot(), line -> System.err.println("==> " + line));
  }

  @Command(
      name = "api",
      mixinStandardHelpOptions = true,
      description = "Deployment create via the REST API until its claim verdict vs a plain create.")
  static final class Api implements Callable<Integer> {
    @Option(
        names = "--creates",
        defaultValue = "64",
        description =
            "Creates (and plain creates) per concurrency level (default: ${DEFAULT-VALUE}).")
    int creates;

    @Option(
        names = "--concurrency",
        split = ",",
        defaultValue = "1,8,32",
        description = "Concurrency levels (default: ${DEFAULT-VALUE}).")
    List<Integer> concurrency;

    @Option(
        names = "--burst",
        defaultValue = "64",
        description =
            "Creates released at once for the all-verdicts time (default: ${DEFAULT-VALUE}).")
    int burst;

    @Override
    public Integer call() throws Exception {
      try (BenchCluster cluster = cluster()) {
        new ApiBenchmark(cluster, System.out, creates, concurrency, burst).run();
      }
      return 0;
    }
  }

  @Command(
      name = "cold-start",
      mixinStandardHelpOptions = true,
      description = "nspool server start to /readyz and to the first claim, per pool size.")
  static final class ColdStart implements Callable<Integer> {
    @Option(
        names = "--pool-sizes",
        split = ",",
        defaultValue = "1000,5000",
        description = "Pool sizes, each its own installation (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(
        names = "--starts",
        defaultValue = "2",
        description =
            "Starts per size: the first after the install, then restarts (default: ${DEFAULT-VALUE}).")
    int starts;

    @Override
    public Integer call() throws Exception {
      try (BenchCluster cluster = cluster()) {
        new ColdStartBenchmark(cluster, System.out, sizes, starts).run();
      }
      return 0;
    }
  }

  @Command(
      name = "failover",
      mixinStandardHelpOptions = true,
      description = "SIGKILL the leader of two nspool servers; time until the other reconciles.")
  static final class Failover implements Callable<Integer> {
    @Option(
        names = "--rounds",
        defaultValue = "3",
        description = "Leader kills (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
      try (BenchCluster cluster = cluster()) {
        new FailoverBenchmark(cluster, System.out, rounds).run();
      }
      return 0;
    }
  }

  @Command(
      name = "soak",
      mixinStandardHelpOptions = true,
      description = {
        "Replicas of nspool server, continuous create/delete traffic through their APIs, the leader"
            + " killed (SIGKILL) at random moments; then waits for quiet and runs nspool verify.",
        "Exit 1 on any violation. Not for CI: scripts/soak runs it; docs/reliability.md has results."
      })
  static final class SoakRun implements Callable<Integer> {
    @Option(
        names = "--duration",
        defaultValue = "10m",
        converter = DurationConverter.class,
        description = "How long the traffic runs (default: ${DEFAULT-VALUE}).")
    java.time.Duration duration;

    @Option(
        names = "--replicas",
        defaultValue = "3",
        description = "nspool server replicas (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(
        names = "--pool-size",
        defaultValue = "20",
        description = "Namespaces in the pool (default: ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(
        names = "--clients",
        defaultValue = "4",
        description = "Concurrent API clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
        names = "--kill-every",
        defaultValue = "60s",
        converter = DurationConverter.class,
        description =
            "Mean time between leader kills, 0.5x to 1.5x at random (default: ${DEFAULT-VALUE}).")
    java.time.Duration killEvery;

    @Option(
        names = "--seed",
        description = "Random seed, to replay a run (default: the current time; it is printed).")
    Long seed;

    @Override
    public Integer call() throws Exception {
      long s = seed != null ? seed : System.currentTimeMillis();
      try (BenchCluster cluster = cluster()) {
        int violations =
            new io.nspool.bench.Soak(
                    cluster, System.out, duration, replicas, poolSize, clients, killEvery, s)
                .run();
        return violations == 0 ? 0 : 1;
      }
    }
  }

  @Command(
      name = "watch",
      mixinStandardHelpOptions = true,
      description = {
        "Watching a pool: memory, threads, TCP connections to the API server and pod-event"
            + " latency of nspool's watches, next to one `kubectl get pods --watch` process per"
            + " namespace, on the same cluster in the same run.",
        "One pod per namespace is stamped (an annotation PATCH) round-robin at --rate; latency is"
            + " from the PATCH to the watcher seeing it."
      })
  static final class Watch implements Callable<Integer> {
    @Option(
        names = "--pool-size",
        defaultValue = "1000",
        description = "Namespaces nspool watches (default: ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(
        names = "--baseline",
        defaultValue = "200",
        description =
            "Namespaces of the pool that also get a kubectl watch process each (default:"
                + " ${DEFAULT-VALUE}; 1000 of them, ~90 MiB each, do not fit a 24 GiB machine).")
    int baseline;

    @Option(
        names = "--busy",
        defaultValue = "60s",
        converter = DurationConverter.class,
        description = "How long pods are stamped (default: ${DEFAULT-VALUE}).")
    Duration busy;

    @Option(
        names = "--rate",
        defaultValue = "100",
        description = "Pod PATCHes per second, over all namespaces (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
        names = "--transports",
        split = ",",
        description =
            "HTTP transports of nspool's client to measure, each in its own JVM (default: the one"
                + " nspool uses; the baseline runs beside it). One of: vertx-ws, vertx-http, jdk-h2,"
                + " okhttp-h2; only those whose HTTP client is on the class path run.")
    List<String> transports;

    @Option(
        names = "--apiserver-flag",
        description =
            "An extra kube-apiserver flag for the benchmark's cluster, repeatable, e.g."
                + " --apiserver-flag=--http2-max-streams-per-connection=1000 (its default, 100"
                + " streams per HTTP/2 connection, decides how many connections nspool needs).")
    List<String> apiserverFlags;

    @Override
    public Integer call() throws Exception {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
      if (apiserverFlags != null) {
        System.setProperty(LocalCluster.EXTRA_APISERVER_FLAGS, String.join(" ", apiserverFlags));
      }
      List<Transport> chosen =
          transports == null || transports.isEmpty()
              ? List.of(Transport.CHOSEN)
              : transports.stream().map(Transport::of).toList();
      Path state = Files.createTempDirectory("nspool-bench-");
      LocalBinaries binaries = LocalBinaries.kubeLocalOnly(LocalOptions.repoRoot());
      LocalClusterOptions options =
          new LocalClusterOptions(
              new StateDir(state),
              binaries,
              false,
              true,
              LocalClusterOptions.DEFAULT_START_TIMEOUT,
              line -> System.err.println("==> " + line));
      try (LocalCluster cluster = LocalCluster.start(options);
          KubernetesClient admin = cluster.adminClient()) {
        new WatchBenchmark(
                admin,
                System.out,
                new WatchBenchmark.Settings(poolSize, baseline, busy, rate, chosen),
                binaries.kubeLocal(),
                cluster.apiserverCa())
            .run();
      }
      return 0;
    }
  }
}
