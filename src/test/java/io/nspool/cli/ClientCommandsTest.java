package io.nspool.cli;

import static io.nspool.cli.ApiFixtures.namespaces;
import static io.nspool.cli.ApiFixtures.ns;
import static io.nspool.cli.ApiFixtures.pool;
import static io.nspool.cli.FakeApiServer.error;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nspool.api.model.Items;
import io.nspool.api.model.UserView;
import io.nspool.cli.client.ApiClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Client tests: the CLI against a fake HTTP server speaking the contract, not the real server. */
@DisplayName("Client: nspool namespace, pool, user and completion (against a fake API server)")
class ClientCommandsTest {
  private FakeApiServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeApiServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @DisplayName("namespace list sends the bearer token and filters, and prints a table")
  void namespaceList() {
    server.onJson(
        "GET",
        "/namespaces?pool=airflow&available=true",
        200,
        namespaces(ns("tenant-1", "free", null)));

    CliRun run = CliRun.against(server, "namespace", "list", "--pool", "airflow", "--available");

    assertThat(run.exitCode()).isZero();
    assertThat(server.requests().get(0).authorization()).isEqualTo("Bearer " + FakeApiServer.TOKEN);
    assertThat(run.out()).startsWith("NAME       POOL      STATE   AVAILABLE   DEPLOYMENT   SINCE");
    assertThat(run.out()).contains("tenant-1   airflow   free    yes         -");
    assertThat(run.out() + run.err()).doesNotContain(FakeApiServer.TOKEN);
  }

  @Test
  @DisplayName("the server and token come from NSPOOL_SERVER and NSPOOL_TOKEN when not given")
  void fromEnvironment() {
    server.onJson("GET", "/namespaces", 200, namespaces());

    CliRun run =
        CliRun.run(
            Map.of("NSPOOL_SERVER", server.url() + "/", "NSPOOL_TOKEN", FakeApiServer.TOKEN),
            "namespace",
            "list");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEqualTo("No namespaces.\n");
  }

  @Test
  @DisplayName("namespace list -o yaml prints the API objects, null fields included")
  void namespaceYaml() {
    server.onJson("GET", "/namespaces", 200, namespaces(ns("tenant-2", "claimed", "analytics")));

    CliRun run = CliRun.against(server, "namespace", "list", "-o", "yaml");

    assertThat(run.out())
        .startsWith(
            "items:\n- name: tenant-2\n  pool: airflow\n  state: claimed\n  available: false\n")
        .contains("  deployment: analytics\n", "  purgeAfter: null\n");
  }

  @Test
  @DisplayName("pool get lists every pool with its counts; pool get NAME adds its namespaces")
  void poolGet() {
    server
        .onJson("GET", "/pools", 200, new Items<>(List.of(pool(false))))
        .onJson("GET", "/pools/airflow", 200, pool(false));

    CliRun all = CliRun.against(server, "pool", "get");
    CliRun one = CliRun.against(server, "pool", "get", "airflow");

    assertThat(all.out())
        .isEqualTo(
            """
            NAME      TOTAL   FREE   CLAIMED   RETAINED   CLEANING   QUARANTINED   DRAINING   RETENTION   HARD-DELETE
            airflow   3       1      1         1          0          0             0          14d         no
            """);
    assertThat(one.out()).contains("Namespaces: tenant-1, tenant-2, tenant-3\n");
  }

  @Test
  @DisplayName("pool get NAME of a dynamic pool shows its selector instead of a list of names")
  void poolGetDynamic() {
    io.nspool.api.model.PoolView p = pool(false);
    io.nspool.api.model.PoolView dynamic =
        new io.nspool.api.model.PoolView(
            p.name(),
            List.of(),
            "nspool.io/pool=airflow",
            p.hardDelete(),
            p.retention(),
            p.charts(),
            p.counts());
    server.onJson("GET", "/pools/airflow", 200, dynamic);

    CliRun one = CliRun.against(server, "pool", "get", "airflow");

    assertThat(one.out())
        .contains(
            "Selector:   nspool.io/pool=airflow (dynamic mode: every namespace labelled so is a"
                + " member)\n")
        .doesNotContain("Namespaces:");
  }

  @Test
  @DisplayName("pool add sends the names and says when they are offered")
  void poolAdd() throws Exception {
    server.onJson("POST", "/pools/airflow/namespaces", 200, pool(false));

    CliRun run = CliRun.against(server, "pool", "add", "airflow", "tenant-4", "tenant-5");

    assertThat(run.exitCode()).isZero();
    JsonNode sent = ApiClient.JSON.readTree(server.requests().get(0).body());
    assertThat(sent.get("namespaces")).hasSize(2);
    assertThat(sent.get("namespaces").get(1).asText()).isEqualTo("tenant-5");
    assertThat(run.out())
        .startsWith("added tenant-4, tenant-5 to pool airflow; each is offered once it exists");
  }

