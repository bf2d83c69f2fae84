package io.nspool.deploy;

import static io.nspool.deploy.DeploymentLifecycleIT.condition;
import static io.nspool.deploy.DeploymentLifecycleIT.editDeployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A release is all or nothing: the hooked chart's post-install/post-upgrade Job fails on the local
 * cluster when {@code failMigration} is set, and nspool undoes what the failure left behind.
 */
@LocalKubernetes
@DisplayName("An atomic release")
class AtomicReleaseIT {
  private static final Path HOOKED = Path.of("src/test/resources/charts/hooked").toAbsolutePath();
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  @DisplayName(
      "whose first install's hook fails is uninstalled: no Deployment runs, the condition names the hook failure and the uninstall")
  void failedInstallIsUninstalled(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "atomic-install");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", List.of(ns), "10m", false);
      nspool.setCharts("p", io.nspool.chart.ChartEntry.path("hooked", HOOKED.toString()));
      create(nspool, bed, ns, Map.of("failMigration", true));

      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                TenantDeployment d = nspool.deployment("t");
                assertThat(d.getStatus().getPhase()).isEqualTo("Failed");
                assertThat(condition(d, "Installed").getMessage())
                    .contains("post-install")
                    .contains("BackoffLimitExceeded")
                    .contains("the failed install was uninstalled; retrying in");
              });
      assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
      assertThat(records(admin, ns)).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "whose upgrade's hook fails rolls back to the previous values at a new revision, says so, and keeps at most 10 records however often it retries")
  void failedUpgradeIsRolledBack(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "atomic-upgrade");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", List.of(ns), "10m", false);
      nspool.setCharts("p", io.nspool.chart.ChartEntry.path("hooked", HOOKED.toString()));
      create(nspool, bed, ns, Map.of("replicas", 1));
      DeploymentLifecycleIT.awaitPhase(nspool, "t", "Ready");
      assertThat(nspool.deployment("t").getStatus().getRelease().getRevision()).isEqualTo(1);

      editDeployment(
          nspool, "t", d -> d.getSpec().setValues(Map.of("replicas", 2, "failMigration", true)));

      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                TenantDeployment d = nspool.deployment("t");
                assertThat(d.getStatus().getPhase()).isEqualTo("Failed");
                assertThat(d.getStatus().getRelease().getRevision()).isEqualTo(3);
                assertThat(condition(d, "Installed").getMessage())
                    .contains("post-upgrade")
                    .contains("rolled back: revision 3 now serves the values of revision 1")
                    .contains("retrying in");
              });
      assertThat(record(admin, ns, 3).getMetadata().getLabels())
          .containsEntry("status", "deployed");
      assertThat(
              admin
                  .apps()
                  .deployments()
                  .inNamespace(ns)
                  .withName("t-web")
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(1);

      // Every retry fails and rolls back again (two revisions): history stays bounded.
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(records(admin, ns)).hasSizeLessThanOrEqualTo(AtomicRelease.MAX_HISTORY);
                assertThat(nspool.deployment("t").getStatus().getRelease().getRevision())
                    .isGreaterThan(AtomicRelease.MAX_HISTORY + 1);
              });
      assertThat(records(admin, ns)).hasSizeLessThanOrEqualTo(AtomicRelease.MAX_HISTORY);
      assertThat(records(admin, ns))
          .filteredOn(s -> "deployed".equals(s.getMetadata().getLabels().get("status")))
          .hasSize(1);
      assertThat(
              admin
                  .apps()
                  .deployments()
                  .inNamespace(ns)
                  .withName("t-web")
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(1);
    }
  }

  private static void create(
      RunningController nspool, Testbed bed, String ns, Map<String, Object> values) {
    TenantDeployment d = new TenantDeployment();
    d.getMetadata().setName("t");
    d.getMetadata().setNamespace(bed.controlNamespace());
    DeploymentSpec spec = new DeploymentSpec();
    spec.setPool("p");
    spec.setNamespace(ns);
    spec.setChart("hooked");
    spec.setValues(values);
    d.setSpec(spec);
    nspool.nspool().resource(d).create();
  }

  private static List<Secret> records(KubernetesClient admin, String ns) {
    return admin
        .secrets()
        .inNamespace(ns)
        .withLabels(Map.of("owner", "helm", "name", "t"))
        .list()
        .getItems();
  }

  private static Secret record(KubernetesClient admin, String ns, int revision) {
    return admin.secrets().inNamespace(ns).withName(HelmRecord.secretName("t", revision)).get();
  }
}
