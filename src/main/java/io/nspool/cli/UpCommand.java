package io.nspool.cli;

import io.nspool.localcluster.AlreadyRunningException;
import io.nspool.localcluster.KubeLocalBinary;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalClusterOptions;
import io.nspool.localcluster.StateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start the embedded local Kubernetes control plane (etcd, kube-apiserver with RBAC,"
          + " kube-controller-manager), built from Go modules on first use.",
      "",
      "In the foreground it runs until Ctrl-C. With --detach it returns once the API server is"
          + " ready and writes .nspool/local/env, to be sourced: `. .nspool/local/env`.",
      "Running it again while a cluster runs reports that cluster and starts nothing."
    })
final class UpCommand implements Callable<Integer> {
  @Mixin LocalOptions local;

  @Option(names = "--detach", description = "Return once ready; the cluster keeps running.")
  boolean detach;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "180",
      description =
          "How long the control plane may take to become ready (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    StateDir state = local.state();
    if (!LocalCluster.running(state).isEmpty()) {
      System.err.println(
          new AlreadyRunningException(state, LocalCluster.running(state)).getMessage());
      return 0;
    }
    Path binary = KubeLocalBinary.resolve(LocalOptions.repoRoot());
    LocalClusterOptions options =
        new LocalClusterOptions(
            state,
            binary,
            true,
            !detach,
            Duration.ofSeconds(timeoutSeconds),
            line -> System.err.println("==> " + line));
    LocalCluster cluster = LocalCluster.start(options);
    writeEnv(state, cluster);
    System.out.println("Local Kubernetes control plane is ready: " + cluster.server());
    System.out.println("  admin kubeconfig: " + cluster.adminKubeconfig());
    System.out.println("  logs:             " + state.root().resolve("logs"));
    System.out.println("  use it:           . " + state.env() + " && kubectl get namespaces");
    if (detach) {
      System.out.println("  stop it:          ./nspool down");
      return 0;
    }
    System.out.println("Press Ctrl-C to stop.");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("==> stopping the local cluster");
                  cluster.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  private static void writeEnv(StateDir state, LocalCluster cluster) throws IOException {
    String env =
        """
        # Written by `nspool up`; source it: . %s
        export KUBECONFIG=%s
        export PATH=%s:"$PATH"
        """
            .formatted(state.env(), cluster.adminKubeconfig(), state.bin());
    Files.writeString(state.env(), env);
  }
}
