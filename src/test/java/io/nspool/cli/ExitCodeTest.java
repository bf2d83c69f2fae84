package io.nspool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Exit codes")
class ExitCodeTest {

  @ParameterizedTest(name = "{0} (HTTP {1}) -> {2}")
  @CsvSource({
    "invalid_argument, 400, 2",
    "payload_too_large, 413, 2",
    "uri_too_long, 414, 2",
    "headers_too_large, 431, 2",
    "unauthenticated, 401, 3",
    "forbidden, 403, 3",
    "not_found, 404, 4",
    "already_exists, 409, 5",
    "failed_precondition, 409, 5",
    "pool_exhausted, 409, 6",
    "namespace_unavailable, 409, 6",
    "method_not_allowed, 405, 1",
    "unsupported_media_type, 415, 1",
    "internal, 500, 1",
    "unavailable, 0, 1",
    "something_new, 500, 1",
    "something_new, 418, 1",
    "something_new, 400, 2",
    "something_new, 403, 3",
    "something_new, 404, 4",
    "something_new, 409, 5"
  })
  @DisplayName(
      "every API error code maps to its documented exit code; an unknown one by its HTTP status")
  void apiCodes(String apiCode, int httpStatus, int exitCode) {
    assertThat(ExitCode.of(apiCode, httpStatus)).isEqualTo(exitCode);
  }

  @Test
  @DisplayName("the help footer documents each exit code once, in order")
  void documented() {
    String help = String.join("\n", ExitCode.HELP);

    for (int code = 0; code <= 8; code++) {
      assertThat(help).containsOnlyOnce("\n  " + code + "  ");
    }
    assertThat(help)
        .contains("pool_exhausted or namespace_unavailable")
        .contains("already_exists or failed_precondition");
  }

  @Test
  @DisplayName("every client command's --help ends with the exit codes")
  void everyClientCommandDocumentsThem() {
    for (String[] command :
        new String[][] {
          {"namespace", "list"},
          {"deployment", "create"},
          {"deployment", "delete"},
          {"deployment", "logs"},
          {"pool", "drain"},
          {"user", "add"},
          {"pool"},
          {}
        }) {
      String[] args =
          java.util.stream.Stream.concat(
                  java.util.Arrays.stream(command), java.util.stream.Stream.of("--help"))
              .toArray(String[]::new);
      CliRun run = CliRun.run(Map.of(), args);

      assertThat(run.exitCode()).isZero();
      assertThat(run.out())
          .as(String.join(" ", command))
          .contains("Exit codes:", "6  pool_exhausted");
    }
  }

  @Test
  @DisplayName("a missing server or token is a usage error naming the option and the variable")
  void missingSettings() {
    CliRun noServer = CliRun.run(Map.of("NSPOOL_TOKEN", "t"), "namespace", "list");
    CliRun noToken =
        CliRun.run(Map.of("NSPOOL_SERVER", "http://127.0.0.1:9"), "deployment", "list");
    CliRun badUrl = CliRun.run(Map.of("NSPOOL_TOKEN", "t"), "pool", "get", "--server", "localhost");

    assertThat(noServer.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(noServer.err())
        .contains("error: no nspool server given", "--server", "NSPOOL_SERVER");
    assertThat(noToken.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(noToken.err()).contains("error: no API token given", "--token", "NSPOOL_TOKEN");
    assertThat(badUrl.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(badUrl.err()).contains("'localhost' is not an http(s) URL");
  }

  @Test
  @DisplayName(
      "an unreachable server exits 1 with one line naming it, and a trace only with NSPOOL_DEBUG")
  void unreachable() {
    Map<String, String> env =
        Map.of("NSPOOL_SERVER", "http://127.0.0.1:9", "NSPOOL_TOKEN", "t0ken-value");

    CliRun run = CliRun.run(env, "namespace", "list");
    CliRun debug =
        CliRun.run(
            Map.of("NSPOOL_SERVER", "http://127.0.0.1:9", "NSPOOL_TOKEN", "t", "NSPOOL_DEBUG", "1"),
            "namespace",
            "list");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.err())
        .startsWith("error: cannot reach the nspool server at http://127.0.0.1:9")
        .doesNotContain("\tat ", "t0ken-value");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(debug.err()).contains("\tat ");
  }

  @Test
  @DisplayName("a group command run alone is a usage error naming its commands")
  void groupAlone() {
    CliRun run = CliRun.run(Map.of(), "pool");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("missing command: choose one of get, add, remove, drain");
  }
}
