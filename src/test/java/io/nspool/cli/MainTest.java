package io.nspool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@DisplayName("The nspool command")
class MainTest {

  @Test
  @DisplayName("--help lists the local cluster commands")
  void helpListsCommands() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));

    int code = cli.execute("--help");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("up", "down", "kubectl", "Exit codes");
  }

  @Test
  @DisplayName("an unknown command exits 2 and names it")
  void unknownCommand() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("launch-rockets");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("launch-rockets");
  }

  @Test
  @DisplayName("down on a folder with no cluster says so and succeeds")
  void downWithoutCluster(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    int code = Main.commandLine().execute("down", "--state-dir", dir.toString());

    assertThat(code).isZero();
  }

  @Test
  @DisplayName(
      "server refuses a leader lease under 3 s before connecting anywhere, naming the flag")
  void serverRefusesShortLease() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("server", "--leader-lease-duration", "1s");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--leader-lease-duration: must be at least 3s", "1000ms");
  }
}
