package io.nspool.cli;

import static io.nspool.cli.ApiFixtures.component;
import static io.nspool.cli.ApiFixtures.deployment;
import static io.nspool.cli.ApiFixtures.pool;
import static io.nspool.cli.FakeApiServer.error;
import static io.nspool.cli.FakeApiServer.json;
import static io.nspool.cli.FakeApiServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nspool.api.model.DeploymentView;
import io.nspool.api.model.EventView;
import io.nspool.api.model.Items;
import io.nspool.cli.client.ApiClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Client tests: the CLI against a fake HTTP server speaking the contract, not the real server. */
@DisplayName(
    "Client: nspool deployment list|get|delete|restore|logs|events (against a fake API server)")
class DeploymentClientTest {
  private FakeApiServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeApiServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static DeploymentView ready() {
    return deployment("Ready", List.of(component("scheduler", 1), component("webserver", 1)));
  }

  @Test
  @DisplayName("list prints an aligned table with phase and component readiness")
  void listTable() {
    server.onJson("GET", "/deployments", 200, new Items<>(List.of(ready())));

    CliRun run = CliRun.against(server, "deployment", "list");

    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0))
        .startsWith("NAME        WORKSPACE   POOL      NAMESPACE   PHASE   READY   AGE");
    assertThat(lines.get(1))
        .startsWith("analytics   data-team   airflow   tenant-2    Ready   2/2     ");
  }

  @Test
  @DisplayName("list --workspace asks the server for that workspace only; an empty list says so")
  void listByWorkspace() {
    server.onJson("GET", "/deployments?workspace=data-team", 200, new Items<>(List.of()));

    CliRun run = CliRun.against(server, "deployment", "list", "--workspace", "data-team");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("No deployments.\n");
  }

  @Test
  @DisplayName("-o json and -o yaml print the API's list object, items and all")
  void listJsonYaml() throws Exception {
    server.onJson("GET", "/deployments", 200, new Items<>(List.of(ready())));

    CliRun json = CliRun.against(server, "deployment", "list", "-o", "json");
    CliRun yaml = CliRun.against(server, "deployment", "list", "-o", "yaml");

    JsonNode printed = ApiClient.JSON.readTree(json.out());
    assertThat(printed.get("items").get(0).get("phase").asText()).isEqualTo("Ready");
    assertThat(yaml.out()).startsWith("items:\n- name: analytics\n").contains("  phase: Ready\n");
  }

  @Test
  @DisplayName("get shows the deployment's fields, components and conditions")
  void get() {
    server.onJson("GET", "/deployments/analytics", 200, ready());

    CliRun run = CliRun.against(server, "deployment", "get", "analytics");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Name:       analytics\n", "Phase:      Ready\n", "Values:     size=medium\n")
        .contains(
            "Components:\n  KIND         NAME        READY\n  Deployment   scheduler   1/1\n");
  }

  @Test
  @DisplayName("get of an unknown deployment prints the server's not_found message and exits 4")
  void getUnknown() {
    server.on(
        "GET", "/deployments/nope", error(404, "not_found", "deployment nope does not exist"));

    CliRun run = CliRun.against(server, "deployment", "get", "nope");

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).isEqualTo("error: deployment nope does not exist\n");
  }

  @Test
  @DisplayName("delete is soft by default: no question, and it says until when restore works")
  void softDelete() {
    DeploymentView retained =
        new DeploymentView(
            "analytics",
            "data-team",
            "airflow",
            "tenant-2",
            java.util.List.of(),
            "Retained",
            "2099-06-15T12:00:00Z",
            null,
            null,
            List.of(),
            List.of(),
            null);
    server
        .onJson("GET", "/deployments/analytics", 200, ready())
        .onJson("GET", "/pools/airflow", 200, pool(false))
        .onJson("DELETE", "/deployments/analytics", 202, retained);

    CliRun run = CliRun.against(server, "deployment", "delete", "analytics");

    assertThat(run.exitCode()).isZero();
    assertThat(server.requests("DELETE", "/deployments/analytics").get(0).query()).isNull();
    assertThat(run.out())
        .startsWith(
            "deployment analytics deleted (soft): namespace tenant-2 keeps its data until"
                + " 2099-06-15T12:00:00Z (in ")
        .contains("`nspool deployment restore analytics` brings it back");
  }

  @Test
  @DisplayName("delete --hard without a terminal needs --yes: usage error, nothing deleted")
  void hardDeleteNeedsYes() {
    server
        .onJson("GET", "/deployments/analytics", 200, ready())
        .onJson("GET", "/pools/airflow", 200, pool(false));

    CliRun run = CliRun.against(server, "deployment", "delete", "analytics", "--hard");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("cannot be undone: pass --yes to confirm");
    assertThat(server.requests("DELETE", "/deployments/analytics")).isEmpty();
  }

  @Test
  @DisplayName(
      "delete --hard in a terminal asks; 'y' deletes with hard=true, anything else cancels")
  void hardDeleteAsks() {
    server
        .onJson("GET", "/deployments/analytics", 200, ready())
        .onJson("GET", "/pools/airflow", 200, pool(false))
        .on(
            "DELETE",
            "/deployments/analytics",
            new FakeApiServer.Answer(202, "application/json", ""));
    FakeTerminal no = new FakeTerminal("n");
    FakeTerminal yes = new FakeTerminal("y");

    CliRun cancelled = CliRun.against(server, no, "deployment", "delete", "analytics", "--hard");
    CliRun deleted = CliRun.against(server, yes, "deployment", "delete", "analytics", "--hard");

    assertThat(cancelled.exitCode()).isEqualTo(1);
    assertThat(cancelled.err()).isEqualTo("error: cancelled: deployment analytics not deleted\n");
    assertThat(no.screen())
        .contains(
            "Delete analytics and scrub namespace tenant-2? Nothing can be restored. [y/N]: ");
    assertThat(deleted.exitCode()).isZero();
    assertThat(server.requests("DELETE", "/deployments/analytics"))
        .singleElement()
        .extracting(FakeApiServer.Request::query)
        .isEqualTo("hard=true");
    assertThat(deleted.out())
        .isEqualTo(
            "deployment analytics deleted: namespace tenant-2 is being scrubbed and returns to the pool\n");
  }

  @Test
  @DisplayName(
      "a plain delete in a hardDelete pool is hard too, so it asks as well; --yes does not")
  void hardDeletePool() {
    server
        .onJson("GET", "/deployments/analytics", 200, ready())
        .onJson("GET", "/pools/airflow", 200, pool(true))
        .on(
            "DELETE",
            "/deployments/analytics",
            new FakeApiServer.Answer(202, "application/json", ""));
    FakeTerminal terminal = new FakeTerminal("no");

    CliRun asked = CliRun.against(server, terminal, "deployment", "delete", "analytics");
    CliRun confirmed = CliRun.against(server, "deployment", "delete", "analytics", "--yes");

    assertThat(asked.exitCode()).isEqualTo(1);
    assertThat(terminal.screen()).contains("(its pool airflow deletes hard)");
    assertThat(confirmed.exitCode()).isZero();
    assertThat(confirmed.out()).contains("is being scrubbed");
  }

  @Test
  @DisplayName("restore says where the deployment is back; a deployment not retained exits 5")
  void restore() {
    server
        .onJson(
            "POST", "/deployments/analytics/restore", 200, deployment("Provisioning", List.of()))
        .on(
            "POST",
            "/deployments/live/restore",
            error(
                409, "failed_precondition", "deployment live is not retained: nothing to restore"));

    CliRun restored = CliRun.against(server, "deployment", "restore", "analytics");
    CliRun notRetained = CliRun.against(server, "deployment", "restore", "live");

    assertThat(restored.exitCode()).isZero();
    assertThat(restored.out()).isEqualTo("deployment analytics restored into namespace tenant-2\n");
    assertThat(notRetained.exitCode()).isEqualTo(5);
    assertThat(notRetained.err())
        .isEqualTo("error: deployment live is not retained: nothing to restore\n");
  }

  @Test
  @DisplayName("logs passes --component and --tail to the server and prints the text as is")
  void logs() {
    server.on(
        "GET", "/deployments/analytics/logs?component=scheduler&tail=2", text("line 1\nline 2"));

    CliRun run =
        CliRun.against(server, "deployment", "logs", "analytics", "-c", "scheduler", "--tail", "2");
    CliRun negative = CliRun.against(server, "deployment", "logs", "analytics", "--tail", "-1");
    CliRun tooMany = CliRun.against(server, "deployment", "logs", "analytics", "--tail", "10001");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("line 1\nline 2\n");
    assertThat(negative.exitCode()).isEqualTo(2);
    assertThat(negative.err())
        .contains("--tail: -1 must be a whole number of lines from 0 to 10000");
    assertThat(tooMany.exitCode()).isEqualTo(2);
    assertThat(tooMany.err()).contains("--tail: 10001 must be a whole number of lines from 0");
  }

  @Test
  @DisplayName(
      "logs -f --tail 0 asks the server to follow from now on and prints the streamed lines")
  void follow() {
    server.on(
        "GET",
        "/deployments/analytics/logs?tail=0&follow=true",
        text("[tenant-1/a-0/main] one\n[tenant-1/a-0/main] two\n"));

    CliRun run = CliRun.against(server, "deployment", "logs", "analytics", "-f", "--tail", "0");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("[tenant-1/a-0/main] one\n[tenant-1/a-0/main] two\n");
  }

  @Test
  @DisplayName("logs -f with an error answer exits with the server's error, not a stream")
  void followRefused() {
    server.on(
        "GET",
        "/deployments/analytics/logs?component=nope&follow=true",
        FakeApiServer.error(400, "invalid_argument", "component: \"nope\" is not a component"));

    CliRun run = CliRun.against(server, "deployment", "logs", "analytics", "-f", "-c", "nope");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("component: \"nope\" is not a component");
  }

  @Test
  @DisplayName("events prints a table of the events of the deployment's namespaces, each named")
  void events() {
    server.onJson(
        "GET",
        "/deployments/analytics/events",
        200,
        new Items<>(
            List.of(
                new EventView(
                    "tenant-1",
                    "Warning",
                    "FailedCreate",
                    "quota exceeded",
                    "ReplicaSet/scheduler-7d",
                    3,
                    "2025-06-01T11:59:00Z"))));

    CliRun run = CliRun.against(server, "deployment", "events", "analytics");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines().toList().get(0))
        .isEqualTo(
            "NAMESPACE   LAST-SEEN   TYPE      REASON         OBJECT                    COUNT  "
                + " MESSAGE");
    assertThat(run.out())
        .contains("tenant-1    ")
        .contains("Warning   FailedCreate   ReplicaSet/scheduler-7d   3       quota exceeded");
  }

  @Test
  @DisplayName("a request the token may not make exits 3 with the server's forbidden message")
  void forbidden() {
    server
        .on(
            "DELETE",
            "/deployments/analytics",
            error(403, "forbidden", "role viewer may not delete deployments"))
        .onJson("GET", "/deployments/analytics", 200, ready())
        .onJson("GET", "/pools/airflow", 200, pool(false));

    CliRun run = CliRun.against(server, "deployment", "delete", "analytics");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).isEqualTo("error: role viewer may not delete deployments\n");
  }

  @Test
  @DisplayName("a wrong token exits 3 with the server's unauthenticated message")
  void wrongToken() {
    CliRun run =
        CliRun.run(
            java.util.Map.of("NSPOOL_SERVER", server.url(), "NSPOOL_TOKEN", "wrong"),
            "deployment",
            "list");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).startsWith("error: no valid token");
  }

  @Test
  @DisplayName(
      "an answer that is not nspool's (a proxy page) exits 1 naming the server, not a stack trace")
  void notNspool() {
    server.on(
        "GET",
        "/deployments",
        new FakeApiServer.Answer(502, "text/html", "<html>Bad gateway</html>"));

    CliRun run = CliRun.against(server, "deployment", "list");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "error: the server at "
                + server.url()
                + " answered HTTP 502 without an nspool error\n");
  }
}
