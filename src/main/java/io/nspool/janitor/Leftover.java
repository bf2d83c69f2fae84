package io.nspool.janitor;

import java.time.Duration;
import java.util.List;

/**
 * Something that keeps a scrubbed namespace from being verified clean: an object still there, or a
 * type whose objects nspool cannot see. {@link #toString()} is the line an operator acts on.
 */
public record Leftover(String namespace, String what, Reason reason, String why) {

  public enum Reason {
    /** nspool may not delete the object: its Role lacks {@code delete} on the type. */
    FORBIDDEN_TO_DELETE,
    /** nspool may not list the type, so the namespace cannot be verified empty of it. */
    FORBIDDEN_TO_LIST,
    /** Deleted, but a finalizer (or a slow deletion) still holds it at the deadline. */
    TERMINATING,
    /** The API server refused the delete for another reason than permissions. */
    DELETE_FAILED,
    /** Listing the type failed for another reason than permissions. */
    LIST_FAILED,
    /** A group's types could not be discovered, so none of its objects can be verified gone. */
    DISCOVERY_FAILED,
    /** Not terminating at the deadline: created again during the scrub. */
    STILL_PRESENT,
    /** The namespace itself is gone, being deleted, or cannot be read. */
    NAMESPACE_UNAVAILABLE
  }

  static Leftover namespaceUnavailable(String namespace, String why) {
    return new Leftover(namespace, "namespace " + namespace, Reason.NAMESPACE_UNAVAILABLE, why);
  }

  static Leftover forbiddenToDelete(String namespace, ObjectKey key) {
    String type = ObjectKey.qualified(key.group(), key.resource());
    return new Leftover(
        namespace,
        key.toString(),
        Reason.FORBIDDEN_TO_DELETE,
        "forbidden to delete (nspool's Role has no delete on " + type + ")");
  }

  static Leftover forbiddenToList(String namespace, ResourceType type) {
    return new Leftover(
        namespace,
        type.qualifiedName(),
        Reason.FORBIDDEN_TO_LIST,
        "forbidden to list (nspool's Role has no list on "
            + type.qualifiedName()
            + "), so its objects cannot be verified gone");
  }

  static Leftover listFailed(String namespace, ResourceType type, ApiError error) {
    return new Leftover(
        namespace, type.qualifiedName(), Reason.LIST_FAILED, "cannot be listed: " + error);
  }

  static Leftover discoveryFailed(String namespace, String groupVersion, ApiError error) {
    return new Leftover(
        namespace,
        "API " + groupVersion,
        Reason.DISCOVERY_FAILED,
        "its types cannot be discovered, so their objects cannot be verified gone: " + error);
  }

  static Leftover terminating(
      String namespace, ObjectKey key, List<String> finalizers, Duration waited) {
    String held =
        switch (finalizers.size()) {
          case 0 -> "no finalizer left, its deletion is still in progress";
          case 1 -> "held by finalizer " + finalizers.get(0);
          default -> "held by finalizers " + String.join(", ", finalizers);
        };
    return new Leftover(
        namespace,
        key.toString(),
        Reason.TERMINATING,
        "still terminating after " + ScrubReport.seconds(waited) + ", " + held);
  }

  static Leftover deleteFailed(String namespace, ObjectKey key, ApiError error) {
    return new Leftover(namespace, key.toString(), Reason.DELETE_FAILED, "delete failed: " + error);
  }

  static Leftover stillPresent(String namespace, ObjectKey key, Duration waited) {
    return new Leftover(
        namespace,
        key.toString(),
        Reason.STILL_PRESENT,
        "still present after "
            + ScrubReport.seconds(waited)
            + ": something created it again during the scrub");
  }

  /** {@code widgets.example.com/w1 in pool-x: forbidden to delete (...)}. */
  @Override
  public String toString() {
    if (reason == Reason.NAMESPACE_UNAVAILABLE) {
      return what + ": " + why;
    }
    return what + " in " + namespace + ": " + why;
  }
}
