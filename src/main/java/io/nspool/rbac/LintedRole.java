package io.nspool.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;

/**
 * A Role or ClusterRole as the lint reads it: its kind, where it lives and its rules, in order.
 *
 * @param kind {@code Role} or {@code ClusterRole}
 * @param namespace the Role's namespace; null for a ClusterRole (or a Role that names none)
 * @param name the Role's name
 * @param rules its rules, as written
 */
public record LintedRole(String kind, String namespace, String name, List<PolicyRule> rules) {
  public static final String ROLE = "Role";
  public static final String CLUSTER_ROLE = "ClusterRole";

  public LintedRole {
    rules = List.copyOf(rules);
  }

  public static LintedRole of(io.fabric8.kubernetes.api.model.rbac.Role role) {
    return new LintedRole(
        ROLE,
        role.getMetadata().getNamespace(),
        role.getMetadata().getName(),
        role.getRules() == null ? List.of() : role.getRules());
  }

  /** A Role grants only inside its namespace; the cluster-scope checks apply to Roles only. */
  public boolean namespaced() {
    return ROLE.equals(kind);
  }

  /** {@code Role tenant-1/nspool}, {@code ClusterRole admin}. */
  public String display() {
    return kind + " " + (namespace == null || !namespaced() ? "" : namespace + "/") + name;
  }
}
