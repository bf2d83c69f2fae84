package io.nspool.api.model;

import java.util.List;

/**
 * A pool as the API shows it. {@code namespaceSelector}: a dynamic pool's label selector in
 * Kubernetes' text form ({@code nspool.io/pool=a,tier in (x,y)}, as {@code kubectl -l} takes it);
 * null for a pool that lists its namespaces.
 */
public record PoolView(
    String name,
    List<String> namespaces,
    String namespaceSelector,
    boolean hardDelete,
    String retention,
    List<Chart> charts,
    Counts counts) {

  /**
   * One entry of the pool's chart catalogue as anyone may see it: its source kind ({@code bundled},
   * {@code path}, {@code repository}, {@code oci}) and, for a remote chart, where it is, without
   * credentials; never a path on the server.
   */
  public record Chart(
      String name, String source, String location, String version, boolean isDefault) {}

  public record Counts(
      int total,
      int free,
      int claimed,
      int retained,
      int cleaning,
      int quarantined,
      int draining) {}
}
