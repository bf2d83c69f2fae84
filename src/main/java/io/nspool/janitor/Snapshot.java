package io.nspool.janitor;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every object of every listed type in the namespace at one moment, and the types that could not be
 * listed (whose objects are therefore unknown).
 */
record Snapshot(List<ListedObject> objects, Map<ResourceType, ApiError> listFailures) {
  Snapshot {
    objects = List.copyOf(objects);
    listFailures = Map.copyOf(listFailures);
  }

  Set<String> uids() {
    return objects.stream().map(ListedObject::uid).collect(Collectors.toSet());
  }

  boolean listedEvents() {
    return listFailures.keySet().stream()
        .noneMatch(t -> t.resource().equals("events") && t.group().isEmpty());
  }
}
