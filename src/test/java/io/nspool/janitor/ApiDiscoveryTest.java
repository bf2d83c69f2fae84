package io.nspool.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Which discovered types the janitor scrubs")
class ApiDiscoveryTest {

  @Test
  @DisplayName("takes namespaced top-level types that can be listed and deleted")
  void namespacedTopLevelListableDeletable() {
    List<APIResource> discovered =
        List.of(
            resource("configmaps", "ConfigMap", true, "list", "delete", "get"),
            resource("pods/log", "Pod", true, "get"),
            resource("pods/status", "Pod", true, "get", "list", "delete"),
            resource("namespaces", "Namespace", false, "list", "delete"),
            resource("bindings", "Binding", true, "create"),
            resource("podmetrics", "PodMetrics", true, "get", "list"));

    List<ResourceType> types = ApiDiscovery.scrubbable("v1", discovered);

    assertThat(types).containsExactly(new ResourceType("", "v1", "configmaps", "ConfigMap"));
  }

  @Test
  @DisplayName("reads group and version from a named group's groupVersion")
  void namedGroup() {
    List<ResourceType> types =
        ApiDiscovery.scrubbable(
            "example.com/v1beta1", List.of(resource("widgets", "Widget", true, "list", "delete")));

    assertThat(types)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.groupVersion()).isEqualTo("example.com/v1beta1");
              assertThat(t.qualifiedName()).isEqualTo("widgets.example.com");
            });
  }

  @Test
  @DisplayName("lists events once, as core events, though events.k8s.io serves them too")
  void eventsOnce() {
    ResourceType core = new ResourceType("", "v1", "events", "Event");
    ResourceType eventsGroup = new ResourceType("events.k8s.io", "v1", "events", "Event");
    ResourceType configMaps = new ResourceType("", "v1", "configmaps", "ConfigMap");

    assertThat(ApiDiscovery.withoutEventsTwice(List.of(core, configMaps, eventsGroup)))
        .containsExactly(core, configMaps);
    assertThat(ApiDiscovery.withoutEventsTwice(List.of(eventsGroup))).containsExactly(eventsGroup);
  }

  @Test
  @DisplayName("asks each group for its preferred version only")
  void preferredVersions() {
    var groups =
        new APIGroupListBuilder()
            .withGroups(
                new APIGroupBuilder()
                    .withName("example.com")
                    .addNewVersion("example.com/v1", "v1")
                    .addNewVersion("example.com/v2", "v2")
                    .withNewPreferredVersion("example.com/v2", "v2")
                    .build(),
                new APIGroupBuilder()
                    .withName("apps")
                    .addNewVersion("apps/v1", "v1")
                    .withNewPreferredVersion("apps/v1", "v1")
                    .build())
            .build();

    assertThat(ApiDiscovery.preferredGroupVersions(groups))
        .containsExactly("example.com/v2", "apps/v1");
  }

  private static APIResource resource(
      String name, String kind, boolean namespaced, String... verbs) {
    return new APIResourceBuilder()
        .withName(name)
        .withKind(kind)
        .withNamespaced(namespaced)
        .withVerbs(verbs)
        .build();
  }
}
