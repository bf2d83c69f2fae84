package io.nspool.janitor;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** What the janitor needs to know of one object it listed in the namespace. */
record ListedObject(
    ResourceType type,
    String name,
    String uid,
    boolean terminating,
    List<String> finalizers,
    List<String> ownerUids,
    Instant created) {

  ListedObject {
    finalizers = List.copyOf(finalizers);
    ownerUids = List.copyOf(ownerUids);
  }

  static ListedObject of(ResourceType type, GenericKubernetesResource resource) {
    ObjectMeta meta = resource.getMetadata();
    List<String> owners =
        meta.getOwnerReferences() == null
            ? List.of()
            : meta.getOwnerReferences().stream().map(OwnerReference::getUid).toList();
    return new ListedObject(
        type,
        meta.getName(),
        meta.getUid(),
        meta.getDeletionTimestamp() != null,
        meta.getFinalizers() == null ? List.of() : meta.getFinalizers(),
        owners,
        instant(meta.getCreationTimestamp()));
  }

  /** The API server's creation time; null when absent or unreadable (no caller may rely on it). */
  private static Instant instant(String timestamp) {
    try {
      return timestamp == null ? null : Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  ObjectKey key() {
    return type.key(name);
  }

  /** Core {@code events} and {@code events.k8s.io} events: the same objects, listed as core. */
  boolean isEvent() {
    return type.resource().equals("events")
        && (type.group().isEmpty() || type.group().equals("events.k8s.io"));
  }
}
