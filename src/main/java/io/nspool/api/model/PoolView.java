package io.nspool.api.model;

import java.util.List;

/** A pool as the API shows it. */
public record PoolView(
    String name,
    List<String> namespaces,
    boolean hardDelete,
    String retention,
    String chart,
    Counts counts) {

  public record Counts(
      int total,
      int free,
      int claimed,
      int retained,
      int cleaning,
      int quarantined,
      int draining) {}
}
