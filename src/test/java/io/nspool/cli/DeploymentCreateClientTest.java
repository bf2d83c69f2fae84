package io.nspool.cli;

import static io.nspool.cli.ApiFixtures.component;
import static io.nspool.cli.ApiFixtures.deployment;
import static io.nspool.cli.ApiFixtures.namespaces;
import static io.nspool.cli.ApiFixtures.ns;
import static io.nspool.cli.FakeApiServer.error;
import static io.nspool.cli.FakeApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nspool.api.model.DeploymentView.ConditionView;
import io.nspool.cli.client.ApiClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Client tests: the CLI against a fake HTTP server speaking the contract, not the real server. */
@DisplayName("Client: nspool deployment create (against a fake API server)")
class DeploymentCreateClientTest {
  private static final String EXHAUSTED =
      "no namespace of pool airflow is available: all 3 are in use; delete a deployment or ask an"
          + " admin to add namespaces";

  private FakeApiServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeApiServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode body(FakeApiServer.Request request) throws Exception {
    return ApiClient.JSON.readTree(request.body());
  }

  @Test
  @DisplayName("in a terminal, lists the available namespaces and claims the one chosen")
  void promptsAndClaimsTheChoice() throws Exception {
    server
        .onJson(
            "GET",
            "/namespaces?available=true",
            200,
            namespaces(ns("tenant-1", "free", null), ns("tenant-2", "free", null)))
        .onJson("POST", "/deployments", 201, deployment("Pending", List.of()));
    FakeTerminal terminal = new FakeTerminal("2");

    CliRun run =
        CliRun.against(
            server, terminal, "deployment", "create", "analytics", "--workspace", "data-team");

    assertThat(run.exitCode()).isZero();
    assertThat(terminal.screen())
        .contains("1) tenant-1", "2) tenant-2", "Namespace for analytics [1-2]: 2");
    JsonNode sent = body(server.requests("POST", "/deployments").get(0));
    assertThat(sent.get("name").asText()).isEqualTo("analytics");
    assertThat(sent.get("namespace").asText()).isEqualTo("tenant-2");
    assertThat(sent.get("pool").asText()).isEqualTo("airflow");
    assertThat(sent.get("workspace").asText()).isEqualTo("data-team");
    assertThat(run.out())
        .isEqualTo(
            "deployment analytics created in namespace tenant-2 (pool airflow, workspace data-team)\n");
  }

  @Test
  @DisplayName(
      "in a terminal with an empty pool, prints the server's pool_exhausted message, exits 6")
  void emptyPool() {
    server
        .onJson("GET", "/namespaces?available=true", 200, namespaces())
        .on("POST", "/deployments", error(409, "pool_exhausted", EXHAUSTED));
    FakeTerminal terminal = new FakeTerminal("1");

    CliRun run = CliRun.against(server, terminal, "deployment", "create", "analytics");

    assertThat(run.exitCode()).isEqualTo(6);
    assertThat(run.err()).isEqualTo("error: " + EXHAUSTED + "\n");
    assertThat(terminal.prompts()).isZero();
    assertThat(run.out()).isEmpty();
  }

  @Test
  @DisplayName("when someone claims the chosen namespace first, says so and offers what is left")
  void lostTheRace() throws Exception {
    server
        .on(
            "GET",
            "/namespaces?available=true",
            json(200, namespaces(ns("tenant-1", "free", null), ns("tenant-2", "free", null))),
            json(200, namespaces(ns("tenant-2", "free", null))))
        .on(
            "POST",
            "/deployments",
            error(409, "namespace_unavailable", "namespace tenant-1 is already claimed"),
            json(201, deployment("Pending", List.of())));
    FakeTerminal terminal = new FakeTerminal("1", "1");

    CliRun run = CliRun.against(server, terminal, "deployment", "create", "analytics");

    assertThat(run.exitCode()).isZero();
    assertThat(terminal.screen()).contains("error: namespace tenant-1 is already claimed");
    List<FakeApiServer.Request> posts = server.requests("POST", "/deployments");
    assertThat(posts).hasSize(2);
    assertThat(body(posts.get(1)).get("namespace").asText()).isEqualTo("tenant-2");
  }

