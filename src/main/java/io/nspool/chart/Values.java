package io.nspool.chart;

import java.util.LinkedHashMap;
import java.util.Map;

/** Helm values as Helm combines several {@code -f} files: the later laid over the earlier. */
public final class Values {
  private Values() {}

  /**
   * {@code over} laid over {@code base}, as Helm merges a second values file into a first: where
   * both hold a map the maps are merged key by key, anything else in {@code over} (a scalar, a
   * list, a null, which then removes the chart's default) replaces what {@code base} holds. Neither
   * argument is changed.
   */
  public static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> merged = new LinkedHashMap<>(base == null ? Map.of() : base);
    if (over == null) {
      return merged;
    }
    for (Map.Entry<String, Object> e : over.entrySet()) {
      Object mine = merged.get(e.getKey());
      if (mine instanceof Map<?, ?> a && e.getValue() instanceof Map<?, ?> b) {
        merged.put(e.getKey(), merge(cast(a), cast(b)));
      } else {
        merged.put(e.getKey(), e.getValue());
      }
    }
    return merged;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
