package io.nspool.janitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the final look at the namespace into leftovers, each with the reason it is still there. */
final class Verification {
  private Verification() {}

  static List<Leftover> leftovers(
      String namespace,
      ApiDiscovery.Result discovery,
      Snapshot last,
      DeletionPlan plan,
      Set<ObjectKey> forbidden,
      Map<ObjectKey, ApiError> deleteErrors,
      Duration waited) {
    List<Leftover> leftovers = new ArrayList<>(unseen(namespace, discovery, last));
    for (ListedObject object : plan.tenantObjects(last)) {
      ObjectKey key = object.key();
      if (forbidden.contains(key)) {
        leftovers.add(Leftover.forbiddenToDelete(namespace, key));
      } else if (object.terminating()) {
        leftovers.add(Leftover.terminating(namespace, key, object.finalizers(), waited));
      } else if (deleteErrors.containsKey(key)) {
        leftovers.add(Leftover.deleteFailed(namespace, key, deleteErrors.get(key)));
      } else {
        leftovers.add(Leftover.stillPresent(namespace, key, waited));
      }
    }
    leftovers.sort(Comparator.comparing(Leftover::what));
    return leftovers;
  }

  /**
   * The types whose objects could not be seen in {@code snapshot}: a group that could not be
   * discovered, a type that could not be listed. Nothing of theirs can be verified gone.
   */
  static List<Leftover> unseen(String namespace, ApiDiscovery.Result discovery, Snapshot snapshot) {
    List<Leftover> unseen = new ArrayList<>();
    discovery
        .failures()
        .forEach((gv, error) -> unseen.add(Leftover.discoveryFailed(namespace, gv, error)));
    snapshot
        .listFailures()
        .forEach(
            (type, error) ->
                unseen.add(
                    error.forbidden()
                        ? Leftover.forbiddenToList(namespace, type)
                        : Leftover.listFailed(namespace, type, error)));
    return unseen;
  }
}
