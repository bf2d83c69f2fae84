package io.nspool.janitor;

import java.util.Set;

/**
 * Tells the tenant's events from the ones controllers write while the scrub deletes ("Deleted pod
 * web-1", "Scaled down replica set"): the tenant's are those already there when the scrub began.
 * Recognised by UID, not by timestamp, so clock skew between nspool and the API server cannot
 * misfile one. When the first listing of events failed, every event counts as the tenant's.
 */
record EventBaseline(Set<String> uidsBefore, boolean known) {
  EventBaseline {
    uidsBefore = Set.copyOf(uidsBefore);
  }

  static EventBaseline of(Snapshot first) {
    return new EventBaseline(first.uids(), first.listedEvents());
  }

  boolean writtenDuringScrub(ListedObject object) {
    return object.isEvent() && known && !uidsBefore.contains(object.uid());
  }
}
