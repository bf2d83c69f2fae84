package io.nspool.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.api.ApiServer;
import io.nspool.auth.Role;
import io.nspool.auth.UserStore;
import io.nspool.controller.Controller;
import io.nspool.controller.ControllerConfig;
import io.nspool.install.InstallPlan;
import io.nspool.install.Installer;
import io.nspool.localcluster.ServiceAccountIdentity;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole product for a test: nspool installed (CRDs, control namespace, Roles, a pool of
 * pre-created namespaces) into the shared local cluster, its controller and REST server running as
 * nspool's ServiceAccount and an admin token. Deployments become Ready: the local cluster schedules
 * their pods onto its simulated nodes. Names carry a per-instance prefix so tests never meet.
 *
 * <pre>
 * try (RunningServer nspool = RunningServer.start(admin, "cli", 3)) {
 *   String url = nspool.url();            // http://127.0.0.1:PORT
 *   String token = nspool.adminToken();   // Authorization: Bearer ...
 * }
 * </pre>
 */
public final class RunningServer implements AutoCloseable {
  private static final AtomicInteger counter = new AtomicInteger();

  private final KubernetesClient admin;
  private final InstallPlan plan;
  private final KubernetesClient nspool;
  private final Controller controller;
  private final UserStore users;
  private final ApiServer server;
  private final String adminToken;

  private RunningServer(
      KubernetesClient admin, String label, int poolSize, java.nio.file.Path chartCache) {
    this.admin = admin;
    String prefix = label + "-s" + counter.incrementAndGet();
    this.plan =
        new InstallPlan(
            prefix + "-system",
            "nspool",
            "default",
            InstallPlan.numbered(prefix + "-pool", poolSize),
            "14d",
            false,
            io.nspool.pool.PodSecurityLevel.DEFAULT);
    Installer.apply(admin, plan, line -> {});
    ServiceAccountIdentity identity =
        new ServiceAccountIdentity(plan.controlNamespace(), plan.serviceAccount());
    this.nspool = identity.client(admin);
    ControllerConfig config = RunningController.testConfig(plan.controlNamespace(), identity);
    if (chartCache != null) {
      config = config.withChartCache(chartCache);
    }
    this.controller =
        new Controller(nspool, config, Controller.janitor(nspool, config), Clock.systemUTC())
            .start();
    this.users = new UserStore(nspool, plan.controlNamespace());
    this.server = new ApiServer(controller, users).start("127.0.0.1", 0);
    this.adminToken = users.create("admin", Role.ADMIN, List.of());
    org.awaitility.Awaitility.await()
        .atMost(RunningController.WAIT)
        .until(
            () ->
                controller
                    .pool(plan.pool())
                    .map(p -> p.getStatus() != null && p.getStatus().getFree() == poolSize)
                    .orElse(false));
  }

  /** Installs nspool with a pool of {@code poolSize} namespaces and starts it. */
  public static RunningServer start(KubernetesClient admin, String label, int poolSize) {
    return new RunningServer(admin, label, poolSize, null);
  }

  /** As {@link #start(KubernetesClient, String, int)}, keeping remote charts in {@code cache}. */
  public static RunningServer start(
      KubernetesClient admin, String label, int poolSize, java.nio.file.Path cache) {
    return new RunningServer(admin, label, poolSize, cache);
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  public String adminToken() {
    return adminToken;
  }

  /** A new user's token. */
  public String token(String name, Role role, List<String> workspaces) {
    return users.create(name, role, workspaces);
  }

  public InstallPlan plan() {
    return plan;
  }

  public Controller controller() {
    return controller;
  }

  public KubernetesClient admin() {
    return admin;
  }

  @Override
  public void close() {
    server.close();
    controller.close();
    users.close();
    nspool.close();
  }
}
