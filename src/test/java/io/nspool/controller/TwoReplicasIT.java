package io.nspool.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.claim.ClaimState;
import io.nspool.deploy.TenantDeployment;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of nspool on one control namespace: one holds the leader Lease and reconciles, the
 * other keeps warm caches; when the leader goes, mid-provision or mid-scrub, the other finishes.
 */
@LocalKubernetes
@DisplayName("Two replicas")
class TwoReplicasIT {

  @Test
  @DisplayName(
      "one leads, the other keeps its claim cache warm; the leader stopped during a provision and then during a scrub, the other finishes both with one Helm release")
  void followerTakesOver(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "replicas");
    List<String> ns = bed.preparePoolNamespaces(2);
    RunningController a = new RunningController(bed, admin);
    RunningController b = new RunningController(bed, admin);
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> a.controller().isLeader() ^ b.controller().isLeader());
      RunningController leader = a.controller().isLeader() ? a : b;
      RunningController follower = leader == a ? b : a;
      leader.createPoolAndAwaitFree("p", ns, "14d", true);
      await()
          .atMost(RunningController.WAIT)
          .untilAsserted(
              () ->
                  assertThat(follower.controller().claimCache().get(ns.get(0)))
                      .as("the follower answers the API from a warm claim cache")
                      .isPresent());
      assertThat(follower.controller().isLeader()).isFalse();

      // Stop the leader right after the deployment is written: the follower provisions it.
      leader.createDeployment("d1", "p", ns.get(0));
      leader.close();

      await().atMost(Duration.ofSeconds(30)).until(() -> follower.controller().isLeader());
      awaitPhase(follower, "d1", "Ready");
      assertThat(follower.deployment("d1").getStatus().getNamespace()).isEqualTo(ns.get(0));
      assertThat(
              admin
                  .secrets()
                  .inNamespace(ns.get(0))
                  .withLabel("owner", "helm")
                  .withLabel("name", "d1")
                  .list()
                  .getItems())
          .as("one Helm release record: no duplicate install")
          .hasSize(1);

      // A new replica joins as a follower; the leader goes during the scrub of a hard delete.
      RunningController c = new RunningController(bed, admin);
      try {
        await().during(Duration.ofSeconds(2)).until(() -> !c.controller().isLeader());
        follower.deleteDeployment("d1");
        follower.awaitState("p", ns.get(0), ClaimState.CLEANING);
        follower.close();

        await().atMost(Duration.ofSeconds(30)).until(() -> c.controller().isLeader());
        c.awaitState("p", ns.get(0), ClaimState.FREE);
        assertThat(c.deployment("d1")).isNull();
        Lease lease =
            admin.leases().inNamespace(bed.controlNamespace()).withName(Leadership.LEASE).get();
        assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
      } finally {
        c.close();
      }
    } finally {
      a.close();
      b.close();
    }
  }

  private static void awaitPhase(RunningController nspool, String name, String phase) {
    await()
        .atMost(RunningController.WAIT)
        .until(
            () -> {
              TenantDeployment d = nspool.deployment(name);
              return d != null && d.getStatus() != null && phase.equals(d.getStatus().getPhase());
            });
  }
}
