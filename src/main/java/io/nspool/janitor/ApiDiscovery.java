package io.nspool.janitor;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every namespaced type a tenant can have left objects of, through API discovery: each API
 * group at its preferred version, so custom resources are found without being known in advance.
 */
final class ApiDiscovery {
  static final String CORE = "v1";

  /** The types to scrub, and the group versions whose types could not be discovered. */
  record Result(List<ResourceType> types, Map<String, ApiError> failures) {
    Result {
      types = List.copyOf(types);
      failures = Map.copyOf(failures);
    }
  }

  private ApiDiscovery() {}

  static Result discover(KubernetesClient client) {
    List<String> groupVersions = new ArrayList<>(List.of(CORE));
    Map<String, ApiError> failures = new LinkedHashMap<>();
    try {
      groupVersions.addAll(preferredGroupVersions(client.getApiGroups()));
    } catch (KubernetesClientException e) {
      failures.put("groups", ApiError.of(e));
    }
    List<ResourceType> types = new ArrayList<>();
    for (String groupVersion : groupVersions) {
      try {
        APIResourceList resources = client.getApiResources(groupVersion);
        if (resources == null) {
          failures.put(groupVersion, new ApiError(ApiError.NOT_FOUND, "not served"));
        } else {
          types.addAll(scrubbable(groupVersion, resources.getResources()));
        }
      } catch (KubernetesClientException e) {
        failures.put(groupVersion, ApiError.of(e));
      }
    }
    return new Result(withoutEventsTwice(types), failures);
  }

  static List<String> preferredGroupVersions(APIGroupList groups) {
    List<String> groupVersions = new ArrayList<>();
    for (APIGroup group : groups.getGroups()) {
      if (group.getPreferredVersion() != null) {
        groupVersions.add(group.getPreferredVersion().getGroupVersion());
      } else if (group.getVersions() != null && !group.getVersions().isEmpty()) {
        groupVersions.add(group.getVersions().get(0).getGroupVersion());
      }
    }
    return groupVersions;
  }

  /**
   * The types of one group version worth scrubbing: namespaced, top-level (subresources such as
   * {@code pods/log} are not objects), and listable and deletable (which leaves out create-only
   * types such as {@code bindings} or {@code localsubjectaccessreviews}).
   */
  static List<ResourceType> scrubbable(String groupVersion, List<APIResource> resources) {
    int slash = groupVersion.indexOf('/');
    String group = slash < 0 ? "" : groupVersion.substring(0, slash);
    String version = groupVersion.substring(slash + 1);
    return resources.stream()
        .filter(r -> Boolean.TRUE.equals(r.getNamespaced()))
        .filter(r -> !r.getName().contains("/"))
        .filter(r -> r.getVerbs() != null && r.getVerbs().containsAll(List.of("list", "delete")))
        .map(r -> new ResourceType(group, version, r.getName(), r.getKind()))
        .toList();
  }

  /**
   * Core {@code events} and {@code events.k8s.io} events are two views of the same objects: keep
   * the core one, which every cluster serves.
   */
  static List<ResourceType> withoutEventsTwice(List<ResourceType> types) {
    boolean coreEvents =
        types.stream().anyMatch(t -> t.group().isEmpty() && t.resource().equals("events"));
    return types.stream()
        .filter(
            t ->
                !(coreEvents && t.group().equals("events.k8s.io") && t.resource().equals("events")))
        .toList();
  }
}
