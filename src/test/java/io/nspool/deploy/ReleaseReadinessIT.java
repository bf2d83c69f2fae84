package io.nspool.deploy;

import static io.nspool.deploy.DeploymentLifecycleIT.awaitPhase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.chart.ChartEntry;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Readiness comes from the release's own manifest, not from labels: a chart labelled the way the
 * official Airflow chart is ({@code release=}, {@code component=}, {@code tier=} only) is Ready
 * exactly when each of its workloads is, and Degraded as soon as one is gone. The resync is an
 * hour, so only workload events move the phase.
 */
@LocalKubernetes
@DisplayName("Readiness from the release")
class ReleaseReadinessIT {
  private static final Path CHARTS = Path.of("src/test/resources/charts");

  @Test
  @DisplayName(
      "is Ready with exactly the chart's Deployment, StatefulSet, DaemonSet and hook Job whatever"
          + " their labels, Degraded within 10 s naming a deleted Deployment missing, and Ready"
          + " saying so for a chart without workloads")
  void fromTheManifest(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "rr");
    List<String> names = bed.preparePoolNamespaces(2);
    try (RunningController nspool =
        new RunningController(bed, admin, WorkloadEventsIT.eventsOnly(bed))) {
      nspool.createPoolAndAwaitFree("p", names, "10m", true);
      nspool.setCharts(
          "p",
          ChartEntry.path(
              "labelled-its-way", CHARTS.resolve("labelled-its-way").toAbsolutePath().toString()),
          ChartEntry.path(
              "no-workloads", CHARTS.resolve("no-workloads").toAbsolutePath().toString()));
      nspool.createDeployment("lw", "p", names.get(0), "labelled-its-way");
      nspool.createDeployment("idle", "p", names.get(1), "no-workloads");

      awaitPhase(nspool, "lw", "Ready");
      TenantDeployment ready = nspool.deployment("lw");
      assertThat(ready.getStatus().getComponents())
          .extracting(ComponentStatus::getKind, ComponentStatus::getName, ComponentStatus::isReady)
          .containsExactly(
              tuple("DaemonSet", "lw-log-shipper", true),
              tuple("Job", "lw-run-airflow-migrations", true),
              tuple("Deployment", "lw-webserver", true),
              tuple("StatefulSet", "lw-worker", true));
      assertThat(component(ready, "lw-log-shipper").getReplicas())
          .as("one pod per simulated node")
          .isEqualTo(3);
      // Helm deleted the hook once it succeeded (hook-succeeded), which is why it counts as done.
      assertThat(
              admin
                  .batch()
                  .v1()
                  .jobs()
                  .inNamespace(names.get(0))
                  .withName("lw-run-airflow-migrations")
                  .get())
          .isNull();
      assertThat(installed(ready)).contains("every component is ready");

      admin.apps().deployments().inNamespace(names.get(0)).withName("lw-webserver").delete();
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> "Degraded".equals(nspool.deployment("lw").getStatus().getPhase()));
      TenantDeployment degraded = nspool.deployment("lw");
      assertThat(installed(degraded)).contains("not ready: lw-webserver missing");
      assertThat(component(degraded, "lw-webserver").isReady()).isFalse();

      awaitPhase(nspool, "idle", "Ready");
      TenantDeployment idle = nspool.deployment("idle");
      assertThat(idle.getStatus().getComponents()).isEmpty();
      assertThat(installed(idle)).contains("has no workloads");
    }
  }

  private static ComponentStatus component(TenantDeployment d, String name) {
    return d.getStatus().getComponents().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static String installed(TenantDeployment d) {
    return d.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Installed"))
        .findFirst()
        .orElseThrow()
        .getMessage();
  }
}
