package io.nspool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

@DisplayName("nspool up's options")
class UpCommandTest {

  @ParameterizedTest
  @ValueSource(strings = {"0", "5001"})
  @DisplayName("--pool-size takes 1 to 5000, what a NamespacePool may list, and says so otherwise")
  void poolSizeRange(String size) {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("up", "--pool-size", size);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--pool-size " + size + ": must be from 1 to 5000");
  }
}
