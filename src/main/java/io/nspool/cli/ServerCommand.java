package io.nspool.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.controller.ControllerConfig;
import io.nspool.localcluster.ServiceAccountIdentity;
import io.nspool.server.NspoolServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run nspool: the controller (claims, releases, Helm installs, retention, scrubbing,"
          + " quarantine) and the REST API with the web UI, until SIGTERM or Ctrl-C.",
      "",
      "It acts as whatever identity its kubeconfig holds (in a cluster: its ServiceAccount) and"
          + " needs only the Roles `nspool install` creates: one in the control namespace, one in"
          + " each pool namespace."
    })
final class ServerCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--bind",
      defaultValue = "0.0.0.0",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port of the API and UI (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--resync",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description =
          "How often every pool and deployment is reconciled without a change (default:"
              + " ${DEFAULT-VALUE}). Only a safety net: events and the moments reconcilers"
              + " schedule (retention ends, retries, health re-checks) drive the work.")
  Duration resync;

  @Option(
      names = "--reconcile-workers",
      defaultValue = "" + io.nspool.controller.ControllerConfig.DEFAULT_WORKERS,
      description =
          "How many pools and deployments are reconciled in parallel; one object is never"
              + " reconciled twice at once (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--leader-lease-duration",
      defaultValue = "15s",
      converter = DurationConverter.class,
      description =
          "How long the leader Lease stays a replica's after it stopped renewing it: the time"
              + " a crashed leader's work waits before another replica takes over (a leader that"
              + " stops cleanly hands over at once). The leader renews it every 2/15 of this and"
              + " gives up leading after 2/3 of it without a renewal. At least 3s (default:"
              + " ${DEFAULT-VALUE}).")
  Duration leaderLease;

  @Option(
      names = "--chart-cache",
      paramLabel = "DIR",
      description =
          "Where charts fetched from Helm repositories and OCI registries are kept, one .tgz per"
              + " sha256 digest, never downloaded twice (default: nspool-charts in the temp"
              + " folder, ${sys:java.io.tmpdir}).")
  Path chartCache;

  @Override
  public Integer call() throws Exception {
    if (workers < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--reconcile-workers: must be at least 1, got " + workers);
    }
    io.nspool.controller.Leadership.Timing leaderTiming;
    try {
      leaderTiming = io.nspool.controller.Leadership.Timing.forLease(leaderLease);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--leader-lease-duration: " + e.getMessage());
    }
    // Read once, before anything runs: a misspelt crash point fails the start, not a claim.
    String crashAt = io.nspool.fault.CrashPoints.armed();
    if (crashAt != null) {
      System.err.println("nspool server: test crash point armed: " + crashAt);
    }
    KubernetesClient client = cluster.client();
    NspoolServer server =
        NspoolServer.start(
            client,
            ControllerConfig.defaults(
                    cluster.namespace,
                    new ServiceAccountIdentity(cluster.namespace, cluster.serviceAccount))
                .withResync(resync)
                .withWorkers(workers)
                .withLeaderElection(leaderTiming)
                .withChartCache(
                    chartCache != null ? chartCache : io.nspool.chart.ChartCache.defaultDir()),
            bind,
            port);
    // A deposed leader's Helm operation must not outlive its leadership (the next leader heals a
    // release it finds pending): exit, and let Kubernetes (or nspool up --detach) restart this
    // replica as a follower, as the Java Operator SDK does.
    server
        .controller()
        .onLeadershipLost(
            () -> {
              System.err.println(
                  "nspool server: lost the leader Lease; exiting so a restart rejoins as a"
                      + " follower");
              System.exit(1);
            });
    System.err.println(
        "nspool server running: http://"
            + bind
            + ":"
            + server.port()
            + " (control namespace "
            + cluster.namespace
            + ")");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  client.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  static Config config(Path kubeconfig) throws java.io.IOException {
    return kubeconfig == null
        ? Config.autoConfigure(null)
        : Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
  }
}
