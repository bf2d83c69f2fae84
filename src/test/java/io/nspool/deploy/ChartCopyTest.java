package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The chart copy pre-flight renders")
class ChartCopyTest {

  @Test
  @DisplayName(
      "renames Helm's hook annotations in templates, helpers and packaged subcharts, leaving the original untouched")
  void renamesHooks(@TempDir Path dir) throws Exception {
    Path chart = dir.resolve("parent");
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(
        chart.resolve("Chart.yaml"), "apiVersion: v2\nname: parent\nversion: 1.0.0\n");
    Files.writeString(
        chart.resolve("templates/_helpers.tpl"),
        "{{- define \"hook\" }}\"helm.sh/hook\": pre-install\n\"helm.sh/hook-weight\": \"1\"{{ end }}");
    Path sub = dir.resolve("src/sub");
    Files.createDirectories(sub.resolve("templates"));
    Files.writeString(sub.resolve("Chart.yaml"), "apiVersion: v2\nname: sub\nversion: 0.1.0\n");
    Files.writeString(
        sub.resolve("templates/job.yaml"),
        "metadata:\n  annotations:\n    helm.sh/hook: post-install\n");
    Files.createDirectories(chart.resolve("charts"));
    tar(dir.resolve("src"), "sub", chart.resolve("charts/sub-0.1.0.tgz"));

    try (ChartCopy copy = ChartCopy.of(chart)) {
      assertThat(copy.files())
          .contains("Chart.yaml", "templates/_helpers.tpl", "charts/sub/templates/job.yaml")
          .noneMatch(f -> f.endsWith(".tgz"));
      assertThat(Files.readString(copy.chart().resolve("templates/_helpers.tpl")))
          .contains("\"preflight.nspool.io/hook\": pre-install")
          .contains("\"preflight.nspool.io/hook-weight\"")
          .doesNotContain("helm.sh/hook");
      assertThat(Files.readString(copy.chart().resolve("charts/sub/templates/job.yaml")))
          .contains("preflight.nspool.io/hook: post-install");
    }
    assertThat(Files.readString(chart.resolve("templates/_helpers.tpl"))).contains("helm.sh/hook");
    assertThat(chart.resolve("charts/sub-0.1.0.tgz")).exists();
  }

  @Test
  @DisplayName("unpacks a packaged chart (.tgz) given as the chart itself")
  void packagedChart(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("src/web");
    Files.createDirectories(src.resolve("templates"));
    Files.writeString(src.resolve("Chart.yaml"), "apiVersion: v2\nname: web\nversion: 0.1.0\n");
    tar(dir.resolve("src"), "web", dir.resolve("web-0.1.0.tgz"));

    try (ChartCopy copy = ChartCopy.of(dir.resolve("web-0.1.0.tgz"))) {
      assertThat(copy.chart().getFileName().toString()).isEqualTo("web");
      assertThat(copy.files()).contains("Chart.yaml");
    }
  }

  @Test
  @DisplayName("renames the hook annotation in the values too, keys and strings, nested")
  void renamesValues() {
    Object renamed =
        ChartCopy.renameInValues(
            Map.of(
                "jobAnnotations",
                Map.of("helm.sh/hook", "pre-install"),
                "list",
                List.of("helm.sh/hook-weight", 3)));

    assertThat(renamed)
        .isEqualTo(
            Map.of(
                "jobAnnotations",
                Map.of("preflight.nspool.io/hook", "pre-install"),
                "list",
                List.of("preflight.nspool.io/hook-weight", 3)));
  }

  private static void tar(Path from, String folder, Path archive) throws Exception {
    Process tar =
        new ProcessBuilder("tar", "-czf", archive.toString(), "-C", from.toString(), folder)
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
  }
}
