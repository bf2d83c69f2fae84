package io.nspool.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.claim.ClaimCodec;
import io.nspool.deploy.TenantDeployment;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A controller with nothing to do writes nothing: status is written only when its value changes, so
 * reconciles over a quiet period (a 1 s resync forces many) leave every resourceVersion as it was —
 * including a pool whose spec stays invalid.
 */
@LocalKubernetes
@DisplayName("A quiet controller")
class QuietControllerIT {

  @Test
  @DisplayName(
      "reconciling a Ready deployment, its pool and an overlapping (invalid) pool again and again for 10 s changes no resourceVersion")
  void noWritesWhenNothingChanges(KubernetesClient admin) throws InterruptedException {
    Testbed bed = new Testbed(admin, "quiet");
    List<String> ns = bed.preparePoolNamespaces(2);
    ControllerConfig config =
        RunningController.testConfig(bed.controlNamespace(), bed.identity())
            .withResync(Duration.ofSeconds(1));
    try (RunningController nspool = new RunningController(bed, admin, config)) {
      nspool.createPoolAndAwaitFree("p", ns, "14d", false);
      nspool.createDeployment("d1", "p", ns.get(0));
      await()
          .atMost(RunningController.WAIT)
          .until(
              () -> {
                TenantDeployment d = nspool.deployment("d1");
                return d != null
                    && d.getStatus() != null
                    && "Ready".equals(d.getStatus().getPhase());
              });
      // A second pool listing a namespace the first owns: refused in its status, once.
      nspool.createPool("overlap", List.of(ns.get(0)), "14d", false);
      await()
          .atMost(RunningController.WAIT)
          .until(
              () -> {
                NamespacePool p = nspool.pool("overlap");
                return p.getStatus() != null && !p.getStatus().getConditions().isEmpty();
              });

      Map<String, Supplier<HasMetadata>> watched = new LinkedHashMap<>();
      watched.put("NamespacePool p", () -> nspool.pool("p"));
      watched.put("NamespacePool overlap", () -> nspool.pool("overlap"));
      watched.put("TenantDeployment d1", () -> nspool.deployment("d1"));
      for (String n : ns) {
        watched.put(
            "Lease " + n + "/" + ClaimCodec.LEASE_NAME,
            () -> admin.leases().inNamespace(n).withName(ClaimCodec.LEASE_NAME).get());
      }
      // Settled: nothing moves for 3 s (the install's last component updates, the first health
      // checks).
      Map<String, String> before = new LinkedHashMap<>();
      await()
          .atMost(RunningController.WAIT)
          .pollInterval(Duration.ofSeconds(3))
          .until(
              () -> {
                Map<String, String> now = versions(watched);
                boolean settled = now.equals(before);
                before.clear();
                before.putAll(now);
                return settled;
              });

      long reconcilesBefore = nspool.controller().reconcileCount();
      Thread.sleep(10_000);
      long reconciles = nspool.controller().reconcileCount() - reconcilesBefore;

      System.out.printf(
          "quiet period: 10 s, %d reconciles, resourceVersions %s -> %s%n",
          reconciles, before, versions(watched));
      assertThat(reconciles)
          .as("the resync kept reconciling during the quiet period (else this proves nothing)")
          .isGreaterThanOrEqualTo(20);
      assertThat(versions(watched)).as("no object was written").isEqualTo(before);
    }
  }

  private static Map<String, String> versions(Map<String, Supplier<HasMetadata>> watched) {
    Map<String, String> versions = new LinkedHashMap<>();
    watched.forEach(
        (name, get) -> versions.put(name, get.get().getMetadata().getResourceVersion()));
    return versions;
  }
}
