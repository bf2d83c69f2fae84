package io.nspool.cli;

import static io.nspool.cli.ApiFixtures.deployment;
import static io.nspool.cli.ApiFixtures.namespaces;
import static io.nspool.cli.ApiFixtures.ns;
import static io.nspool.cli.FakeApiServer.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.nspool.cli.client.ApiClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Client tests: the real command in a real pseudo-terminal, so {@code System.console()} is what a
 * person's shell gives it, against a fake HTTP server speaking the contract.
 */
@DisplayName("Client: the namespace prompt in a real pseudo-terminal (against a fake API server)")
class PromptInTerminalClientTest {
  private FakeApiServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeApiServer();
    server.onJson("POST", "/deployments", 201, deployment("Pending", List.of()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, String> env() {
    return Map.of("NSPOOL_SERVER", server.url(), "NSPOOL_TOKEN", FakeApiServer.TOKEN);
  }

  private void twoFree() {
    server.onJson(
        "GET",
        "/namespaces?available=true",
        200,
        namespaces(ns("tenant-1", "free", null), ns("tenant-2", "free", null)));
  }

  private String chosenNamespace() throws Exception {
    return ApiClient.JSON
        .readTree(server.requests("POST", "/deployments").get(0).body())
        .get("namespace")
        .asText();
  }

  @Test
  @DisplayName("a valid number creates the deployment in that namespace")
  void validChoice() throws Exception {
    twoFree();
    try (PseudoTerminal tty = PseudoTerminal.nspool(env(), "deployment", "create", "analytics")) {
      tty.expect("Namespace for analytics [1-2]: ").type("2");

      assertThat(tty.exitCode()).isZero();
      assertThat(tty.screen())
          .contains("Available namespaces in pool airflow:\n  1) tenant-1\n  2) tenant-2\n")
          .contains("deployment analytics created in namespace tenant-2");
    }
    assertThat(chosenNamespace()).isEqualTo("tenant-2");
  }

  @Test
  @DisplayName(
      "out-of-range numbers, 0, words and empty lines are asked again, then a valid one wins")
  void invalidAnswersAskAgain() throws Exception {
    twoFree();
    try (PseudoTerminal tty = PseudoTerminal.nspool(env(), "deployment", "create", "analytics")) {
      tty.expect("[1-2]: ");
      int mark = tty.mark();
      tty.type("5").expectAfter(mark, "5 is not in the list");
      mark = tty.mark();
      tty.type("0").expectAfter(mark, "0 is not in the list");
      mark = tty.mark();
      tty.type("two").expectAfter(mark, "'two' is neither a number nor an available namespace");
      mark = tty.mark();
      tty.type("").expectAfter(mark, "No namespace chosen");
      tty.type("1");

      assertThat(tty.exitCode()).isZero();
      assertThat(tty.screen()).contains("created in namespace");
    }
    assertThat(server.requests("POST", "/deployments")).hasSize(1);
    assertThat(chosenNamespace()).isEqualTo("tenant-1");
  }

  @Test
  @DisplayName("an empty pool shows no prompt: the server's pool_exhausted message and exit 6")
  void emptyPool() throws Exception {
    server
        .onJson("GET", "/namespaces?available=true", 200, namespaces())
        .on(
            "POST",
            "/deployments",
            error(409, "pool_exhausted", "no namespace of pool airflow is available"));
    try (PseudoTerminal tty = PseudoTerminal.nspool(env(), "deployment", "create", "analytics")) {
      assertThat(tty.exitCode()).isEqualTo(6);
      assertThat(tty.screen())
          .isEqualTo("error: no namespace of pool airflow is available\n")
          .doesNotContain("Namespace for");
    }
  }

  @Test
  @DisplayName("Ctrl-D at the prompt cancels cleanly: exit 1, no stack trace, nothing created")
  void endOfInput() throws Exception {
    twoFree();
    try (PseudoTerminal tty = PseudoTerminal.nspool(env(), "deployment", "create", "analytics")) {
      tty.expect("[1-2]: ").endOfInput();

      assertThat(tty.exitCode()).isEqualTo(1);
      assertThat(tty.screen())
          .contains("error: cancelled: deployment analytics not created")
          .doesNotContain("Exception");
    }
    assertThat(server.requests("POST", "/deployments")).isEmpty();
  }
}
