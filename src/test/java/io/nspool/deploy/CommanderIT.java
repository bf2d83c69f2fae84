package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.rbac.InstallerIdentity;
import io.nspool.testing.Testbed;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@LocalKubernetes
@DisplayName("The Commander, installing the bundled airflow chart as a pool namespace's installer")
class CommanderIT {

  @Test
  @DisplayName(
      "installs a Helm release recorded in the namespace, upgrades it with new values, and keeps the fernet key across uninstall and reinstall")
  void installUpgradeReinstall(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "helm");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      Commander commander = new Commander(nspool);

      Commander.ReleaseInfo first =
          commander.apply(BundledChart.path("airflow"), ns, "demo", Map.of("size", "small"));

      assertThat(first.revision()).isEqualTo(1);
      assertThat(first.status()).isEqualTo("deployed");
      assertThat(admin.secrets().inNamespace(ns).withName("sh.helm.release.v1.demo.v1").get())
          .as("Helm's release record")
          .isNotNull();
      assertThat(admin.apps().deployments().inNamespace(ns).list().getItems())
          .extracting(d -> d.getMetadata().getName())
          .containsExactlyInAnyOrder("demo-scheduler", "demo-webserver", "demo-triggerer");
      assertThat(admin.rbac().roles().inNamespace(ns).withName("demo-pod-launcher").get())
          .isNotNull();
      assertThat(
              admin
                  .configMaps()
                  .inNamespace(ns)
                  .withName("demo-config")
                  .get()
                  .getData()
                  .get("airflow.cfg"))
          .contains("namespace = " + ns)
          .contains("multi_namespace_mode = False");
      String fernet = fernetKey(admin, ns);
      assertThat(fernet).isNotBlank();

      Commander.ReleaseInfo second =
          commander.apply(BundledChart.path("airflow"), ns, "demo", Map.of("size", "medium"));

      assertThat(second.revision()).isEqualTo(2);
      assertThat(
              admin
                  .apps()
                  .deployments()
                  .inNamespace(ns)
                  .withName("demo-webserver")
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(2);
      assertThat(commander.history(ns, "demo")).hasSize(2);
      assertThat(fernetKey(admin, ns)).isEqualTo(fernet);

      commander.uninstall(ns, "demo");

      assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
      assertThat(fernetKey(admin, ns)).as("kept by helm.sh/resource-policy").isEqualTo(fernet);

      commander.apply(BundledChart.path("airflow"), ns, "demo", Map.of("size", "medium"));

      assertThat(fernetKey(admin, ns)).isEqualTo(fernet);
    }
  }

  @Test
  @DisplayName(
      "names the missing permission, the installer identity and the rule to add when the installer's"
          + " Role lacks serviceaccounts create: at pre-flight, before anything is created; and"
          + " as Kubernetes' refusal when pre-flight is off")
  void permissionDeniedNamesTheRule(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "helmdeny");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    Testbed.weakenInstallerRole(admin, ns, "serviceaccounts");
    try (KubernetesClient nspool = bed.nspoolClient()) {
      assertThatThrownBy(
              () -> new Commander(nspool).apply(BundledChart.path("airflow"), ns, "demo", Map.of()))
          .isInstanceOfSatisfying(
              HelmException.class,
              e -> {
                assertThat(e.failure().kind()).isEqualTo(HelmFailure.Kind.PREFLIGHT_REFUSED);
                assertThat(e.failure().message())
                    .contains("in namespace " + ns)
                    .contains(InstallerIdentity.of(bed.controlNamespace(), ns).username())
                    .contains("add to the Role nspool-installer in " + ns)
                    .contains("{apiGroups: [\"\"], resources: [serviceaccounts]");
              });
      assertThat(admin.serviceAccounts().inNamespace(ns).withName("demo-scheduler").get())
          .as("pre-flight creates nothing")
          .isNull();

      assertThatThrownBy(
              () ->
                  new Commander(nspool, false)
                      .apply(BundledChart.path("airflow"), ns, "demo", Map.of()))
          .isInstanceOfSatisfying(
              HelmException.class,
              e -> {
                assertThat(e.failure().kind()).isEqualTo(HelmFailure.Kind.PERMISSION_DENIED);
                assertThat(e.failure().message())
                    .contains("may not create serviceaccounts")
                    .contains("in namespace " + ns)
                    .contains(InstallerIdentity.of(bed.controlNamespace(), ns).username());
              });
    }
  }

  @Test
  @DisplayName("reports a chart that does not render as InvalidChart with Helm's message")
  void invalidChart(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "helmbad");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      assertThatThrownBy(
              () ->
                  new Commander(nspool)
                      .apply(BundledChart.path("airflow"), ns, "demo", Map.of("size", "huge")))
          .isInstanceOfSatisfying(
              HelmException.class,
              e -> {
                assertThat(e.failure().kind()).isEqualTo(HelmFailure.Kind.INVALID_CHART);
                assertThat(e.failure().message())
                    .contains("size \"huge\" is not one of small, medium, large");
              });
    }
  }

  private static String fernetKey(KubernetesClient admin, String ns) {
    Secret secret = admin.secrets().inNamespace(ns).withName("demo-fernet-key").get();
    return secret == null ? null : secret.getData().get("fernet-key");
  }
}
