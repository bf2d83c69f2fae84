package io.nspool.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.auth.Role;
import io.nspool.auth.UserStore;
import io.nspool.controller.ControllerConfig;
import io.nspool.error.AlreadyExistsException;
import io.nspool.install.InstallPlan;
import io.nspool.install.Installer;
import io.nspool.localcluster.AlreadyRunningException;
import io.nspool.localcluster.Component;
import io.nspool.localcluster.LocalBinaries;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalClusterOptions;
import io.nspool.localcluster.ServiceAccountIdentity;
import io.nspool.localcluster.StateDir;
import io.nspool.pool.PodSecurityLevel;
import io.nspool.pool.PoolSpec;
import io.nspool.server.NspoolServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole product locally: the embedded Kubernetes cluster (etcd, kube-apiserver"
          + " with RBAC, kube-controller-manager, kube-scheduler and kwok's simulated nodes; built"
          + " from Go modules on first use), nspool"
          + " installed into it with a pool of namespaces, and nspool's server (API and web UI)"
          + " running as its namespace-scoped ServiceAccount. Prints the UI URL and an admin token.",
      "",
      "In the foreground it runs until Ctrl-C. With --detach it returns once everything is ready"
          + " and writes .nspool/local/env, to be sourced: `. .nspool/local/env` (exports"
          + " NSPOOL_SERVER, NSPOOL_TOKEN, KUBECONFIG). Running it again while it runs reports that"
          + " and starts nothing; `up --detach` after some of its processes died (or were killed)"
          + " starts just those again, with the same URL and token. `nspool status` shows each. Pods are scheduled onto simulated nodes and run there without"
          + " containers: Deployments become Ready and Jobs complete, but nothing logs."
    })
final class UpCommand implements Callable<Integer> {
  static final String CONTROL_NAMESPACE = "nspool-system";

  @Spec CommandSpec spec;
  @Mixin LocalOptions local;

  @Option(names = "--detach", description = "Return once ready; everything keeps running.")
  boolean detach;

