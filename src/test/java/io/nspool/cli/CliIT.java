package io.nspool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.auth.Role;
import io.nspool.cli.client.ApiClient;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.testing.RunningController;
import io.nspool.testing.RunningServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The real {@code nspool} client commands against the real REST server, controller and local
 * Kubernetes (its simulated nodes run the pods, so deployments become Ready); the prompt runs in a
 * real pseudo-terminal. Each test gives the pool back whole.
 */
@LocalKubernetes
@DisplayName("The nspool CLI against the real server")
class CliIT {
  static RunningServer nspool;
  static Map<String, String> member;
  static List<String> pool;

  private final List<String> created = new ArrayList<>();

  @BeforeAll
  static void start(KubernetesClient kube) {
    nspool = RunningServer.start(kube, "cli", 2);
    member =
        Map.of(
            "NSPOOL_SERVER",
            nspool.url(),
            "NSPOOL_TOKEN",
            nspool.token("alice", Role.MEMBER, List.of("team-a")));
    pool = nspool.plan().poolNamespaces();
  }

  @AfterAll
  static void stop() {
    nspool.close();
  }

  /** Hard-deletes what the test created and waits until every namespace is free again. */
  @AfterEach
  void giveThePoolBack() {
    for (String name : created) {
      CliRun.run(member, "deployment", "delete", name, "--hard", "--yes");
    }
    await().atMost(RunningController.WAIT).until(() -> available().size() == pool.size());
  }

  private static CliRun nspool(String... args) {
    CliRun run = CliRun.run(member, args);
    assertThat(run.err()).doesNotContain("\tat ");
    return run;
  }

