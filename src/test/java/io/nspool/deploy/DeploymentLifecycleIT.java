package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.api.Conflicts;
import io.nspool.claim.ClaimState;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.rbac.NspoolRoles;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A deployment's life as a Helm release, with nspool as its ServiceAccount; the local cluster's
 * scheduler and simulated nodes run its pods.
 */
@LocalKubernetes
@DisplayName("A tenant deployment")
class DeploymentLifecycleIT {
  @Test
  @DisplayName(
      "installs the default chart, becomes Ready, upgrades on new values, keeps its fernet key through soft delete and restore, and leaves its namespace scrubbed and free on hard delete")
  void lifecycle(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "life");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", List.of(ns), "10m", false);

      nspool.createDeployment("analytics", "p", null);

      awaitPhase(nspool, "analytics", "Ready");
      TenantDeployment ready = nspool.deployment("analytics");
      assertThat(ready.getStatus().getNamespace()).isEqualTo(ns);
      assertThat(ready.getStatus().getRelease().getRevision()).isEqualTo(1);
      assertThat(ready.getStatus().getComponents())
          .extracting(ComponentStatus::getName)
          .containsExactly("analytics-scheduler", "analytics-triggerer", "analytics-webserver");
      assertThat(ready.getStatus().getComponents()).allMatch(ComponentStatus::isReady);
      assertThat(condition(ready, "Installed").getMessage())
          .contains("revision 1")
          .contains("every component is ready");
      assertThat(admin.secrets().inNamespace(ns).withName("sh.helm.release.v1.analytics.v1").get())
          .isNotNull();
      String fernet = fernetKey(admin, ns);

      // Upgrade: new values, new revision.
      editDeployment(nspool, "analytics", d -> d.getSpec().setValues(Map.of("size", "medium")));
      await()
          .atMost(RunningController.WAIT)
          .untilAsserted(
              () -> {
                TenantDeployment d = nspool.deployment("analytics");
                assertThat(d.getStatus().getRelease().getRevision()).isEqualTo(2);
                assertThat(d.getStatus().getPhase()).isEqualTo("Ready");
              });
      assertThat(
              admin
                  .apps()
                  .deployments()
                  .inNamespace(ns)
                  .withName("analytics-webserver")
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(2);
      assertThat(new Commander(admin, bed.controlNamespace()).history(ns, "analytics")).hasSize(2);

      // Soft delete: release uninstalled, namespace retained with the fernet key.
      nspool.setRetained("analytics", true);
      awaitPhase(nspool, "analytics", "Retained");
      assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
      assertThat(fernetKey(admin, ns)).isEqualTo(fernet);

      // Restore: reinstalled into the same namespace with the same values and fernet key.
      nspool.setRetained("analytics", false);
      awaitPhase(nspool, "analytics", "Ready");
      assertThat(nspool.deployment("analytics").getStatus().getNamespace()).isEqualTo(ns);
      assertThat(
              admin
                  .apps()
                  .deployments()
                  .inNamespace(ns)
                  .withName("analytics-webserver")
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(2);
      assertThat(fernetKey(admin, ns)).isEqualTo(fernet);

      // Hard delete: uninstalled, scrubbed, free.
      nspool.deleteDeployment("analytics");
      await().atMost(RunningController.WAIT).until(() -> nspool.deployment("analytics") == null);
      nspool.awaitState("p", ns, ClaimState.FREE);
      assertThat(admin.secrets().inNamespace(ns).list().getItems()).isEmpty();
      assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
      assertThat(admin.rbac().roles().inNamespace(ns).list().getItems())
          .extracting(r -> r.getMetadata().getName())
          .containsExactlyInAnyOrder(NspoolRoles.ROLE_NAME, NspoolRoles.INSTALLER);
    }
  }

