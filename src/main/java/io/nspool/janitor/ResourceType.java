package io.nspool.janitor;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** A namespaced resource type found through API discovery, at its group's preferred version. */
record ResourceType(String group, String version, String resource, String kind) {

  String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code configmaps} or {@code widgets.example.com}. */
  String qualifiedName() {
    return ObjectKey.qualified(group, resource);
  }

  ObjectKey key(String name) {
    return new ObjectKey(group, resource, name);
  }

  ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withPlural(resource)
        .withKind(kind)
        .withNamespaced(true)
        .build();
  }

  @Override
  public String toString() {
    return qualifiedName();
  }
}
