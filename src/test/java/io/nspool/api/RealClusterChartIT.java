package io.nspool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.testing.RunningController;
import io.nspool.testing.RunningServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A chart with a real cluster's habits, through nspool on the local cluster (scheduler, every
 * controller, kwok nodes): a post-install hook Job that Helm waits on, pods that do not fit, a
 * quota that refuses a pod. What a platform engineer sees is what a real cluster would show.
 */
@LocalKubernetes
@DisplayName("A chart on the local cluster, through nspool")
class RealClusterChartIT {
  private static final Path HOOKED = Path.of("src/test/resources/charts/hooked").toAbsolutePath();

  private RunningServer nspool;

  @AfterEach
  void stop() {
    if (nspool != null) {
      nspool.close();
    }
  }

  @Test
  @DisplayName("reaches Ready once its post-install migration Job has completed")
  void hookJobCompletes(KubernetesClient admin) {
    Http http = start(admin, "hook-ok");

    create(http, "ok", Map.of());

    JsonNode d = awaitPhase(http, "ok", "Ready");
    assertThat(d.path("components").toString()).contains("ok-web");
    String ns = d.path("namespace").asText();
    assertThat(admin.batch().v1().jobs().inNamespace(ns).withName("ok-migrate").get())
        .satisfies(job -> assertThat(job.getStatus().getSucceeded()).isEqualTo(1));
  }

  @Test
  @DisplayName(
      "says precisely that its post-install hook failed when the migration Job's pod fails")
  void hookJobFails(KubernetesClient admin) {
    Http http = start(admin, "hook-fail");

    create(http, "broken", Map.of("failMigration", true));

    await()
        .atMost(RunningController.WAIT)
        .untilAsserted(
            () -> {
              JsonNode d = http.get("/api/v1/deployments/broken", nspool.adminToken()).json();
              assertThat(d.path("phase").asText()).isEqualTo("Failed");
              assertThat(installed(d).path("message").asText())
                  .contains("post-install")
                  .contains("BackoffLimitExceeded");
            });
  }

  @Test
  @DisplayName(
      "shows a component whose pod fits on no node as not ready, with the scheduler's event among the deployment's events")
  void podThatFitsNowhere(KubernetesClient admin) {
    Http http = start(admin, "nofit");

    create(http, "huge", Map.of("cpu", "64"));

    await()
        .atMost(RunningController.WAIT)
        .untilAsserted(
            () ->
                assertThat(events(http, "huge"))
                    .contains("FailedScheduling")
                    .contains("Insufficient cpu"));
    await()
        .atMost(RunningController.WAIT)
        .untilAsserted(
            () -> {
              JsonNode d = http.get("/api/v1/deployments/huge", nspool.adminToken()).json();
              assertThat(d.path("release").path("revision").asInt()).as("installed").isEqualTo(1);
              assertThat(d.path("phase").asText()).isEqualTo("Provisioning");
              assertThat(d.path("components").toString())
                  .contains("\"name\":\"huge-web\"")
                  .contains("\"readyReplicas\":0")
                  .contains("\"ready\":false");
            });
  }

  @Test
  @DisplayName(
      "shows the quota's refusal of a pod as the ReplicaSet's FailedCreate event among the deployment's events, and the quota's usage")
  void quotaRefusesAPod(KubernetesClient admin) {
    Http http = start(admin, "quota");

    // 3 web pods of 500m against 1100m: two fit (with the 10m migration), the third is refused.
    create(http, "tight", Map.of("replicas", 3, "cpu", "500m", "quotaCpu", "1100m"));

    await()
        .atMost(RunningController.WAIT)
        .untilAsserted(
            () ->
                assertThat(events(http, "tight"))
                    .contains("FailedCreate")
                    .contains("exceeded quota"));
    JsonNode d = http.get("/api/v1/deployments/tight", nspool.adminToken()).json();
    String ns = d.path("namespace").asText();
    assertThat(
            admin
                .resourceQuotas()
                .inNamespace(ns)
                .withName("tight-quota")
                .get()
                .getStatus()
                .getUsed())
        .as("the quota controller keeps status.used")
        .containsKey("requests.cpu");
    assertThat(d.path("phase").asText()).isNotEqualTo("Ready");
  }

  private Http start(KubernetesClient admin, String label) {
    nspool = RunningServer.start(admin, label, 1);
    admin
        .resources(NamespacePool.class)
        .inNamespace(nspool.plan().controlNamespace())
        .withName(nspool.plan().pool())
        .edit(
            p -> {
              p.getSpec()
                  .setCharts(
                      new java.util.ArrayList<>(
                          java.util.List.of(
                              io.nspool.chart.ChartEntry.path("test", HOOKED.toString()))));
              return p;
            });
    return new Http(nspool.url());
  }

  private void create(Http http, String name, Map<String, Object> values) {
    try {
      Http.Response created =
          http.post(
              "/api/v1/deployments",
              nspool.adminToken(),
              Http.JSON.writeValueAsString(Map.of("name", name, "values", values)));
      assertThat(created.status()).as(created.text()).isEqualTo(201);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private JsonNode awaitPhase(Http http, String name, String phase) {
    await()
        .atMost(RunningController.WAIT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                phase.equals(
                    http.get("/api/v1/deployments/" + name, nspool.adminToken())
                        .json()
                        .path("phase")
                        .asText()));
    return http.get("/api/v1/deployments/" + name, nspool.adminToken()).json();
  }

  private String events(Http http, String name) {
    return http.get("/api/v1/deployments/" + name + "/events", nspool.adminToken()).text();
  }

  private static JsonNode installed(JsonNode deployment) {
    for (JsonNode c : deployment.path("conditions")) {
      if ("Installed".equals(c.path("type").asText())) {
        return c;
      }
    }
    return Http.JSON.missingNode();
  }
}
