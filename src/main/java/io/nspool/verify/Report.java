package io.nspool.verify;

import java.util.List;

/** The outcome of one verification: every violation found, and how much was looked at. */
public record Report(List<Violation> violations, int pools, int namespaces, int deployments) {
  public Report {
    violations = List.copyOf(violations);
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
