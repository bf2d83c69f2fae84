package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Helm's own renderer, run as pre-flight runs it, on the trait charts (no cluster needed). */
@DisplayName("Rendering a chart for pre-flight")
class ChartRenderTest {
  private static final Path CHARTS = Path.of("src/test/resources/charts");

  private static ChartRender render(String chart, Map<String, Object> values) {
    return ChartRender.asCaller(CHARTS.resolve(chart), "r", "team-1", values);
  }

  @Test
  @DisplayName(
      "hooks come out with the manifest, each with its events, and random values render; whitespace-only lines in block scalars parse")
  void hooksAreRendered() {
    ChartRender render = render("hook-secrets", Map.of());

    assertThat(render.objects())
        .extracting(RenderedObject::describe)
        .containsExactlyInAnyOrder(
            "Secret r-fernet-key (hook pre-install)",
            "Secret r-webserver-secret-key (hook pre-install)",
            "Job r-run-airflow-migrations (hook post-install,post-upgrade)",
            "ConfigMap r-config");
    RenderedObject config =
        render.objects().stream().filter(o -> o.kind().equals("ConfigMap")).findFirst().get();
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) config.body().get("data");
    assertThat((String) data.get("airflow.cfg"))
        .contains("executor = KubernetesExecutor\n  \n[webserver]")
        .contains("base_url = http://localhost:8080\n\n[kubernetes_executor]")
        .contains("namespace = team-1");
  }

  @Test
  @DisplayName("a vendored subchart's objects are rendered with the values given under its name")
  void vendoredSubchart() {
    ChartRender render = render("vendored-subchart", Map.of("logs", Map.of("retentionDays", 3)));

    assertThat(render.objects())
        .extracting(RenderedObject::describe)
        .containsExactlyInAnyOrder("Deployment r-web", "Deployment r-log-groomer");
    assertThat(render.objects().toString()).contains("-mtime +3 -delete");
  }

  @Test
  @DisplayName(
      "a dependency declared in Chart.yaml but missing from charts/ fails with Helm's words")
  void missingDependency() {
    assertThatThrownBy(() -> render("missing-dependency", Map.of()))
        .isInstanceOf(TemplateProcess.RenderFailed.class)
        .hasMessageContaining("postgresql")
        .hasMessageContaining("missing in charts/ directory");
  }

  @Test
  @DisplayName("the CRDs of crds/ are part of the render, marked as such")
  void crds() {
    ChartRender render = render("with-crds", Map.of());

    assertThat(render.objects())
        .extracting(RenderedObject::describe)
        .containsExactlyInAnyOrder(
            "CustomResourceDefinition dagruns.airflow.example.com (crds/)", "ConfigMap r-config");
  }

  @Test
  @DisplayName("multiNamespaceMode=true renders a ClusterRole and a ClusterRoleBinding")
  void multiNamespaceMode() {
    assertThat(render("multi-namespace-mode", Map.of("multiNamespaceMode", true)).objects())
        .extracting(RenderedObject::kind)
        .containsExactly("ClusterRole", "ClusterRoleBinding");
    assertThat(render("multi-namespace-mode", Map.of()).objects())
        .extracting(RenderedObject::kind)
        .containsExactly("Role", "RoleBinding");
  }

  @Test
  @DisplayName("a chart that does not render fails with Helm's template error")
  void templateError() {
    assertThatThrownBy(() -> render("hook-secrets", Map.of("keyLength", 8)))
        .isInstanceOf(TemplateProcess.RenderFailed.class)
        .hasMessageContaining("keyLength must be at least 16");
  }

  @Test
  @DisplayName("an object's explicit namespace is kept as rendered")
  void explicitNamespace() {
    List<RenderedObject> objects =
        render("explicit-namespace", Map.of("metricsNamespace", "team-2")).objects();

    assertThat(objects)
        .extracting(RenderedObject::namespace)
        .containsExactlyInAnyOrder("team-1", "team-2");
  }
}
