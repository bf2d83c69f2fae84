package io.nspool.verify;

import java.util.List;

/**
 * The outcome of one verification: every violation found, and how much was looked at. {@code
 * selectors}: each dynamic pool's label selector (pool name to its text form), so what was verified
 * of it is clear: the namespaces labelled so now, and those its status still tracks.
 */
public record Report(
    List<Violation> violations,
    int pools,
    int namespaces,
    int deployments,
    java.util.SortedMap<String, String> selectors) {
  public Report {
    violations = List.copyOf(violations);
    selectors = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(selectors));
  }

  public Report(List<Violation> violations, int pools, int namespaces, int deployments) {
    this(violations, pools, namespaces, deployments, new java.util.TreeMap<>());
  }

  public boolean clean() {
    return violations.isEmpty();
  }

  /** {@code no violations in 2 pools, 6 namespaces, 3 deployments}, or how many were found. */
  public String summary() {
    String scope =
        " in "
            + count(pools, "pool")
            + ", "
            + count(namespaces, "namespace")
            + ", "
            + count(deployments, "deployment");
    return (clean() ? "no violations" : count(violations.size(), "violation")) + scope;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
