package io.nspool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.claim.ClaimState;
import io.nspool.deploy.TenantDeployment;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The scenario of the seed documents, end to end, with nspool running as its ServiceAccount. */
@LocalKubernetes
@DisplayName("A pool of 3 pre-created namespaces")
class SeedScenarioIT {

  @Test
  @DisplayName(
      "gives 3 deployments distinct namespaces, refuses a 4th until one is hard-deleted, retains"
          + " and restores a soft-deleted one, purges it after the retention")
  void seedScenario(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "seed");
    List<String> names = bed.preparePoolNamespaces(3);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("airflow", names, "10m", false);

      // Three deployments, three distinct namespaces.
      nspool.createDeployment("d1", "airflow", null);
      nspool.createDeployment("d2", "airflow", null);
      nspool.createDeployment("d3", "airflow", null);
      String ns1 = nspool.awaitNamespace("d1");
      String ns2 = nspool.awaitNamespace("d2");
      String ns3 = nspool.awaitNamespace("d3");
      assertThat(Set.of(ns1, ns2, ns3)).containsExactlyInAnyOrderElementsOf(names);
      assertThat(nspool.deployment("d1").getStatus().getPhase()).isEqualTo("Provisioning");

      // The fourth fails with pool_exhausted, naming the pool.
      nspool.createDeployment("d4", "airflow", null);
      await()
          .atMost(RunningController.WAIT)
          .until(() -> condition(nspool.deployment("d4"), "NamespaceClaimed") != null);
      Condition refused = condition(nspool.deployment("d4"), "NamespaceClaimed");
      assertThat(refused.getStatus()).isEqualTo("False");
      assertThat(refused.getReason()).isEqualTo("PoolExhausted");
      assertThat(refused.getMessage())
          .contains("no kubernetes namespaces are available in pool \"airflow\"")
          .contains("all 3 namespaces are in use");
      assertThat(nspool.deployment("d4").getStatus().getPhase()).isEqualTo("Pending");

      // Hard delete d1: its namespace is scrubbed and the fourth gets it.
      nspool.leaveTenantData(ns1, "d1-data");
      nspool.deleteDeployment("d1");
      assertThat(nspool.awaitNamespace("d4")).isEqualTo(ns1);
      assertThat(admin.configMaps().inNamespace(ns1).withName("d1-data").get()).isNull();
      await().atMost(RunningController.WAIT).until(() -> nspool.deployment("d1") == null);

      // Soft delete d2: retained with the tenant's data until purgeAfter; restore works before it.
      nspool.leaveTenantData(ns2, "d2-data");
      nspool.setRetained("d2", true);
      PoolNamespace retained = nspool.awaitState("airflow", ns2, ClaimState.RETAINED);
      assertThat(Instant.parse(retained.getPurgeAfter())).isAfter(Instant.now().plusSeconds(500));
      await()
          .atMost(RunningController.WAIT)
          .until(() -> "Retained".equals(nspool.deployment("d2").getStatus().getPhase()));
      assertThat(nspool.deployment("d2").getStatus().getPurgeAfter())
          .isEqualTo(retained.getPurgeAfter());
      assertThat(admin.configMaps().inNamespace(ns2).withName("d2-data").get()).isNotNull();

      nspool.setRetained("d2", false);
      nspool.awaitState("airflow", ns2, ClaimState.CLAIMED);
      await()
          .atMost(RunningController.WAIT)
          .until(() -> "Provisioning".equals(nspool.deployment("d2").getStatus().getPhase()));
      assertThat(nspool.deployment("d2").getStatus().getNamespace()).isEqualTo(ns2);
      assertThat(admin.configMaps().inNamespace(ns2).withName("d2-data").get()).isNotNull();

      // Soft delete again with a short retention: the purge scrubs and frees it, and d2 ends.
      nspool.editPool("airflow", spec -> spec.setRetention("3s"));
      nspool.setRetained("d2", true);
      nspool.awaitState("airflow", ns2, ClaimState.RETAINED);
      nspool.awaitState("airflow", ns2, ClaimState.FREE);
      assertThat(admin.configMaps().inNamespace(ns2).withName("d2-data").get()).isNull();
      await().atMost(RunningController.WAIT).until(() -> nspool.deployment("d2") == null);

      NamespacePool pool = nspool.pool("airflow");
      assertThat(pool.getStatus().getTotal()).isEqualTo(3);
      assertThat(pool.getStatus().getFree()).isEqualTo(1);
      assertThat(pool.getStatus().getClaimed()).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("with hardDelete, a soft delete is a hard delete: the namespace comes back at once")
  void hardDeletePool(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "hard");
    List<String> names = bed.preparePoolNamespaces(1);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("strict", names, "14d", true);
      nspool.createDeployment("only", "strict", null);
      nspool.awaitNamespace("only");

      nspool.setRetained("only", true);

      await().atMost(RunningController.WAIT).until(() -> nspool.deployment("only") == null);
      nspool.awaitState("strict", names.get(0), ClaimState.FREE);
    }
  }

  static Condition condition(TenantDeployment d, String type) {
    if (d == null || d.getStatus() == null) {
      return null;
    }
    return d.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }
}
