package io.nspool.janitor;

import java.time.Instant;
import java.util.List;

/**
 * What one namespace holds beyond the objects kept in it, found the way a scrub finds it, without
 * deleting anything; and what could not be looked at (each a {@link Leftover} naming why).
 */
public record Inspection(String namespace, List<Found> objects, List<Leftover> unseen) {
  public Inspection {
    objects = List.copyOf(objects);
    unseen = List.copyOf(unseen);
  }

  /** One object found; {@code created} is the API server's time, null if it gave none. */
  public record Found(ObjectKey key, String kind, Instant created) {
    /** Core {@code events} (the janitor lists events as core ones only). */
    public boolean isEvent() {
      return key.group().isEmpty() && key.resource().equals("events");
    }

    /** {@code ConfigMap tenant-1/leftover}, as the object is named in reports. */
    public String describe(String namespace) {
      return kind + " " + namespace + "/" + key.name();
    }
  }

  static Inspection of(String namespace, List<ListedObject> objects, List<Leftover> unseen) {
    return new Inspection(
        namespace,
        objects.stream().map(o -> new Found(o.key(), o.type().kind(), o.created())).toList(),
        unseen);
  }
}
