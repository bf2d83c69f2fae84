package io.nspool.janitor;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Decides, from one snapshot of the namespace, what the scrub deletes and what it waits for. */
final class DeletionPlan {
  private final Set<ObjectKey> keep;
  private final EventBaseline events;

  DeletionPlan(Set<ObjectKey> keep, EventBaseline events) {
    this.keep = Set.copyOf(keep);
    this.events = events;
  }

  boolean kept(ListedObject object) {
    return keep.contains(object.key());
  }

  /** Objects that must be gone for the namespace to be clean. */
  List<ListedObject> tenantObjects(Snapshot snapshot) {
    return snapshot.objects().stream()
        .filter(o -> !kept(o) && !events.writtenDuringScrub(o))
        .toList();
  }

  /** Tenant objects the scrub still waits for: all but those nspool may not delete. */
  List<ListedObject> awaited(Snapshot snapshot, Set<ObjectKey> forbidden) {
    return tenantObjects(snapshot).stream().filter(o -> !forbidden.contains(o.key())).toList();
  }

  /**
   * Objects to delete in this pass: everything not kept and not already terminating, except objects
   * nspool was forbidden to delete and objects whose owner this pass deletes. The garbage collector
   * removes those once their owner is gone; deleting a Pod before its ReplicaSet would only make
   * the ReplicaSet create another. Events written during the scrub are deleted too, since they name
   * the tenant's objects, but nothing waits for them.
   */
  List<ListedObject> toDelete(Snapshot snapshot, Set<ObjectKey> forbidden) {
    Map<String, ListedObject> byUid =
        snapshot.objects().stream()
            .collect(Collectors.toMap(ListedObject::uid, Function.identity(), (a, b) -> a));
    return snapshot.objects().stream()
        .filter(o -> deletable(o, forbidden))
        .filter(o -> !goesWithOwner(o, byUid, forbidden))
        .toList();
  }

  private boolean deletable(ListedObject object, Set<ObjectKey> forbidden) {
    return !kept(object) && !object.terminating() && !forbidden.contains(object.key());
  }

  private boolean goesWithOwner(
      ListedObject object, Map<String, ListedObject> byUid, Set<ObjectKey> forbidden) {
    for (String ownerUid : object.ownerUids()) {
      ListedObject owner = byUid.get(ownerUid);
      // An ownership cycle would leave every member waiting for another: delete those directly.
      if (owner != null
          && deletable(owner, forbidden)
          && !ownedBy(owner, object.uid(), byUid, new HashSet<>())) {
        return true;
      }
    }
    return false;
  }

  private static boolean ownedBy(
      ListedObject object, String ancestorUid, Map<String, ListedObject> byUid, Set<String> seen) {
    if (!seen.add(object.uid())) {
      return false;
    }
    for (String ownerUid : object.ownerUids()) {
      ListedObject owner = byUid.get(ownerUid);
      if (ownerUid.equals(ancestorUid)
          || (owner != null && ownedBy(owner, ancestorUid, byUid, seen))) {
        return true;
      }
    }
    return false;
  }
}
