package io.nspool.janitor;

import java.util.List;

/** Listed objects for unit tests; uids are the names, unless given. */
final class Fixtures {
  static final ResourceType CONFIGMAPS = new ResourceType("", "v1", "configmaps", "ConfigMap");
  static final ResourceType SERVICEACCOUNTS =
      new ResourceType("", "v1", "serviceaccounts", "ServiceAccount");
  static final ResourceType EVENTS = new ResourceType("", "v1", "events", "Event");
  static final ResourceType DEPLOYMENTS =
      new ResourceType("apps", "v1", "deployments", "Deployment");
  static final ResourceType REPLICASETS =
      new ResourceType("apps", "v1", "replicasets", "ReplicaSet");
  static final ResourceType PODS = new ResourceType("", "v1", "pods", "Pod");
  static final ResourceType ROLES =
      new ResourceType("rbac.authorization.k8s.io", "v1", "roles", "Role");
  static final ResourceType WIDGETS = new ResourceType("example.com", "v1", "widgets", "Widget");

  private Fixtures() {}

  static ListedObject live(ResourceType type, String name, String... ownerUids) {
    return new ListedObject(type, name, name, false, List.of(), List.of(ownerUids), null);
  }

  static ListedObject terminating(ResourceType type, String name, String... finalizers) {
    return new ListedObject(type, name, name, true, List.of(finalizers), List.of(), null);
  }

  static Snapshot snapshot(ListedObject... objects) {
    return new Snapshot(List.of(objects), java.util.Map.of());
  }
}