  @Option(
      names = "--pool-size",
      defaultValue = "3",
      description = "Namespaces in the pool, tenant-1..N (default: ${DEFAULT-VALUE}).")
  int poolSize;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "180",
      description =
          "How long the control plane may take to become ready (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    if (poolSize < 1 || poolSize > PoolSpec.MAX_NAMESPACES) {
      throw new ParameterException(
          spec.commandLine(),
          "--pool-size " + poolSize + ": must be from 1 to " + PoolSpec.MAX_NAMESPACES);
    }
    StateDir state = local.state();
    List<Component> running = LocalCluster.runningComponents(state);
    if (running.size() == Component.values().length || (!running.isEmpty() && !detach)) {
      System.err.println(
          new AlreadyRunningException(state, LocalCluster.running(state)).getMessage());
      if (running.size() < Component.values().length) {
        System.err.println(
            "Some of its processes are not running: `nspool up --detach` restarts just those.");
      }
      return 0;
    }
    boolean serverRunning = running.contains(Component.NSPOOL_SERVER);
    if (!running.isEmpty()) {
      progress(
          "a local cluster runs from "
              + state.root()
              + " without "
              + java.util.Arrays.stream(Component.values())
                  .filter(c -> !running.contains(c))
                  .map(Component::role)
                  .collect(java.util.stream.Collectors.joining(", "))
              + ": starting just that");
    }
    LocalBinaries binaries = LocalBinaries.resolve(LocalOptions.repoRoot());
    LocalClusterOptions options =
        new LocalClusterOptions(
            state,
            binaries,
            true,
            !detach,
            Duration.ofSeconds(timeoutSeconds),
            UpCommand::progress);
    LocalCluster cluster =
        running.isEmpty() ? LocalCluster.start(options) : LocalCluster.startMissing(options);
    try (KubernetesClient admin = cluster.adminClient()) {
      InstallPlan plan =
          new InstallPlan(
              CONTROL_NAMESPACE,
              "nspool",
              "default",
              InstallPlan.numbered("tenant", poolSize),
              "14d",
              false,
              PodSecurityLevel.DEFAULT);
      Installer.apply(admin, plan, UpCommand::progress);
      ServiceAccountIdentity identity = new ServiceAccountIdentity(CONTROL_NAMESPACE, "nspool");
      // A week-long token: the local demo's server has no token file to re-read.
      Path nspoolKubeconfig =
          identity.writeKubeconfig(
              admin,
              state.root().resolve("nspool.kubeconfig"),
              cluster.apiserverCa(),
              Duration.ofDays(7));
      String token = adminToken(admin, state);
      String url = "http://127.0.0.1:" + cluster.nspoolPort();
      if (detach) {
        if (serverRunning) {
          progress("nspool server is still running");
        } else {
          progress("starting nspool server");
          cluster.startDetachedServer(
              List.of(
                  "--kubeconfig",
                  nspoolKubeconfig.toString(),
                  "--namespace",
                  CONTROL_NAMESPACE,
                  "--bind",
                  "127.0.0.1",
                  "--port",
                  String.valueOf(cluster.nspoolPort())),
              Duration.ofSeconds(timeoutSeconds));
        }
        awaitPool(admin, poolSize, Duration.ofSeconds(timeoutSeconds));
        cluster.detach();
        writeEnv(state, cluster, url, token);
        report(state, cluster, url, token);
        System.out.println("  stop it:       ./nspool down");
        return 0;
      }
      try (KubernetesClient nspool = identity.client(admin);
          NspoolServer server =
              NspoolServer.start(
                  nspool,
                  ControllerConfig.defaults(CONTROL_NAMESPACE, identity),
                  "127.0.0.1",
                  cluster.nspoolPort())) {
        awaitPool(admin, poolSize, Duration.ofSeconds(timeoutSeconds));
        writeEnv(state, cluster, url, token);
        report(state, cluster, url, token);
        System.out.println("Press Ctrl-C to stop.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      System.err.println("==> stopping");
                      server.close();
                      cluster.close();
                      stopped.countDown();
                    }));
        stopped.await();
      }
    }
    return 0;
  }

  /**
   * Ready means usable: the server answers once its caches are synced, and the pool's namespaces
   * join a moment later (each checked and handed over); "nspool is ready" waits for them too, so a
   * first `deployment create` finds a free namespace.
   */
  private static void awaitPool(KubernetesClient admin, int size, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    String last = "no status yet";
    while (Instant.now().isBefore(deadline)) {
      io.nspool.pool.NamespacePool pool =
          admin
              .resources(io.nspool.pool.NamespacePool.class)
              .inNamespace(CONTROL_NAMESPACE)
              .withName("default")
              .get();
      io.nspool.pool.PoolStatus status = pool == null ? null : pool.getStatus();
      if (status != null) {
        int joined =
            status.getFree()
                + status.getClaimed()
                + status.getRetained()
                + status.getCleaning()
                + status.getQuarantined()
                + status.getDraining();
        if (status.getTotal() == size && joined == size) {
          progress("pool default: " + status.getFree() + " of " + size + " namespaces free");
          return;
        }
        last = joined + " of " + size + " namespaces joined";
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(ExitCode.FAILURE, "interrupted waiting for the pool");
      }
    }
    throw new CliException(
        ExitCode.FAILURE,
        "the pool's namespaces did not join within "
            + timeout.toSeconds()
            + "s ("
            + last
            + "); see `nspool pool get default` and the server log");
  }

  /**
   * The local admin's API token: kept (owner-only) in the state folder so `up` after `down` prints
   * the same one; a new admin user is created when the token is lost.
   */
  private static String adminToken(KubernetesClient admin, StateDir state) throws IOException {
    Path file = state.root().resolve("admin-api.token");
    if (Files.exists(file)) {
      return Files.readString(file).trim();
    }
    try (UserStore users = new UserStore(admin, CONTROL_NAMESPACE)) {
      String token;
      try {
        token = users.create("admin", Role.ADMIN, List.of());
      } catch (AlreadyExistsException e) {
        token =
            users.create(
                "admin-" + Long.toString(System.currentTimeMillis(), 36), Role.ADMIN, List.of());
      }
      Files.writeString(file, token);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return token;
    }
  }

  private static void report(StateDir state, LocalCluster cluster, String url, String token) {
    System.out.println("nspool is ready.");
    System.out.println(
        "  web UI and API: " + url + "   (API docs: " + url + "/api/v1/openapi.json)");
    System.out.println("  admin token:    " + token);
    System.out.println("  kubeconfig:     " + cluster.adminKubeconfig() + " (Kubernetes admin)");
    System.out.println("  logs:           " + state.root().resolve("logs"));
    System.out.println(
        "  pod logs:       "
            + state.containerLogs()
            + " (every simulated container's log; append CRI lines to it)");
    System.out.println(
        "  use it:         . " + state.env() + " && ./nspool deployment create demo --wait");
  }

  private static void progress(String line) {
    System.err.println("==> " + line);
  }

  private static void writeEnv(StateDir state, LocalCluster cluster, String url, String token)
      throws IOException {
    String env =
        """
        # Written by `nspool up`; source it: . %s
        export KUBECONFIG=%s
        export NSPOOL_SERVER=%s
        export NSPOOL_TOKEN=%s
        export PATH=%s:"$PATH"
        """
            .formatted(state.env(), cluster.adminKubeconfig(), url, token, state.bin());
    Files.writeString(state.env(), env);
    Files.setPosixFilePermissions(state.env(), PosixFilePermissions.fromString("rw-------"));
  }
}