  private static List<String> available() throws Exception {
    CliRun run = nspool("namespace", "list", "--available", "-o", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return ApiClient.JSON.readTree(run.out()).path("items").findValuesAsText("name");
  }

  private String namespaceOf(String deployment) throws Exception {
    CliRun run = nspool("deployment", "get", deployment, "-o", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return ApiClient.JSON.readTree(run.out()).path("namespace").asText();
  }

  @Test
  @DisplayName("create asks in a terminal, re-asks on 0 and on words, claims the namespace chosen")
  void createViaPrompt() throws Exception {
    created.add("web");
    try (PseudoTerminal tty = PseudoTerminal.nspool(member, "deployment", "create", "web")) {
      tty.expect("Namespace for web [1-2]: ");
      int mark = tty.mark();
      tty.type("0").expectAfter(mark, "0 is not in the list");
      mark = tty.mark();
      tty.type("second").expectAfter(mark, "'second' is neither");
      tty.type("2");

      assertThat(tty.exitCode()).as(tty.screen()).isZero();
      assertThat(tty.screen())
          .contains("1) " + pool.get(0), "2) " + pool.get(1))
          .contains("deployment web created in namespace " + pool.get(1));
    }
    assertThat(namespaceOf("web")).isEqualTo(pool.get(1));
  }

  @Test
  @DisplayName(
      "list shows the deployment and its claimed namespace; delete gives the namespace back")
  void listAndDelete() throws Exception {
    created.add("api");
    CliRun create = nspool("deployment", "create", "api", "--set", "size=small");
    assertThat(create.exitCode()).as(create.err()).isZero();
    String namespace = namespaceOf("api");

    CliRun deployments = nspool("deployment", "list");
    CliRun namespaces = nspool("namespace", "list");

    assertThat(deployments.out())
        .startsWith("NAME ")
        .containsPattern("(?m)^api +team-a +default +" + namespace + " ");
    assertThat(namespaces.out())
        .containsPattern("(?m)^" + namespace + " +default +claimed +no +api ");

    CliRun delete = nspool("deployment", "delete", "api", "--hard", "--yes");

    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(delete.out()).contains("deployment api deleted: namespace " + namespace);
    created.remove("api");
    await().atMost(RunningController.WAIT).until(() -> available().contains(namespace));
    await()
        .atMost(RunningController.WAIT)
        .until(() -> nspool("deployment", "get", "api").exitCode() == ExitCode.NOT_FOUND);
  }

  @Test
  @DisplayName(
      "with the pool used up, create prints the server's pool_exhausted message and exits 6")
  void poolExhausted() throws Exception {
    for (String name : List.of("one", "two")) {
      created.add(name);
      CliRun run = nspool("deployment", "create", name, "--no-prompt");
      assertThat(run.exitCode()).as(run.err()).isZero();
    }

    CliRun script = nspool("deployment", "create", "three");
    String message;
    try (PseudoTerminal tty = PseudoTerminal.nspool(member, "deployment", "create", "three")) {
      assertThat(tty.exitCode()).as(tty.screen()).isEqualTo(ExitCode.NO_NAMESPACE);
      message = tty.screen();
    }

    assertThat(script.exitCode()).isEqualTo(ExitCode.NO_NAMESPACE);
    assertThat(script.err()).startsWith("error: ").hasLineCount(1);
    assertThat(message).isEqualTo(script.err()).doesNotContain("Namespace for");
    assertThat(nspool("deployment", "get", "three").exitCode()).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  @DisplayName(
      "a soft delete keeps the namespace retained; restore brings the deployment back there")
  void softDeleteAndRestore() throws Exception {
    created.add("keep");
    assertThat(nspool("deployment", "create", "keep").exitCode()).isZero();
    String namespace = namespaceOf("keep");

    CliRun delete = nspool("deployment", "delete", "keep");
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(delete.out()).contains("deleted (soft): namespace " + namespace + " keeps its data");
    await()
        .atMost(RunningController.WAIT)
        .until(
            () ->
                nspool("namespace", "list")
                    .out()
                    .matches("(?s).*\\b" + namespace + " +default +retained .*"));

    CliRun restore = nspool("deployment", "restore", "keep");

    assertThat(restore.exitCode()).as(restore.err()).isZero();
    assertThat(restore.out())
        .isEqualTo("deployment keep restored into namespace " + namespace + "\n");
    CliRun again = nspool("deployment", "restore", "keep");
    assertThat(again.exitCode()).isEqualTo(ExitCode.CONFLICT);
    JsonNode pools = ApiClient.JSON.readTree(nspool("pool", "get", "-o", "json").out());
    assertThat(pools.path("items").get(0).path("counts").path("total").asInt()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "create --wait prints phase and component changes and exits 0 once Ready; its logs and"
          + " events name their namespace")
  void createAndWait() throws Exception {
    created.add("ready");

    CliRun run =
        nspool(
            "deployment",
            "create",
            "ready",
            "--no-prompt",
            "--wait",
            "--timeout",
            "3m",
            "--poll-interval-ms",
            "500");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("ready: Ready in namespace ")
        .containsPattern("(?m)^  Deployment .*: 1/1 ready$");
    assertThat(run.out()).endsWith("deployment ready is Ready\n");
    CliRun get = nspool("deployment", "get", "ready");
    assertThat(get.out()).contains("Phase:      Ready");

    String namespace = namespaceOf("ready");
    CliRun logs = nspool("deployment", "logs", "ready", "-c", "scheduler", "--tail", "1");
    assertThat(logs.exitCode()).as(logs.err()).isZero();
    assertThat(logs.out())
        .matches("\\[" + namespace + "/ready-scheduler-[a-z0-9-]+/scheduler\\] .+\n");
    CliRun none = nspool("deployment", "logs", "ready", "--tail", "0");
    assertThat(none.exitCode()).as(none.err()).isZero();
    assertThat(none.out()).isEmpty();
    CliRun events = nspool("deployment", "events", "ready");
    assertThat(events.out()).startsWith("NAMESPACE ").contains(namespace + " ");
  }

  @Test
  @DisplayName(
      "update --set upgrades the release to a new revision and waits for it; history lists both;"
          + " the same values again change nothing")
  void updateAndHistory() throws Exception {
    created.add("upgraded");
    CliRun create =
        nspool(
            "deployment",
            "create",
            "upgraded",
            "--no-prompt",
            "--set",
            "size=small",
            "--wait",
            "--timeout",
            "3m",
            "--poll-interval-ms",
            "500");
    assertThat(create.exitCode()).as(create.err()).isZero();

    CliRun update =
        nspool(
            "deployment",
            "update",
            "upgraded",
            "--set",
            "size=large",
            "--wait",
            "--timeout",
            "3m",
            "--poll-interval-ms",
            "500");

    assertThat(update.exitCode()).as(update.err()).isZero();
    assertThat(update.out()).endsWith("deployment upgraded is Ready at revision 2\n");
    JsonNode after =
        ApiClient.JSON.readTree(nspool("deployment", "get", "upgraded", "-o", "json").out());
    assertThat(after.path("values").path("size").asText()).isEqualTo("large");
    String namespace = after.path("namespace").asText();
    assertThat(
            nspool.admin().resourceQuotas().inNamespace(namespace).list().getItems().stream()
                .map(q -> q.getSpec().getHard().get("requests.cpu").toString())
                .toList())
        .as("the upgrade applies the large size's quota (small's is 4)")
        .containsExactly("64");

    JsonNode history =
        ApiClient.JSON.readTree(nspool("deployment", "history", "upgraded", "-o", "json").out());
    assertThat(history.path("items").findValuesAsText("status"))
        .containsExactly("superseded", "deployed");
    assertThat(history.path("items").findValuesAsText("description"))
        .containsExactly("Install complete", "Upgrade complete");
    CliRun table = nspool("deployment", "history", "upgraded");
    assertThat(table.out().lines().toList()).hasSize(3);

    CliRun again = nspool("deployment", "update", "upgraded", "--set", "size=large");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).isEqualTo("deployment upgraded unchanged (revision 2)\n");
  }

  @Test
  @DisplayName(
      "a wrong token and a viewer's create exit 3 with the server's message, token unprinted")
  void deniedExitsThree() {
    String viewerToken = nspool.token("vera", Role.VIEWER, List.of("team-a"));
    Map<String, String> viewer = Map.of("NSPOOL_SERVER", nspool.url(), "NSPOOL_TOKEN", viewerToken);
    Map<String, String> stranger =
        Map.of("NSPOOL_SERVER", nspool.url(), "NSPOOL_TOKEN", "nsp_not-a-real-token");

    CliRun create = CliRun.run(viewer, "deployment", "create", "nope", "--no-prompt");
    CliRun list = CliRun.run(stranger, "deployment", "list");

    assertThat(create.exitCode()).isEqualTo(ExitCode.DENIED);
    assertThat(create.err()).startsWith("error: ").contains("viewer").doesNotContain(viewerToken);
    assertThat(list.exitCode()).isEqualTo(ExitCode.DENIED);
    assertThat(list.err()).isEqualTo("error: unknown or revoked token\n");
  }
}
