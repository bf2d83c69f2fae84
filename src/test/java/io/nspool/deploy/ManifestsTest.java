package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Reading what Helm renders")
class ManifestsTest {

  @Test
  @DisplayName(
      "--- with comments, # Source: lines, empty documents and whitespace-only lines inside block scalars parse as Helm parses them")
  void whateverHelmAccepts() {
    String yaml =
        "---\n"
            + "# Source: c/templates/a.yaml\n"
            + "apiVersion: v1\n"
            + "kind: ConfigMap\n"
            + "metadata:\n"
            + "  name: a\n"
            + "data:\n"
            + "  cfg: |\n"
            + "    [core]\n"
            + "      \n"
            + "  \n"
            + "    x = 1\n"
            + "--- # the next one\n"
            + "# Source: c/templates/empty.yaml\n"
            + "---\n"
            + "\n"
            + "---\n"
            + "# Source: c/templates/b.yaml\n"
            + "apiVersion: apps/v1\n"
            + "kind: Deployment\n"
            + "metadata: {name: b, namespace: elsewhere}\n";

    List<RenderedObject> objects = Manifests.parse(yaml, false);

    assertThat(objects)
        .extracting(RenderedObject::describe)
        .containsExactly("ConfigMap a", "Deployment b");
    assertThat(objects.get(0).source()).isEqualTo("c/templates/a.yaml");
    assertThat(((Map<?, ?>) objects.get(0).body().get("data")).get("cfg"))
        .isEqualTo("[core]\n  \n\nx = 1\n");
    assertThat(objects.get(1).namespace()).isEqualTo("elsewhere");
    assertThat(objects.get(1).group()).isEqualTo("apps");
  }

  @Test
  @DisplayName(
      "a hook keeps its events; a List is read item by item; a document without kind is skipped")
  void hooksAndLists() {
    String yaml =
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: m\n  annotations:\n"
            + "    \""
            + ChartCopy.HOOK_ANNOTATION
            + "\": post-install, post-upgrade\n"
            + "---\napiVersion: v1\nkind: List\nitems:\n"
            + "  - {apiVersion: v1, kind: Secret, metadata: {name: s}}\n"
            + "  - {apiVersion: v1, kind: Service, metadata: {name: svc}}\n"
            + "---\nfoo: bar\n"
            + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n"
            + "    \""
            + ChartCopy.HOOK_ANNOTATION
            + "\": test\n";

    List<RenderedObject> objects = Manifests.parse(yaml, false);

    assertThat(objects)
        .extracting(RenderedObject::describe)
        .containsExactly(
            "Job m (hook post-install,post-upgrade)",
            "Secret s",
            "Service svc",
            "Pod t (hook test)");
    assertThat(objects.get(3).testOnly()).isTrue();
    assertThat(new ChartRender(objects).installed()).hasSize(3);
  }

  @Test
  @DisplayName("YAML Helm would refuse is refused naming the template")
  void invalidYaml() {
    assertThatThrownBy(() -> Manifests.parse("# Source: c/templates/x.yaml\nkind: [a\n", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("c/templates/x.yaml");
  }
}
