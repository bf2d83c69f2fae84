package io.nspool.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dotted key into Helm values ({@code webserver.secretKeySecretName}) that nspool itself writes:
 * keys of letters, digits, {@code _} and {@code -}, no escapes, no list indexes (an admin writes
 * these in the catalogue, not a tenant on a command line).
 */
public record ValuesPath(List<String> segments) {
  public static final String PATTERN = "^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$";

  public ValuesPath {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a values key has at least one segment");
    }
  }

  public static ValuesPath parse(String key) {
    if (key == null || !key.matches(PATTERN)) {
      throw new IllegalArgumentException(
          "values key '"
              + key
              + "' must be dotted names of letters, digits, '_' and '-' (e.g. a.b_c)");
    }
    return new ValuesPath(List.of(key.split("\\.")));
  }

  /**
   * Sets the value at this path, making the maps on the way; a non-map in the way is replaced, as
   * {@code helm --set} does, because nspool's setting wins over whatever the tenant put there.
   */
  @SuppressWarnings("unchecked")
  public void set(Map<String, Object> values, Object value) {
    Map<String, Object> at = values;
    for (String segment : segments.subList(0, segments.size() - 1)) {
      Object next = at.get(segment);
      if (!(next instanceof Map)) {
        next = new LinkedHashMap<String, Object>();
        at.put(segment, next);
      } else {
        // Copy on the way down: the tenant's values (or the catalogue's) may be shared.
        next = new LinkedHashMap<>((Map<String, Object>) next);
        at.put(segment, next);
      }
      at = (Map<String, Object>) next;
    }
    at.put(segments.get(segments.size() - 1), value);
  }

  @Override
  public String toString() {
    return String.join(".", segments);
  }
}
