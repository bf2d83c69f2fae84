package io.nspool.deploy;

import static io.nspool.deploy.DeploymentLifecycleIT.awaitPhase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.controller.ControllerConfig;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.time.Duration;
import java.time.Instant;
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
    try (RunningController nspool = new RunningController(bed, admin, eventsOnly(bed))) {
      nspool.createPoolAndAwaitFree("p", List.of(ns), "10m", true);
      nspool.createDeployment("events", "p", null);
      awaitPhase(nspool, "events", "Ready");
      assertThat(nspool.controller().watchedWorkloadNamespaces()).containsExactly(ns);
      // Workload events requeue the deployment right after its install, often before the
      // cache has seen the status that records it: that must not install it a second time.
      assertThat(new Commander(admin, bed.controlNamespace()).history(ns, "events")).hasSize(1);
      assertThat(nspool.deployment("events").getStatus().getRelease().getRevision()).isEqualTo(1);

      // The scheduler's pod fails its readiness probe, as its kubelet would report it.
      setReady(admin, ns, "scheduler", false);
      awaitPhase(nspool, "events", "Degraded");
      assertThat(
              nspool.deployment("events").getStatus().getConditions().stream()
                  .filter(c -> c.getType().equals("Installed"))
                  .findFirst()
                  .orElseThrow()
                  .getMessage())
          .contains("not ready: events-scheduler 0/1");

      setReady(admin, ns, "scheduler", true);
      awaitPhase(nspool, "events", "Ready");

      nspool.deleteDeployment("events");
      await()
          .atMost(RunningController.WAIT)
          .until(() -> nspool.controller().watchedWorkloadNamespaces().isEmpty());
    }
  }

  /** The test configuration with an hour's resync: only workload events can move a phase. */
  static ControllerConfig eventsOnly(Testbed bed) {
    ControllerConfig quick = RunningController.testConfig(bed.controlNamespace(), bed.identity());
    return new ControllerConfig(
        quick.controlNamespace(),
        quick.identity(),
        Duration.ofHours(1),
        quick.orphanGrace(),
        quick.quarantineRetry(),
        quick.healthMaxAge(),
        quick.scrubDeadline(),
        quick.releaseRetry(),
        quick.chartCache(),
        new io.nspool.controller.Leadership.Timing(
            Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(500)));
  }

  /** Sets the Ready condition of a component's pods, as a kubelet does when a probe changes. */
  private static void setReady(KubernetesClient admin, String ns, String component, boolean ready) {
    List<Pod> pods =
        admin
            .pods()
            .inNamespace(ns)
            .withLabel("app.kubernetes.io/component", component)
            .list()
            .getItems();
    assertThat(pods).isNotEmpty();
    String status = ready ? "True" : "False";
    for (Pod pod : pods) {
      admin
          .pods()
          .inNamespace(ns)
          .withName(pod.getMetadata().getName())
          .editStatus(
              p -> {
                p.getStatus().getConditions().stream()
                    .filter(
                        c -> c.getType().equals("Ready") || c.getType().equals("ContainersReady"))
                    .forEach(
                        c -> {
                          c.setStatus(status);
                          c.setLastTransitionTime(Instant.now().toString());
                        });
                p.getStatus().getContainerStatuses().forEach(c -> c.setReady(ready));
                return p;
              });
    }
  }
}
