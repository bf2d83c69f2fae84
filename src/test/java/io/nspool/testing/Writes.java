package io.nspool.testing;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Every object of some namespaces and its resourceVersion, every listable namespaced type API
 * discovery finds: two snapshots taken some seconds apart tell whether anything was written in
 * between (every write, even one that changes nothing, bumps the resourceVersion). What proves that
 * nspool, with nothing to do, does nothing: no hot loop.
 */
public final class Writes {
  private final KubernetesClient admin;
  private final Set<String> namespaces;
  private final Predicate<String> ignored;
  private final List<ResourceDefinitionContext> types;

  /**
   * @param ignored object keys ({@code namespace/plural.group/name}) written on purpose while idle,
   *     such as the leader Lease renewed every few seconds
   */
  public Writes(KubernetesClient admin, Collection<String> namespaces, Predicate<String> ignored) {
    this.admin = admin;
    this.namespaces = Set.copyOf(namespaces);
    this.ignored = ignored;
    this.types = discover(admin);
  }

  /** {@code namespace/plural.group/name} to resourceVersion. */
  public Map<String, String> snapshot() {
    Map<String, String> versions = new TreeMap<>();
    for (ResourceDefinitionContext type : types) {
      List<GenericKubernetesResource> items;
      try {
        items = admin.genericKubernetesResources(type).inAnyNamespace().list().getItems();
      } catch (KubernetesClientException e) {
        continue; // an aggregated API that is down: its objects are not nspool's
      }
      for (GenericKubernetesResource item : items) {
        String ns = item.getMetadata().getNamespace();
        if (!namespaces.contains(ns)) {
          continue;
        }
        String key =
            ns
                + "/"
                + type.getPlural()
                + (type.getGroup().isEmpty() ? "" : "." + type.getGroup())
                + "/"
                + item.getMetadata().getName();
        if (!ignored.test(key)) {
          versions.put(key, item.getMetadata().getResourceVersion());
        }
      }
    }
    return versions;
  }

  /** What differs between two snapshots: each object created, deleted or written, in words. */
  public static List<String> between(Map<String, String> before, Map<String, String> after) {
    List<String> changes = new ArrayList<>();
    Map<String, String> rest = new HashMap<>(after);
    before.forEach(
        (key, version) -> {
          String now = rest.remove(key);
          if (now == null) {
            changes.add("deleted " + key);
          } else if (!now.equals(version)) {
            changes.add("written " + key + " (resourceVersion " + version + " -> " + now + ")");
          }
        });
    rest.keySet().stream().sorted().forEach(key -> changes.add("created " + key));
    return changes;
  }

  private static List<ResourceDefinitionContext> discover(KubernetesClient admin) {
    List<ResourceDefinitionContext> found = new ArrayList<>();
    add(found, "", "v1", admin.getApiResources("v1"));
    for (APIGroup group : admin.getApiGroups().getGroups()) {
      String version = group.getPreferredVersion().getVersion();
      add(
          found,
          group.getName(),
          version,
          admin.getApiResources(group.getPreferredVersion().getGroupVersion()));
    }
    return found;
  }

  private static void add(
      List<ResourceDefinitionContext> found, String group, String version, APIResourceList list) {
    if (list == null) {
      return;
    }
    for (APIResource r : list.getResources()) {
      if (Boolean.TRUE.equals(r.getNamespaced())
          && !r.getName().contains("/")
          && r.getVerbs().contains("list")) {
        found.add(
            new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withPlural(r.getName())
                .withKind(r.getKind())
                .withNamespaced(true)
                .build());
      }
    }
  }
}
