package io.nspool.deploy;

import static io.nspool.deploy.DeploymentLifecycleIT.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.ReleaseHistory;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolSpec;
import io.nspool.testing.RunningController;
import io.nspool.testing.ServerProcess;
import io.nspool.testing.Testbed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * nspool's server is killed (SIGKILL, a process of its own) while Helm waits on a hook whose pod
 * cannot be scheduled, leaving the release pending; the hook's cause then goes away, and nspool,
 * started again, must heal the release instead of failing with "another operation
 * (install/upgrade/rollback) is in progress" for ever.
 */
@LocalKubernetes
@DisplayName("A release interrupted by a crash of nspool")
class InterruptedReleaseIT {
  private static final Path CHART = Path.of("src/test/resources/charts/slow-hook").toAbsolutePath();
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String RELEASE = "t";

  @Test
  @DisplayName(
      "left pending-install is uninstalled and installed again after a restart: Ready, one deployed revision, one set of objects")
  void interruptedInstallIsInstalledAgain(LocalCluster cluster, KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "crash-install");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    createPool(admin, bed, ns);
    try (ServerProcess first = ServerProcess.start(cluster, admin, bed)) {
      awaitFree(admin, bed, ns);
      holdHooks(admin, ns);
      createDeployment(bed, ns);
      awaitHelmWaitingOnHook(admin, ns, 1, "pending-install");
      first.kill();
    }
    releaseHooks(admin, ns);

