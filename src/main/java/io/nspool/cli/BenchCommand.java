package io.nspool.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.bench.ClaimBenchmark;
import io.nspool.bench.InstallBenchmark;
import io.nspool.localcluster.LocalBinaries;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalClusterOptions;
import io.nspool.localcluster.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
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
      "Results and how to read them: docs/benchmarks.md."
    },
    subcommands = {BenchCommand.Claims.class, BenchCommand.Install.class})
final class BenchCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("choose a benchmark: nspool bench claims");
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
}