  @Test
  @DisplayName("Ctrl-D at the prompt cancels: exit 1, nothing created")
  void cancelled() {
    server.onJson(
        "GET", "/namespaces?available=true", 200, namespaces(ns("tenant-1", "free", null)));

    CliRun run =
        CliRun.against(
            server, new FakeTerminal((String) null), "deployment", "create", "analytics");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: cancelled: deployment analytics not created\n");
    assertThat(server.requests("POST", "/deployments")).isEmpty();
  }

  @Test
  @DisplayName(
      "without a terminal, asks nothing and lets the server pick; --set values nest and are typed")
  void noTerminal() throws Exception {
    server.onJson("POST", "/deployments", 201, deployment("Pending", List.of()));

    CliRun run =
        CliRun.against(
            server,
            "deployment",
            "create",
            "analytics",
            "--pool",
            "airflow",
            "--set",
            "size=medium",
            "--set",
            "core.parallelism=32",
            "--set",
            "core.pickle=false",
            "--set-string",
            "images.tag=2.10");

    assertThat(run.exitCode()).isZero();
    assertThat(server.requests("GET", "/namespaces")).isEmpty();
    JsonNode sent = body(server.requests("POST", "/deployments").get(0));
    assertThat(sent.get("namespace").isNull()).isTrue();
    assertThat(sent.get("pool").asText()).isEqualTo("airflow");
    assertThat(ApiClient.JSON.convertValue(sent.get("values"), Map.class))
        .isEqualTo(
            Map.of(
                "size", "medium",
                "core", Map.of("parallelism", 32, "pickle", false),
                "images", Map.of("tag", "2.10")));
  }

  @Test
  @DisplayName(
      "sends --chart and --version, and values from -f files merged left to right with --set on"
          + " top, as Helm merges them")
  void chartVersionAndValuesFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    server.onJson("POST", "/deployments", 201, deployment("Pending", List.of()));
    java.nio.file.Path first = dir.resolve("first.yaml");
    java.nio.file.Path second = dir.resolve("second.yaml");
    java.nio.file.Files.writeString(
        first, "size: small\ncore:\n  parallelism: 8\n  pickle: true\nlist: [1, 2]\n");
    java.nio.file.Files.writeString(second, "core:\n  parallelism: 16\nlist: [3]\n");

