package io.nspool.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The chart catalogue")
class CatalogueTest {
  private static final ChartEntry BUNDLED_PATH = ChartEntry.path("local", "/srv/charts/local");
  private static final ChartEntry REPO =
      ChartEntry.repository("official", "https://u:p@charts.example", "airflow", "1.15.0");
  private static final ChartEntry OCI = ChartEntry.oci("oci", "oci://r.example/c/airflow", "2.0.0");

  @Test
  @DisplayName("without entries offers the bundled airflow chart as its default")
  void implicitDefault() {
    Catalogue catalogue = Catalogue.of(List.of());

    Catalogue.Choice choice = catalogue.choose(null, null);

    assertThat(catalogue.isImplicit()).isTrue();
    assertThat(choice.entry().getName()).isEqualTo("airflow");
    assertThat(Catalogue.isBundled(choice.entry())).isTrue();
    assertThat(catalogue.choose("airflow", null).entry()).isSameAs(choice.entry());
  }

  @Test
  @DisplayName("with one entry that one is the default; with several, the one marked default")
  void defaults() {
    assertThat(Catalogue.of(List.of(REPO)).choose(null, null).entry()).isSameAs(REPO);
    ChartEntry marked = ChartEntry.oci("marked", "oci://r.example/c/x", "1.0.0");
    marked.setDefault(true);
    assertThat(Catalogue.of(List.of(REPO, marked, OCI)).choose(null, null).entry())
        .isSameAs(marked);
    assertThat(Catalogue.of(List.of(REPO, marked)).choose(null, null).version()).isEqualTo("1.0.0");
  }

  @Test
  @DisplayName("with several entries and no default, a deployment must name one, told which")
  void noDefault() {
    assertThatThrownBy(() -> Catalogue.of(List.of(REPO, OCI)).choose(null, null))
        .isInstanceOfSatisfying(
            Catalogue.ChoiceException.class, e -> assertThat(e.field()).isEqualTo("chart"))
        .hasMessage(
            "chart: required, since the pool's catalogue has no default; choose one of: official"
                + " 1.15.0, oci 2.0.0");
  }

  @Test
  @DisplayName("refuses an unknown name, naming it and the catalogue's names")
  void unknownName() {
    assertThatThrownBy(() -> Catalogue.of(List.of(REPO, OCI)).choose("/srv/evil", null))
        .hasMessage(
            "chart: \"/srv/evil\" is not in the pool's catalogue; choose one of: official 1.15.0,"
                + " oci 2.0.0");
    assertThatThrownBy(() -> Catalogue.of(List.of()).choose("other", null))
        .hasMessageContaining("choose one of: airflow (default)");
  }

  @Test
  @DisplayName("accepts the pinned version and refuses any other, naming the pinned one")
  void versions() {
    Catalogue catalogue = Catalogue.of(List.of(REPO, BUNDLED_PATH));

    assertThat(catalogue.choose("official", "1.15.0").version()).isEqualTo("1.15.0");
    assertThatThrownBy(() -> catalogue.choose("official", "1.16.0"))
        .isInstanceOfSatisfying(
            Catalogue.ChoiceException.class, e -> assertThat(e.field()).isEqualTo("version"))
        .hasMessageStartingWith(
            "version: \"1.16.0\" is not offered for chart official: the catalogue pins it to"
                + " 1.15.0");
    assertThatThrownBy(() -> catalogue.choose("local", "1.0.0"))
        .hasMessageContaining("a chart on nspool's server with no pinned version");
  }

  @Test
  @DisplayName("merges values as Helm merges a second values file: maps by key, the rest replaced")
  void valuesMerge() {
    Map<String, Object> base =
        Map.of("a", Map.of("x", 1, "y", 2), "list", List.of(1, 2), "keep", "yes", "drop", "no");
    Map<String, Object> over = new java.util.LinkedHashMap<>();
    over.put("a", Map.of("y", 3));
    over.put("list", List.of(9));
    over.put("drop", null);

    assertThat(Values.merge(base, over))
        .isEqualTo(
            new java.util.LinkedHashMap<>(
                Map.of("a", Map.of("x", 1, "y", 3), "list", List.of(9), "keep", "yes")) {
              {
                put("drop", null);
              }
            });
    assertThat(base).containsEntry("a", Map.of("x", 1, "y", 2));
  }

  @Test
  @DisplayName("reads wait timeouts like 90s, 10m and 1h30m, refusing others with the rule")
  void waitTimeouts() {
    assertThat(WaitTimeout.parse("t", "90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(WaitTimeout.parse("t", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThatThrownBy(() -> WaitTimeout.parse("t", "30m1h")).hasMessageContaining("in that order");
    assertThatThrownBy(() -> WaitTimeout.parse("t", "25h")).hasMessageContaining("longer than 24h");
    assertThatThrownBy(() -> WaitTimeout.parse("t", "")).hasMessageStartingWith("t: ");
  }
}
