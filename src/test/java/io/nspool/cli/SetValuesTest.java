package io.nspool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("--set KEY=VALUE")
class SetValuesTest {

  private static Map<String, Object> set(String... arguments) {
    return SetValues.merge(List.of(arguments).stream().map(a -> SetValues.parse(a, true)).toList());
  }

  @Test
  @DisplayName("dots in the key build nested values, merged across arguments")
  void dotsNest() {
    assertThat(set("core.parallelism=32", "core.dags=/opt", "size=medium"))
        .isEqualTo(Map.of("core", Map.of("parallelism", 32, "dags", "/opt"), "size", "medium"));
  }

  @Test
  @DisplayName("true, false and numbers are typed; anything else, like 007 or 1e3, stays a string")
  void valuesAreTyped() {
    assertThat(SetValues.typed("true")).isEqualTo(true);
    assertThat(SetValues.typed("false")).isEqualTo(false);
    assertThat(SetValues.typed("42")).isEqualTo(42);
    assertThat(SetValues.typed("-3")).isEqualTo(-3);
    assertThat(SetValues.typed("12345678901")).isEqualTo(12345678901L);
    assertThat(SetValues.typed("0.5")).isEqualTo(0.5);
    assertThat(SetValues.typed("007")).isEqualTo("007");
    assertThat(SetValues.typed("1e3")).isEqualTo("1e3");
    assertThat(SetValues.typed("True")).isEqualTo("True");
    assertThat(SetValues.typed("")).isEqualTo("");
  }

  @Test
  @DisplayName(
      "--set-string keeps a value a string; \\. is a dot inside a key; '=' may be in a value")
  void stringsAndEscapes() {
    assertThat(SetValues.parse("tag=1.10", false).value()).isEqualTo("1.10");
    assertThat(SetValues.parse("annotations.nspool\\.io/team=data", true).path())
        .containsExactly("annotations", "nspool.io/team");
    assertThat(SetValues.parse("env.OPTS=-Da=b", true).value()).isEqualTo("-Da=b");
  }

  @Test
  @DisplayName("the same key twice: the later one wins, as in Helm")
  void laterWins() {
    assertThat(set("size=small", "size=large")).isEqualTo(Map.of("size", "large"));
  }

  @Test
  @DisplayName("bad syntax is refused with what is wrong")
  void badSyntax() {
    assertThatThrownBy(() -> SetValues.parse("size", true)).hasMessageContaining("no '='");
    assertThatThrownBy(() -> SetValues.parse("=x", true)).hasMessageContaining("key before '='");
    assertThatThrownBy(() -> SetValues.parse("a..b=1", true))
        .hasMessageContaining("'a..b' has an empty part");
    assertThatThrownBy(() -> SetValues.parse(".a=1", true)).hasMessageContaining("empty part");
  }

  @Test
  @DisplayName("a key cannot be both a value and a map, whichever comes first")
  void valueVersusMap() {
    assertThatThrownBy(() -> set("core=1", "core.parallelism=2"))
        .hasMessageContaining("'core.parallelism=2'")
        .hasMessageContaining("'core=1'");
    assertThatThrownBy(() -> set("core.parallelism=2", "core=1"))
        .hasMessageContaining("'core=1' sets core to a value");
  }

  @Test
  @DisplayName(
      "on the command line, bad --set syntax is a usage error (exit 2) naming the argument")
  void badSetOnCommandLine() {
    CliRun run =
        CliRun.run(
            Map.of(),
            "deployment",
            "create",
            "analytics",
            "--set",
            "size",
            "--server",
            "http://x",
            "--token",
            "t");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("error: Invalid value for option '--set'", "'size'", "no '='");
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  @DisplayName("on the command line, conflicting --set arguments are a usage error naming both")
  void conflictingSetOnCommandLine() {
    CliRun run =
        CliRun.run(
            Map.of(),
            "deployment",
            "create",
            "analytics",
            "--set",
            "core=1",
            "--set",
            "core.x=2",
            "--server",
            "http://x",
            "--token",
            "t");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--set:", "'core.x=2'", "'core=1'");
  }

  @Test
  @DisplayName(
      "overlay merges into existing values as --reuse-values does: maps key by key, others replaced")
  void overlay() {
    Map<String, Object> base =
        Map.of("size", "medium", "core", Map.of("parallelism", 32, "dags", "/opt"), "tag", "x");
    Map<String, Object> result =
        SetValues.overlay(
            base,
            List.of(
                SetValues.parse("core.parallelism=64", true),
                SetValues.parse("tag.major=2", true),
                SetValues.parse("extra=true", true)));

    assertThat(result)
        .isEqualTo(
            Map.of(
                "size",
                "medium",
                "core",
                Map.of("parallelism", 64, "dags", "/opt"),
                "tag",
                Map.of("major", 2),
                "extra",
                true));
    assertThat(base.get("core")).isEqualTo(Map.of("parallelism", 32, "dags", "/opt"));
  }
}