    CliRun run =
        CliRun.against(
            server,
            "deployment",
            "create",
            "analytics",
            "--chart",
            "airflow-official",
            "--version",
            "1.15.0",
            "-f",
            first.toString(),
            "--values",
            second.toString(),
            "--set",
            "core.parallelism=32");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode sent = body(server.requests("POST", "/deployments").get(0));
    assertThat(sent.get("chart").asText()).isEqualTo("airflow-official");
    assertThat(sent.get("version").asText()).isEqualTo("1.15.0");
    assertThat(ApiClient.JSON.convertValue(sent.get("values"), Map.class))
        .isEqualTo(
            Map.of(
                "size", "small",
                "core", Map.of("parallelism", 32, "pickle", true),
                "list", List.of(3)));
  }

  @Test
  @DisplayName("a -f file that is not a YAML map is a usage error naming the file; nothing is sent")
  void valuesFileNotAMap(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path list = dir.resolve("list.yaml");
    java.nio.file.Files.writeString(list, "- size: small\n");

    CliRun run = CliRun.against(server, "deployment", "create", "analytics", "-f", list.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("-f " + list).contains("must be a YAML map");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  @DisplayName("--namespace or --no-prompt skip the prompt even in a terminal")
  void namespaceGiven() throws Exception {
    server.onJson("POST", "/deployments", 201, deployment("Pending", List.of()));
    FakeTerminal terminal = new FakeTerminal();

    CliRun given =
        CliRun.against(server, terminal, "deployment", "create", "analytics", "-n", "tenant-2");
    CliRun noPrompt =
        CliRun.against(server, terminal, "deployment", "create", "analytics", "--no-prompt");

    assertThat(given.exitCode()).isZero();
    assertThat(noPrompt.exitCode()).isZero();
    assertThat(terminal.prompts()).isZero();
    assertThat(body(server.requests("POST", "/deployments").get(0)).get("namespace").asText())
        .isEqualTo("tenant-2");
  }

  @Test
  @DisplayName("a taken name is the server's already_exists: its message, exit 5")
  void alreadyExists() {
    server.on(
        "POST",
        "/deployments",
        error(409, "already_exists", "deployment analytics already exists"));

    CliRun run = CliRun.against(server, "deployment", "create", "analytics");

    assertThat(run.exitCode()).isEqualTo(5);
    assertThat(run.err()).isEqualTo("error: deployment analytics already exists\n");
  }

  @Test
  @DisplayName("--wait shows each phase and component change, then exits 0 once Ready")
  void waitUntilReady() {
    server
        .onJson("POST", "/deployments", 201, deployment("Pending", List.of()))
        .on(
            "GET",
            "/deployments/analytics",
            json(
                200,
                deployment(
                    "Provisioning", List.of(component("scheduler", 0), component("webserver", 0)))),
            json(
                200,
                deployment(
                    "Provisioning", List.of(component("scheduler", 1), component("webserver", 0)))),
            json(
                200,
                deployment(
                    "Ready", List.of(component("scheduler", 1), component("webserver", 1)))));

    CliRun run =
        CliRun.against(
            server, "deployment", "create", "analytics", "--wait", "--poll-interval-ms", "10");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err())
        .isEqualTo(
            """
            analytics: Pending in namespace tenant-2
            analytics: Provisioning in namespace tenant-2
              Deployment scheduler: 0/1 not ready
              Deployment webserver: 0/1 not ready
              Deployment scheduler: 1/1 ready
            analytics: Ready in namespace tenant-2
              Deployment webserver: 1/1 ready
            """);
    assertThat(run.out()).endsWith("deployment analytics is Ready\n");
  }

  @Test
  @DisplayName("--wait exits 7 with the failing condition when the deployment fails")
  void waitUntilFailed() {
    ConditionView installFailed =
        new ConditionView(
            "Installed",
            "False",
            "InvalidChart",
            "values.size: must be one of small, medium, large",
            null);
    server
        .onJson("POST", "/deployments", 201, deployment("Pending", List.of()))
        .onJson(
            "GET",
            "/deployments/analytics",
            200,
            deployment("Failed", List.of(), List.of(installFailed)));

    CliRun run =
        CliRun.against(
            server, "deployment", "create", "analytics", "--wait", "--poll-interval-ms", "10");

    assertThat(run.exitCode()).isEqualTo(7);
    assertThat(run.err())
        .contains(
            "analytics: Failed in namespace tenant-2: InvalidChart: values.size: must be one of")
        .contains("error: deployment analytics failed: InvalidChart: values.size");
  }

  @Test
  @DisplayName("--wait gives up after --timeout with exit 8, saying the deployment goes on")
  void waitTimesOut() {
    server
        .onJson("POST", "/deployments", 201, deployment("Pending", List.of()))
        .onJson("GET", "/deployments/analytics", 200, deployment("Provisioning", List.of()));

    CliRun run =
        CliRun.against(
            server,
            "deployment",
            "create",
            "analytics",
            "--wait",
            "--timeout",
            "1s",
            "--poll-interval-ms",
            "50");

    assertThat(run.exitCode()).isEqualTo(8);
    assertThat(run.err())
        .contains("error: deployment analytics is not Ready after 1s (phase Provisioning)");
  }

  @Test
  @DisplayName(
      "-o json prints the created deployment as the API sent it, and nothing else on stdout")
  void jsonOutput() throws Exception {
    server.onJson("POST", "/deployments", 201, deployment("Pending", List.of()));

    CliRun run = CliRun.against(server, "deployment", "create", "analytics", "-o", "json");

    assertThat(run.exitCode()).isZero();
    JsonNode printed = ApiClient.JSON.readTree(run.out());
    assertThat(printed.get("namespace").asText()).isEqualTo("tenant-2");
    assertThat(printed.get("values").get("size").asText()).isEqualTo("medium");
  }

  @Test
  @DisplayName("--timeout takes 90s, 5m, 1h30m and refuses anything else as a usage error")
  void timeoutSyntax() {
    CliRun run =
        CliRun.against(server, "deployment", "create", "analytics", "--timeout", "5 minutes");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'5 minutes' is not a duration");
    assertThat(new DurationConverter().convert("1h30m")).hasMinutes(90);
    assertThat(new DurationConverter().convert("90s")).hasSeconds(90);
  }
}
