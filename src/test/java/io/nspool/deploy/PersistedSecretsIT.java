package io.nspool.deploy;

import static io.nspool.deploy.DeploymentLifecycleIT.awaitPhase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.chart.ChartEntry;
import io.nspool.chart.ValuesMapping;
import io.nspool.claim.ClaimState;
import io.nspool.deploy.PersistedSecret.Generator;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A chart that makes a new fernet key on every install (as the official Airflow chart does in a
 * before-hook-creation hook) keeps one key for the deployment's whole life when its catalogue entry
 * names the key as a persisted Secret: through an upgrade, a soft delete and a restore; a hard
 * delete scrubs it. Against the real API server, as nspool's identity.
 */
@LocalKubernetes
@DisplayName("Persisted secrets")
class PersistedSecretsIT {
  private static final Path CHART = Path.of("src/test/resources/charts/regenerates-keys");

  @Test
  @DisplayName(
      "created once before the install, pointed at by the values, byte for byte the same after an"
          + " upgrade and a soft delete and restore, scrubbed by the hard delete; the values"
          + " mapping gives the chart the executor namespaces")
  void keptForTheDeploymentsLife(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "persist");
    List<String> names = bed.preparePoolNamespaces(3);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", names, "10m", false);
      ChartEntry entry = ChartEntry.path("airflowish", CHART.toAbsolutePath().toString());
      entry.setPersistedSecrets(
          List.of(
              new PersistedSecret("fernet", "fernet-key", "fernetKeySecretName", Generator.fernet),
              new PersistedSecret(
                  "webserver-key",
                  "webserver-secret-key",
                  "webserver.secretKeySecretName",
                  Generator.alphanumeric)));
      ValuesMapping mapping = new ValuesMapping();
      mapping.setExecutorNamespaces(
          "config.kubernetes_executor.multi_namespace_mode_namespace_list");
      mapping.setExecutorNamespacesEnabled("config.kubernetes_executor.multi_namespace_mode");
      entry.setValuesMapping(mapping);
      nspool.setCharts("p", entry);

      TenantDeployment d = new TenantDeployment();
      d.getMetadata().setName("keys");
      d.getMetadata().setNamespace(bed.controlNamespace());
      DeploymentSpec spec = new DeploymentSpec();
      spec.setPool("p");
      spec.setWorkspace("team-a");
      spec.setChart("airflowish");
      spec.setExecutorNamespaces(ExecutorNamespaces.count(1));
      d.setSpec(spec);
      nspool.nspool().resource(d).create();
      awaitPhase(nspool, "keys", "Ready");
      String ns = nspool.deployment("keys").getStatus().getNamespace();
      String executor = nspool.deployment("keys").getStatus().getExecutorNamespaces().get(0);

      ConfigMap config = admin.configMaps().inNamespace(ns).withName("keys-config").get();
      assertThat(config.getData())
          .containsEntry("fernetKeySecret", "fernet")
          .containsEntry("webserverSecret", "webserver-key")
          .containsEntry("executorNamespaces", executor)
          .containsEntry("multiNamespaceMode", "true");
      assertThat(admin.secrets().inNamespace(ns).withName("keys-fernet-key").get())
          .as("the chart's own regenerated key is not made when it is pointed at nspool's")
          .isNull();
      Map<String, String> before = data(admin, ns);
      assertThat(Base64.getUrlDecoder().decode(decoded(before.get("fernet/fernet-key"))))
          .hasSize(32);

      nspool.setRetained("keys", true);
      awaitPhase(nspool, "keys", "Retained");
      assertThat(data(admin, ns)).isEqualTo(before);
      nspool.setRetained("keys", false);
      awaitPhase(nspool, "keys", "Ready");
      assertThat(nspool.deployment("keys").getStatus().getNamespace()).isEqualTo(ns);
      assertThat(data(admin, ns)).as("restore keeps every byte").isEqualTo(before);

      nspool.deleteDeployment("keys");
      nspool.awaitState("p", ns, ClaimState.FREE);
      await()
          .atMost(RunningController.WAIT)
          .until(() -> admin.secrets().inNamespace(ns).withName("fernet").get() == null);
      assertThat(admin.secrets().inNamespace(ns).withName("webserver-key").get()).isNull();
    }
  }

  private static String decoded(String base64) {
    return new String(Base64.getDecoder().decode(base64));
  }

  /** Every persisted Secret's data, as "secret/key" → base64 bytes as stored. */
  private static Map<String, String> data(KubernetesClient admin, String ns) {
    Map<String, String> all = new java.util.TreeMap<>();
    for (String name : List.of("fernet", "webserver-key")) {
      Secret secret = admin.secrets().inNamespace(ns).withName(name).get();
      assertThat(secret).as("Secret " + name).isNotNull();
      secret.getData().forEach((k, v) -> all.put(name + "/" + k, v));
    }
    return all;
  }
}