  @Test
  @DisplayName(
      "is refused at pre-flight naming serviceaccounts create in its namespace when the"
          + " installer's Role lacks it, is not retried while the Role stays so, and becomes Ready"
          + " once the rule is added")
  void permissionDenied(KubernetesClient admin) throws InterruptedException {
    Testbed bed = new Testbed(admin, "deny");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", List.of(ns), "10m", false);
      Role full = Testbed.weakenInstallerRole(admin, ns, "serviceaccounts");

      nspool.createDeployment("t", "p", ns);

      await()
          .atMost(RunningController.WAIT)
          .untilAsserted(
              () -> {
                TenantDeployment d = nspool.deployment("t");
                Condition installed = condition(d, "Installed");
                assertThat(installed).isNotNull();
                assertThat(installed.getReason())
                    .as(installed.getMessage())
                    .isEqualTo("PreflightRefused");
                assertThat(installed.getMessage())
                    .contains("needs create, delete, patch, update serviceaccounts")
                    .contains("in namespace " + ns)
                    .contains(
                        io.nspool.rbac.InstallerIdentity.of(bed.controlNamespace(), ns).username());
                assertThat(d.getStatus().getPhase()).isEqualTo("Failed");
              });
      Thread.sleep(8000); // the test retry backoff starts at 1 s: three retries would fit
      assertThat(nspool.deployment("t").getStatus().getRelease().getAttempts())
          .as("a pre-flight refusal is not retried while nothing it depends on changes")
          .isEqualTo(1);

      admin.resource(full).update();

      awaitPhase(nspool, "t", "Ready");
    }
  }

  @Test
  @DisplayName(
      "fails with InvalidChart and Helm's message when the values do not render, without retrying")
  void invalidValues(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "invalid");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", List.of(ns), "10m", false);
      TenantDeployment d = new TenantDeployment();
      d.getMetadata().setName("t");
      d.getMetadata().setNamespace(bed.controlNamespace());
      DeploymentSpec spec = new DeploymentSpec();
      spec.setPool("p");
      spec.setValues(Map.of("size", "huge"));
      d.setSpec(spec);
      nspool.nspool().resource(d).create();

      awaitPhase(nspool, "t", "Failed");
      Condition installed = condition(nspool.deployment("t"), "Installed");
      assertThat(installed.getReason()).isEqualTo("InvalidChart");
      assertThat(installed.getMessage())
          .contains("size \"huge\" is not one of small, medium, large");
      int attempts = nspool.deployment("t").getStatus().getRelease().getAttempts();
      assertThat(attempts).isEqualTo(1);

      editDeployment(nspool, "t", x -> x.getSpec().setValues(Map.of("size", "large")));

      await()
          .atMost(RunningController.WAIT)
          .until(() -> nspool.deployment("t").getStatus().getRelease().getRevision() != null);
    }
  }

  @Test
  @DisplayName(
      "installs a chart configured on the pool as a .tgz the same way, and fails clearly when a configured chart does not exist")
  void chartFromPool(
      KubernetesClient admin, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    Testbed bed = new Testbed(admin, "tgz");
    List<String> names = bed.preparePoolNamespaces(2);
    new com.marcnuri.helm.Helm(BundledChart.path("airflow"))
        .packageIt()
        .withDestination(dir)
        .call();
    java.nio.file.Path tgz = dir.resolve("airflow-0.1.0.tgz");
    assertThat(tgz).exists();
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", names, "10m", false);
      nspool.setCharts(
          "p",
          io.nspool.chart.ChartEntry.path("packaged", tgz.toString()),
          io.nspool.chart.ChartEntry.path("gone", dir.resolve("nope.tgz").toString()));

      nspool.createDeployment("packaged", "p", names.get(0), "packaged");

      awaitPhase(nspool, "packaged", "Ready");
      assertThat(nspool.deployment("packaged").getStatus().getRelease().getChart())
          .isEqualTo("airflow-0.1.0");

      TenantDeployment missing = new TenantDeployment();
      missing.getMetadata().setName("missing");
      missing.getMetadata().setNamespace(bed.controlNamespace());
      DeploymentSpec spec = new DeploymentSpec();
      spec.setPool("p");
      spec.setChart("gone");
      missing.setSpec(spec);
      nspool.nspool().resource(missing).create();

      awaitPhase(nspool, "missing", "Failed");
      Condition installed = condition(nspool.deployment("missing"), "Installed");
      assertThat(installed.getReason()).isEqualTo("InvalidChart");
      assertThat(installed.getMessage()).contains("nope.tgz").contains("does not exist");
    }
  }

  static void awaitPhase(RunningController nspool, String name, String phase) {
    await()
        .atMost(RunningController.WAIT)
        .untilAsserted(
            () -> {
              TenantDeployment d = nspool.deployment(name);
              assertThat(d).as(name).isNotNull();
              assertThat(d.getStatus()).as(name + "'s status").isNotNull();
              // On a timeout, the conditions say why the phase is not the one awaited.
              assertThat(d.getStatus().getPhase())
                  .as("%s (%s)", name, d.getStatus().getConditions())
                  .isEqualTo(phase);
            });
  }

  static void editDeployment(
      RunningController nspool, String name, java.util.function.Consumer<TenantDeployment> change) {
    TenantDeployment current = nspool.deployment(name);
    Conflicts.retry(
        () ->
            nspool
                .nspool()
                .resources(TenantDeployment.class)
                .inNamespace(current.getMetadata().getNamespace())
                .withName(name)
                .edit(
                    d -> {
                      change.accept(d);
                      return d;
                    }));
  }

  static Condition condition(TenantDeployment d, String type) {
    return d == null || d.getStatus() == null
        ? null
        : d.getStatus().getConditions().stream()
            .filter(c -> type.equals(c.getType()))
            .findFirst()
            .orElse(null);
  }

  private static String fernetKey(KubernetesClient admin, String ns) {
    var secret = admin.secrets().inNamespace(ns).withName("analytics-fernet-key").get();
    return secret == null ? null : secret.getData().get("fernet-key");
  }
}
