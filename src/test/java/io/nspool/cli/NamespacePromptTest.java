package io.nspool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nspool.api.model.NamespaceView;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The namespace prompt")
class NamespacePromptTest {
  private static final List<NamespaceView> AVAILABLE =
      List.of(free("tenant-1", "airflow"), free("tenant-3", "airflow"));

  static NamespaceView free(String name, String pool) {
    return new NamespaceView(name, pool, "free", true, null, null, null, null);
  }

  private static Optional<String> choose(FakeTerminal terminal, List<NamespaceView> available) {
    return new NamespacePrompt(terminal).choose("analytics", available).map(NamespaceView::name);
  }

  @Test
  @DisplayName("shows the numbered list and takes the chosen number")
  void validChoice() {
    FakeTerminal terminal = new FakeTerminal("2");

    assertThat(choose(terminal, AVAILABLE)).contains("tenant-3");
    assertThat(terminal.screen())
        .isEqualTo(
            """
            Available namespaces in pool airflow:
              1) tenant-1
              2) tenant-3
            Namespace for analytics [1-2]: 2
            """);
  }

  @Test
  @DisplayName("asks again after a number out of the list, then takes a valid one")
  void outOfRange() {
    FakeTerminal terminal = new FakeTerminal("3", "1");

    assertThat(choose(terminal, AVAILABLE)).contains("tenant-1");
    assertThat(terminal.prompts()).isEqualTo(2);
    assertThat(terminal.screen()).contains("3 is not in the list: type a number from 1 to 2");
  }

  @Test
  @DisplayName("0 is not in the list (Astronomer's CLI crashes on it): it asks again")
  void zero() {
    FakeTerminal terminal = new FakeTerminal("0", "2");

    assertThat(choose(terminal, AVAILABLE)).contains("tenant-3");
    assertThat(terminal.screen()).contains("0 is not in the list");
  }

  @Test
  @DisplayName("asks again after something that is not a number, nor a huge number, nor -1")
  void notANumber() {
    FakeTerminal terminal = new FakeTerminal("two", "-1", "99999999999999999999", "1.5", " 2 ");

    assertThat(choose(terminal, AVAILABLE)).contains("tenant-3");
    assertThat(terminal.prompts()).isEqualTo(5);
    assertThat(terminal.screen())
        .contains("'two' is neither a number nor an available namespace")
        .contains("'-1' is neither")
        .contains("99999999999999999999 is not in the list");
  }

  @Test
  @DisplayName("asks again after empty input")
  void empty() {
    FakeTerminal terminal = new FakeTerminal("", "   ", "1");

    assertThat(choose(terminal, AVAILABLE)).contains("tenant-1");
    assertThat(terminal.screen()).contains("No namespace chosen: type a number from 1 to 2");
  }

  @Test
  @DisplayName("takes a namespace's name typed instead of its number")
  void byName() {
    assertThat(choose(new FakeTerminal("tenant-3"), AVAILABLE)).contains("tenant-3");
  }

  @Test
  @DisplayName("Ctrl-D (end of input) cancels, even after a wrong answer")
  void endOfInput() {
    FakeTerminal terminal = new FakeTerminal("7", null);

    assertThat(choose(terminal, AVAILABLE)).isEmpty();
    assertThat(terminal.prompts()).isEqualTo(2);
  }

  @Test
  @DisplayName("with several pools, each entry names its pool; one namespace asks for [1]")
  void severalPools() {
    FakeTerminal terminal = new FakeTerminal("1");
    new NamespacePrompt(terminal)
        .choose("x", List.of(free("a-1", "airflow"), free("b-1", "batch")));
    FakeTerminal single = new FakeTerminal("1");
    new NamespacePrompt(single).choose("x", List.of(free("a-1", "airflow")));

    assertThat(terminal.screen())
        .contains("Available namespaces:\n", "1) a-1  (pool airflow)", "2) b-1  (pool batch)");
    assertThat(single.screen()).contains("Namespace for x [1]: ");
  }
}