    try (RunningController nspool = new RunningController(bed, admin)) {
      awaitReady(nspool);

      TenantDeployment d = nspool.deployment(RELEASE);
      assertThat(d.getStatus().getRelease().getRevision()).isEqualTo(1);
      assertThat(condition(d, "Installed").getMessage())
          .contains("revision 1 was left pending-install")
          .contains("uninstalled it and installed again");
      assertThat(history(admin, bed, ns))
          .extracting(ReleaseHistory::getRevision, ReleaseHistory::getStatus)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "deployed"));
      assertOneReleaseAndSettled(nspool, admin, ns, 1);
    }
  }

  @Test
  @DisplayName(
      "left pending-upgrade is marked failed after a restart and the upgrade goes on from the deployed revision: Ready, history superseded, failed, deployed")
  void interruptedUpgradeIsMarkedFailed(LocalCluster cluster, KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "crash-upgrade");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    createPool(admin, bed, ns);
    try (ServerProcess first = ServerProcess.start(cluster, admin, bed)) {
      awaitFree(admin, bed, ns);
      createDeployment(bed, ns);
      await()
          .atMost(WAIT)
          .until(() -> "Ready".equals(phase(admin, bed)) && revision(admin, bed) == 1);
      holdHooks(admin, ns);
      try (KubernetesClient nspool = bed.nspoolClient()) {
        io.nspool.api.Conflicts.retry(
            () ->
                nspool
                    .resources(TenantDeployment.class)
                    .inNamespace(bed.controlNamespace())
                    .withName(RELEASE)
                    .edit(
                        x -> {
                          x.getSpec().setValues(Map.of("step", 2));
                          return x;
                        }));
      }
      awaitHelmWaitingOnHook(admin, ns, 2, "pending-upgrade");
      first.kill();
    }
    releaseHooks(admin, ns);

    try (RunningController nspool = new RunningController(bed, admin)) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                TenantDeployment d = nspool.deployment(RELEASE);
                assertThat(d.getStatus().getPhase())
                    .as("%s", d.getStatus().getConditions())
                    .isEqualTo("Ready");
                assertThat(d.getStatus().getRelease().getRevision()).isEqualTo(3);
              });

      assertThat(condition(nspool.deployment(RELEASE), "Installed").getMessage())
          .contains("revision 2 was left pending-upgrade")
          .contains("marked it failed and upgraded from revision 1");
      List<ReleaseHistory> history = history(admin, bed, ns);
      assertThat(history)
          .extracting(ReleaseHistory::getRevision, ReleaseHistory::getStatus)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(1, "superseded"),
              org.assertj.core.groups.Tuple.tuple(2, "failed"),
              org.assertj.core.groups.Tuple.tuple(3, "deployed"));
      assertThat(history.get(1).getDescription()).contains("Interrupted").contains("nspool");
      assertThat(
              admin
                  .apps()
                  .deployments()
                  .inNamespace(ns)
                  .withName(RELEASE + "-app")
                  .get()
                  .getMetadata()
                  .getAnnotations())
          .containsEntry("nspool.io/step", "2");
      assertOneReleaseAndSettled(nspool, admin, ns, 3);
    }
  }

  /** Helm wrote the pending revision and waits on the hook Job, whose pod cannot be scheduled. */
  private static void awaitHelmWaitingOnHook(
      KubernetesClient admin, String ns, int revision, String status) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Secret record =
                  admin
                      .secrets()
                      .inNamespace(ns)
                      .withName("sh.helm.release.v1." + RELEASE + ".v" + revision)
                      .get();
              Job hook =
                  admin.batch().v1().jobs().inNamespace(ns).withName(RELEASE + "-hook").get();
              return record != null
                  && status.equals(record.getMetadata().getLabels().get("status"))
                  && hook != null
                  && hook.getStatus() != null
                  && Integer.valueOf(1).equals(hook.getStatus().getActive());
            });
  }

  /**
   * Exactly one release record set and one copy of its objects, and a few resyncs later still the
   * same revisions: no further recovery or upgrade.
   */
  private static void assertOneReleaseAndSettled(
      RunningController nspool, KubernetesClient admin, String ns, int revisions) {
    assertThat(
            admin.secrets().inNamespace(ns).withLabels(Map.of("owner", "helm")).list().getItems())
        .extracting(s -> s.getMetadata().getLabels().get("name"))
        .containsOnly(RELEASE)
        .hasSize(revisions);
    assertThat(admin.apps().deployments().inNamespace(ns).list().getItems())
        .extracting(x -> x.getMetadata().getName())
        .containsExactly(RELEASE + "-app");
    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                new Commander(nspool.nspool()).history(ns, RELEASE).size() == revisions
                    && "Ready".equals(nspool.deployment(RELEASE).getStatus().getPhase()));
  }

  private static void awaitReady(RunningController nspool) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              TenantDeployment d = nspool.deployment(RELEASE);
              assertThat(d.getStatus().getPhase())
                  .as("%s", d.getStatus().getConditions())
                  .isEqualTo("Ready");
            });
  }

  private static void createPool(KubernetesClient admin, Testbed bed, String ns) {
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName("p");
    pool.getMetadata().setNamespace(bed.controlNamespace());
    PoolSpec spec = new PoolSpec();
    spec.setNamespaces(new java.util.ArrayList<>(List.of(ns)));
    spec.setCharts(
        new java.util.ArrayList<>(
            List.of(io.nspool.chart.ChartEntry.path("test", CHART.toString()))));
    pool.setSpec(spec);
    admin.resource(pool).create();
  }

  /** Free once the first server has checked the namespace (which scrubs anything left in it). */
  private static void awaitFree(KubernetesClient admin, Testbed bed, String ns) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              NamespacePool p =
                  admin
                      .resources(NamespacePool.class)
                      .inNamespace(bed.controlNamespace())
                      .withName("p")
                      .get();
              return p != null
                  && p.getStatus() != null
                  && p.getStatus().getNamespaces().stream()
                      .anyMatch(n -> n.getName().equals(ns) && "free".equals(n.getState()));
            });
  }

  private static void createDeployment(Testbed bed, String ns) {
    TenantDeployment d = new TenantDeployment();
    d.getMetadata().setName(RELEASE);
    d.getMetadata().setNamespace(bed.controlNamespace());
    DeploymentSpec spec = new DeploymentSpec();
    spec.setPool("p");
    spec.setNamespace(ns);
    d.setSpec(spec);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      nspool.resource(d).create();
    }
  }

  private static String phase(KubernetesClient admin, Testbed bed) {
    TenantDeployment d = get(admin, bed);
    return d == null || d.getStatus() == null ? null : d.getStatus().getPhase();
  }

  private static int revision(KubernetesClient admin, Testbed bed) {
    TenantDeployment d = get(admin, bed);
    return d == null || d.getStatus() == null || d.getStatus().getRelease() == null
        ? 0
        : d.getStatus().getRelease().getRevision() == null
            ? 0
            : d.getStatus().getRelease().getRevision();
  }

  private static TenantDeployment get(KubernetesClient admin, Testbed bed) {
    return admin
        .resources(TenantDeployment.class)
        .inNamespace(bed.controlNamespace())
        .withName(RELEASE)
        .get();
  }

  /** As the admin, with the installer of {@code ns} (of the bed's control namespace) for Helm. */
  private static List<ReleaseHistory> history(KubernetesClient admin, Testbed bed, String ns) {
    return new Commander(admin, bed.controlNamespace()).history(ns, RELEASE);
  }

  /** While it exists the chart's hook pod asks for 64 CPUs: Helm waits on it. */
  private static void holdHooks(KubernetesClient admin, String ns) {
    admin
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(RELEASE + "-hold-hooks")
                .endMetadata()
                .build())
        .create();
  }

  private static void releaseHooks(KubernetesClient admin, String ns) {
    admin.configMaps().inNamespace(ns).withName(RELEASE + "-hold-hooks").delete();
  }
}
