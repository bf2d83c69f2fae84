package io.nspool.rbac;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code nspool rbac lint}: flags the rules of Roles and ClusterRoles that can never work in a
 * namespace (errors), that grant more than a namespaced control plane should hold (warnings), and
 * that are redundant or dated (infos). Pure: it reads rules and asks no cluster.
 */
public final class RbacLint {
  private RbacLint() {}

  /** Every finding of every role, by role (in the given order), rule, then severity. */
  public static List<Finding> lint(List<LintedRole> roles) {
    List<Finding> all = new ArrayList<>();
    for (LintedRole role : roles) {
      all.addAll(lint(role));
    }
    return all;
  }

  public static List<Finding> lint(LintedRole role) {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < role.rules().size(); i++) {
      findings.addAll(RuleChecks.check(new RuleChecks.Rule(role, i + 1, role.rules().get(i))));
    }
    findings.addAll(Redundancy.check(role));
    findings.sort(Comparator.comparingInt(Finding::rule).thenComparing(Finding::severity));
    return findings;
  }

  /** Whether any finding is an error: the rules cannot all work as written. */
  public static boolean failed(List<Finding> findings) {
    return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
  }
}
