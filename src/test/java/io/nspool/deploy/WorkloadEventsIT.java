package io.nspool.deploy;

import static io.nspool.deploy.DeploymentLifecycleIT.awaitPhase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.controller.ControllerConfig;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.localcluster.SimulatedKubelet;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A deployment's readiness follows its workloads as they change, through the per-namespace workload
 * informers, not through the periodic resync: here the resync is an hour, so only events can move
 * the phase.
 */
@LocalKubernetes
@DisplayName("Workload events")
class WorkloadEventsIT {

  @Test
  @DisplayName(
      "with no resync, a deployment still becomes Ready, turns Degraded when a component's pod is"
          + " lost, Ready again when it is back; its namespace stops being watched once released")
  void readinessFollowsWorkloads(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "wl");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    ControllerConfig quick = RunningController.testConfig(bed.controlNamespace(), bed.identity());
    ControllerConfig noResync =
        new ControllerConfig(
            quick.controlNamespace(),
            quick.identity(),
            Duration.ofHours(1),
            quick.orphanGrace(),
            quick.quarantineRetry(),
            quick.healthMaxAge(),
            quick.scrubDeadline(),
            quick.releaseRetry());
    try (RunningController nspool = new RunningController(bed, admin, noResync)) {
      nspool.createPoolAndAwaitFree("p", List.of(ns), "10m", true);
      SimulatedKubelet kubelet = SimulatedKubelet.start(admin);
      try {
        nspool.createDeployment("events", "p", null);
        awaitPhase(nspool, "events", "Ready");
        assertThat(nspool.controller().watchedWorkloadNamespaces()).containsExactly(ns);
        // Workload events requeue the deployment right after its install, often before the
        // cache has seen the status that records it: that must not install it a second time.
        assertThat(new Commander(admin).history(ns, "events")).hasSize(1);
        assertThat(nspool.deployment("events").getStatus().getRelease().getRevision()).isEqualTo(1);
      } finally {
        kubelet.close();
      }

      // No kubelet: the scheduler's replacement pod never becomes ready.
      admin.pods().inNamespace(ns).withLabel("app.kubernetes.io/component", "scheduler").delete();
      awaitPhase(nspool, "events", "Degraded");
      assertThat(
              nspool.deployment("events").getStatus().getConditions().stream()
                  .filter(c -> c.getType().equals("Installed"))
                  .findFirst()
                  .orElseThrow()
                  .getMessage())
          .contains("not ready: events-scheduler 0/1");

      try (SimulatedKubelet back = SimulatedKubelet.start(admin)) {
        awaitPhase(nspool, "events", "Ready");
      }

      nspool.deleteDeployment("events");
      await()
          .atMost(RunningController.WAIT)
          .until(() -> nspool.controller().watchedWorkloadNamespaces().isEmpty());
    }
  }
}
