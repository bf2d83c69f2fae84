package io.nspool.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.api.Conflicts;
import io.nspool.claim.ClaimState;
import io.nspool.controller.Controller;
import io.nspool.controller.ControllerConfig;
import io.nspool.deploy.DeploymentSpec;
import io.nspool.deploy.TenantDeployment;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolNamespace;
import io.nspool.pool.PoolSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * nspool's controller running as its ServiceAccount on a {@link Testbed}, with timings short enough
 * for tests, plus the steps tests take as a tenant or an admin.
 */
public final class RunningController implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(60);

  private final Testbed bed;
  private final KubernetesClient admin;
  private final KubernetesClient nspool;
  private final Controller controller;

  public RunningController(Testbed bed, KubernetesClient admin) {
    this(bed, admin, testConfig(bed.controlNamespace(), bed.identity()));
  }

  /** With other timings, e.g. a resync too long to matter, to prove events drive something. */
  public RunningController(Testbed bed, KubernetesClient admin, ControllerConfig config) {
    this.bed = bed;
    this.admin = admin;
    this.nspool = bed.nspoolClient();
    this.controller =
        new Controller(nspool, config, Controller.janitor(nspool, config), Clock.systemUTC())
            .start();
  }

  /**
   * Timings short enough for tests: orphan grace 3s, retries after 1-2s. The resync (30s) is longer
   * than most tests wait for anything, so what they see is driven by events and by the timed
   * requeues reconcilers ask for, as in production, not by the safety net.
   */
  public static ControllerConfig testConfig(
      String controlNamespace, io.nspool.localcluster.ServiceAccountIdentity identity) {
    return new ControllerConfig(
        controlNamespace,
        identity,
        Duration.ofSeconds(30),
        Duration.ofSeconds(3),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(1),
        io.nspool.chart.ChartCache.defaultDir(),
        new io.nspool.controller.Leadership.Timing(
            Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(500)));
  }

  public KubernetesClient nspool() {
    return nspool;
  }

  public Controller controller() {
    return controller;
  }

  public NamespacePool createPool(
      String name, List<String> namespaces, String retention, boolean hardDelete) {
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName(name);
    pool.getMetadata().setNamespace(bed.controlNamespace());
    PoolSpec spec = new PoolSpec();
    spec.setNamespaces(new java.util.ArrayList<>(namespaces));
    spec.setRetention(retention);
    spec.setHardDelete(hardDelete);
    pool.setSpec(spec);
    return admin.resource(pool).create();
  }

  /** Creates the pool and waits until every one of its namespaces is free. */
  public NamespacePool createPoolAndAwaitFree(
      String name, List<String> namespaces, String retention, boolean hardDelete) {
    NamespacePool pool = createPool(name, namespaces, retention, hardDelete);
    namespaces.forEach(ns -> awaitState(name, ns, ClaimState.FREE));
    return pool;
  }

  /**
   * Sets the pool's chart catalogue and waits until the controller's cache holds it, so a
   * deployment created next is reconciled against it.
   */
  public void setCharts(String pool, io.nspool.chart.ChartEntry... entries) {
    List<String> names = java.util.Arrays.stream(entries).map(e -> e.getName()).toList();
    editPool(pool, spec -> spec.setCharts(new java.util.ArrayList<>(List.of(entries))));
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                controller
                    .pool(pool)
                    .map(
                        p ->
                            p.getSpec().getCharts().stream()
                                .map(e -> e.getName())
                                .toList()
                                .equals(names))
                    .orElse(false));
  }

  public void editPool(String name, java.util.function.Consumer<PoolSpec> change) {
    Conflicts.retry(
        () ->
            admin
                .resources(NamespacePool.class)
                .inNamespace(bed.controlNamespace())
                .withName(name)
                .edit(
                    p -> {
                      change.accept(p.getSpec());
                      return p;
                    }));
  }

  /** Created the way the REST API will create it: by nspool's identity. */
  public TenantDeployment createDeployment(String name, String pool, String namespace) {
    return createDeployment(name, pool, namespace, null);
  }

  /**
   * As {@link #createDeployment(String, String, String)}, with a chart of the pool's catalogue by
   * name (or null: the default).
   */
  public TenantDeployment createDeployment(
      String name, String pool, String namespace, String chart) {
    TenantDeployment d = new TenantDeployment();
    d.getMetadata().setName(name);
    d.getMetadata().setNamespace(bed.controlNamespace());
    DeploymentSpec spec = new DeploymentSpec();
    spec.setPool(pool);
    spec.setNamespace(namespace);
    spec.setWorkspace("team-a");
    spec.setChart(chart);
    d.setSpec(spec);
    return nspool.resource(d).create();
  }

  public void setRetained(String name, boolean retained) {
    Conflicts.retry(
        () ->
            nspool
                .resources(TenantDeployment.class)
                .inNamespace(bed.controlNamespace())
                .withName(name)
                .edit(
                    d -> {
                      d.getSpec().setRetained(retained);
                      return d;
                    }));
  }

  public void deleteDeployment(String name) {
    nspool
        .resources(TenantDeployment.class)
        .inNamespace(bed.controlNamespace())
        .withName(name)
        .delete();
  }

  public TenantDeployment deployment(String name) {
    return admin
        .resources(TenantDeployment.class)
        .inNamespace(bed.controlNamespace())
        .withName(name)
        .get();
  }

  public NamespacePool pool(String name) {
    return admin
        .resources(NamespacePool.class)
        .inNamespace(bed.controlNamespace())
        .withName(name)
        .get();
  }

  public Optional<PoolNamespace> poolEntry(String pool, String namespace) {
    NamespacePool p = pool(pool);
    if (p == null || p.getStatus() == null) {
      return Optional.empty();
    }
    return p.getStatus().getNamespaces().stream()
        .filter(n -> n.getName().equals(namespace))
        .findFirst();
  }

  /** Waits until the pool's status shows the namespace in the given state. */
  public PoolNamespace awaitState(String pool, String namespace, ClaimState state) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                poolEntry(pool, namespace)
                    .map(e -> e.getState().equals(state.wireName()))
                    .orElse(false));
    return poolEntry(pool, namespace).orElseThrow();
  }

  /** Waits until the deployment's status names a namespace, and returns it. */
  public String awaitNamespace(String deployment) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              TenantDeployment d = deployment(deployment);
              return d != null && d.getStatus() != null && d.getStatus().getNamespace() != null;
            });
    return deployment(deployment).getStatus().getNamespace();
  }

  /** Leaves something of the tenant in a namespace, as a chart or a user would. */
  public void leaveTenantData(String namespace, String name) {
    admin
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withData(Map.of("owner", "tenant"))
                .build())
        .create();
  }

  @Override
  public void close() {
    controller.close();
    nspool.close();
  }
}