  @Test
  @DisplayName("pool add without a namespace is a usage error")
  void poolAddNothing() {
    CliRun run = CliRun.against(server, "pool", "add", "airflow");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("NS");
  }

  @Test
  @DisplayName("pool remove of a free namespace says it left; of a claimed one, that it drains")
  void poolRemove() {
    server
        .onJson(
            "GET",
            "/namespaces?pool=airflow",
            200,
            namespaces(ns("tenant-1", "free", null), ns("tenant-2", "claimed", "analytics")))
        .onJson("DELETE", "/pools/airflow/namespaces/tenant-1", 200, pool(false))
        .onJson("DELETE", "/pools/airflow/namespaces/tenant-2", 200, pool(false));

    CliRun free = CliRun.against(server, "pool", "remove", "airflow", "tenant-1");
    CliRun claimed = CliRun.against(server, "pool", "remove", "airflow", "tenant-2");

    assertThat(free.out()).isEqualTo("removed tenant-1 from pool airflow\n");
    assertThat(claimed.out())
        .isEqualTo(
            "removed tenant-2 from pool airflow: deployment analytics still holds it, so it is"
                + " draining and leaves when that deployment is deleted\n");
  }

  @Test
  @DisplayName("pool drain is the same call as remove and tells that a claimed namespace stays")
  void poolDrain() {
    server
        .onJson("GET", "/namespaces?pool=airflow", 200, namespaces(ns("tenant-2", "claimed", null)))
        .onJson("DELETE", "/pools/airflow/namespaces/tenant-2", 200, pool(false));

    CliRun run = CliRun.against(server, "pool", "drain", "airflow", "tenant-2");

    assertThat(run.exitCode()).isZero();
    assertThat(server.requests("DELETE", "/pools/airflow/namespaces/tenant-2")).hasSize(1);
    assertThat(run.out())
        .contains("it is claimed, so it stays until its deployment (a deployment) is deleted");
  }

  @Test
  @DisplayName("pool remove of a namespace not in the pool prints the server's not_found, exits 4")
  void poolRemoveUnknown() {
    server
        .onJson("GET", "/namespaces?pool=airflow", 200, namespaces())
        .on(
            "DELETE",
            "/pools/airflow/namespaces/nope",
            error(404, "not_found", "namespace nope is not in pool airflow"));

    CliRun run = CliRun.against(server, "pool", "remove", "airflow", "nope");

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).isEqualTo("error: namespace nope is not in pool airflow\n");
  }

  @Test
  @DisplayName(
      "user add prints the token once on stdout, and a warning that it is never shown again")
  void userAdd() throws Exception {
    server.onJson(
        "POST",
        "/users",
        201,
        new UserView("alice", "member", List.of("data-team", "ml"), "nsp_0123456789abcdef"));

    CliRun run =
        CliRun.against(
            server,
            "user",
            "add",
            "alice",
            "--role",
            "member",
            "--workspace",
            "data-team",
            "--workspace",
            "ml");

    assertThat(run.exitCode()).isZero();
    JsonNode sent = ApiClient.JSON.readTree(server.requests().get(0).body());
    assertThat(sent.get("role").asText()).isEqualTo("member");
    assertThat(sent.get("workspaces")).hasSize(2);
    assertThat(run.out())
        .isEqualTo(
            "user alice created (role member, workspaces data-team, ml)\n"
                + "token: nsp_0123456789abcdef\n");
    assertThat(run.err()).startsWith("warning: this token is shown now and never again");
    assertThat(run.err()).doesNotContain("nsp_0123456789abcdef");
  }

  @Test
  @DisplayName("user add refuses an unknown role and a member without workspace, before asking")
  void userAddUsage() {
    CliRun badRole =
        CliRun.against(server, "user", "add", "bob", "--role", "root", "--workspace", "x");
    CliRun noWorkspace = CliRun.against(server, "user", "add", "bob", "--role", "viewer");

    assertThat(badRole.exitCode()).isEqualTo(2);
    assertThat(badRole.err()).contains("--role", "admin, member, viewer", "'root'");
    assertThat(noWorkspace.exitCode()).isEqualTo(2);
    assertThat(noWorkspace.err()).contains("--workspace is required for role viewer");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  @DisplayName("completion bash prints picocli's script covering the client commands")
  void completion() {
    CliRun bash = CliRun.run(Map.of(), "completion", "bash");
    CliRun zsh = CliRun.run(Map.of(), "completion", "zsh");
    CliRun fish = CliRun.run(Map.of(), "completion", "fish");

    assertThat(bash.exitCode()).isZero();
    assertThat(bash.out())
        .contains("complete -F _complete_nspool", "bashcompinit", "deployment", "--available");
    assertThat(zsh.out()).isEqualTo(bash.out());
    assertThat(fish.exitCode()).isEqualTo(2);
    assertThat(fish.err()).contains("bash, zsh");
  }
}
