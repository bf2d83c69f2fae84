package io.nspool.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.bench.ClaimBenchmark;
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
      "watch: nspool's watches of a pool (one JVM, one client) next to one kubectl watch process"
          + " per namespace (the way Airflow's KubernetesExecutor watches), while pods are busy.",
      "Results and how to read them: docs/benchmarks.md."
    },
    subcommands = {BenchCommand.Claims.class, BenchCommand.Install.class, BenchCommand.Watch.class})
final class BenchCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("choose a benchmark: nspool bench claims|install|watch");
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
