package io.nspool.cli;

import static io.nspool.cli.ApiFixtures.component;
import static io.nspool.cli.FakeApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nspool.api.model.DeploymentView;
import io.nspool.api.model.Items;
import io.nspool.api.model.RevisionView;
import io.nspool.cli.client.ApiClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Client tests for changing values and reading the revision history, against a fake server. */
@DisplayName("Client: nspool deployment update|history (against a fake API server)")
class DeploymentUpdateClientTest {
  private FakeApiServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeApiServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static DeploymentView at(String phase, int revision, Map<String, Object> values) {
    return new DeploymentView(
        "analytics",
        "data-team",
        "airflow",
        "tenant-2",
        java.util.List.of(),
        phase,
        null,
        values,
        new DeploymentView.Release(revision, "airflow-0.1.0"),
        List.of(component("scheduler", "Ready".equals(phase) ? 1 : 0)),
        List.of(),
        "2025-06-01T11:59:00Z");
  }

  private static final Map<String, Object> CURRENT =
      Map.of("size", "medium", "core", Map.of("parallelism", 32, "dags", "s3://dags"));

  private JsonNode patchedValues() throws Exception {
    List<FakeApiServer.Request> patches = server.requests("PATCH", "/deployments/analytics");
    assertThat(patches).hasSize(1);
    return ApiClient.JSON.readTree(patches.get(0).body()).get("values");
  }

  @Test
  @DisplayName("--set merges into the current values, nested keys kept, and PATCHes the result")
  void mergesIntoCurrentValues() throws Exception {
    server.onJson("GET", "/deployments/analytics", 200, at("Ready", 1, CURRENT));
    server.onJson("PATCH", "/deployments/analytics", 200, at("Ready", 1, CURRENT));

    CliRun run =
        CliRun.against(server, "deployment", "update", "analytics", "--set", "core.parallelism=64");

    assertThat(run.exitCode()).isZero();
    assertThat(patchedValues())
        .isEqualTo(
            ApiClient.JSON.valueToTree(
                Map.of("size", "medium", "core", Map.of("parallelism", 64, "dags", "s3://dags"))));
    assertThat(run.out())
        .isEqualTo(
            "deployment analytics updated; its release goes from revision 1 to the next"
                + " (`nspool deployment history analytics`)\n");
  }

  @Test
  @DisplayName(
      "--chart and --version switch the catalogue entry, sending no values; -f merges into the"
          + " current values before --set")
  void chartAndValuesFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    server.onJson("GET", "/deployments/analytics", 200, at("Ready", 1, CURRENT));
    server.onJson("PATCH", "/deployments/analytics", 200, at("Ready", 1, CURRENT));

    CliRun switched =
        CliRun.against(
            server, "deployment", "update", "analytics", "--chart", "official", "--version", "2");

    assertThat(switched.exitCode()).as(switched.err()).isZero();
    JsonNode body =
        ApiClient.JSON.readTree(server.requests("PATCH", "/deployments/analytics").get(0).body());
    assertThat(body.get("chart").asText()).isEqualTo("official");
    assertThat(body.get("version").asText()).isEqualTo("2");
    assertThat(body.get("values").isNull()).isTrue();

    java.nio.file.Path file = dir.resolve("more.yaml");
    java.nio.file.Files.writeString(file, "core:\n  dags: s3://other\n  parallelism: 8\n");
    CliRun merged =
        CliRun.against(
            server,
            "deployment",
            "update",
            "analytics",
            "-f",
            file.toString(),
            "--set",
            "core.parallelism=16");
    assertThat(merged.exitCode()).as(merged.err()).isZero();
    JsonNode second =
        ApiClient.JSON.readTree(server.requests("PATCH", "/deployments/analytics").get(1).body());
    assertThat(second.get("values"))
        .isEqualTo(
            ApiClient.JSON.valueToTree(
                Map.of("size", "medium", "core", Map.of("parallelism", 16, "dags", "s3://other"))));
  }

  @Test
  @DisplayName("--reset-values replaces the current values with only the given ones")
  void resetValues() throws Exception {
    server.onJson("GET", "/deployments/analytics", 200, at("Ready", 1, CURRENT));
    server.onJson("PATCH", "/deployments/analytics", 200, at("Ready", 1, Map.of("size", "small")));

    CliRun run =
        CliRun.against(
            server, "deployment", "update", "analytics", "--reset-values", "--set", "size=small");

    assertThat(run.exitCode()).isZero();
    assertThat(patchedValues()).isEqualTo(ApiClient.JSON.valueToTree(Map.of("size", "small")));
  }

  @Test
  @DisplayName("values that end up as they are send no PATCH: no new revision, exit 0")
  void unchangedIsANoOp() {
    server.onJson("GET", "/deployments/analytics", 200, at("Ready", 3, CURRENT));

    CliRun run =
        CliRun.against(server, "deployment", "update", "analytics", "--set", "size=medium");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("deployment analytics unchanged (revision 3)\n");
    assertThat(server.requests("PATCH", "/deployments/analytics")).isEmpty();
  }

  @Test
  @DisplayName("with nothing to change it is a usage error (exit 2) and asks the server nothing")
  void nothingToChange() {
    CliRun run = CliRun.against(server, "deployment", "update", "analytics");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .contains(
            "nothing to change: give -f, --set, --set-string, --reset-values, --chart or --version");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  @DisplayName("a --set that contradicts itself is a usage error naming both and changes nothing")
  void contradictorySets() {
    server.onJson("GET", "/deployments/analytics", 200, at("Ready", 1, CURRENT));

    CliRun run =
        CliRun.against(
            server, "deployment", "update", "analytics", "--set", "a=1", "--set", "a.b=2");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("'a.b=2' sets a key inside a, which 'a=1' set to a value");
    assertThat(server.requests("PATCH", "/deployments/analytics")).isEmpty();
  }

  private CliRun updateAndWait() {
    return CliRun.against(
        server,
        "deployment",
        "update",
        "analytics",
        "--set",
        "size=large",
        "--wait",
        "--poll-interval-ms",
        "1");
  }

  @Test
  @DisplayName(
      "--wait is not fooled by the old revision's Ready: it waits for a newer revision to be Ready")
  void waitsForTheNewRevision() {
    server.on(
        "GET",
        "/deployments/analytics",
        json(200, at("Ready", 1, CURRENT)),
        json(200, at("Ready", 1, CURRENT)),
        json(200, at("Provisioning", 2, CURRENT)),
        json(200, at("Ready", 2, CURRENT)));
    server.onJson("PATCH", "/deployments/analytics", 200, at("Ready", 1, CURRENT));

    CliRun run = updateAndWait();

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).endsWith("deployment analytics is Ready at revision 2\n");
    assertThat(run.err()).contains("analytics: Provisioning in namespace tenant-2");
    assertThat(server.requests("GET", "/deployments/analytics").size()).isGreaterThanOrEqualTo(4);
  }

  @Test
  @DisplayName("--wait ends with exit 7 when the upgrade fails")
  void waitFailed() {
    server.on(
        "GET",
        "/deployments/analytics",
        json(200, at("Ready", 1, CURRENT)),
        json(200, at("Failed", 1, CURRENT)));
    server.onJson("PATCH", "/deployments/analytics", 200, at("Ready", 1, CURRENT));

    CliRun run = updateAndWait();

    assertThat(run.exitCode()).isEqualTo(ExitCode.DEPLOYMENT_FAILED);
    assertThat(run.err()).contains("deployment analytics failed");
  }

  @Test
  @DisplayName("history prints Helm's revisions as a table, oldest first")
  void historyTable() {
    server.onJson(
        "GET",
        "/deployments/analytics/revisions",
        200,
        new Items<>(
            List.of(
                new RevisionView(
                    1,
                    "2025-06-01T12:00:00Z",
                    "superseded",
                    "airflow-0.1.0",
                    "2.10.5",
                    "Install complete"),
                new RevisionView(
                    2,
                    "2025-06-01T12:05:00Z",
                    "deployed",
                    "airflow-0.1.0",
                    "2.10.5",
                    "Upgrade complete"))));

    CliRun run = CliRun.against(server, "deployment", "history", "analytics");

    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("REVISION   UPDATED").contains("STATUS", "DESCRIPTION");
    assertThat(lines.get(1)).startsWith("1 ").contains("superseded", "Install complete");
    assertThat(lines.get(2)).startsWith("2 ").contains("deployed", "Upgrade complete");
  }

  @Test
  @DisplayName("history of a release not installed yet says so on stderr; -o json prints the list")
  void historyEmpty() throws Exception {
    server.onJson("GET", "/deployments/analytics/revisions", 200, new Items<>(List.of()));

    CliRun table = CliRun.against(server, "deployment", "history", "analytics");
    CliRun json = CliRun.against(server, "deployment", "history", "analytics", "-o", "json");

    assertThat(table.out()).isEmpty();
    assertThat(table.err()).isEqualTo("No revisions: the release is not installed yet.\n");
    assertThat(ApiClient.JSON.readTree(json.out()).get("items").size()).isZero();
  }
}
