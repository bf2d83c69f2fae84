package io.nspool.pool;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;

/** Removes everything of the previous tenant from a namespace and says whether it is clean. */
@FunctionalInterface
public interface Scrubber {
  /** Clean, or a summary of what is left that names each object and why. */
  record Result(boolean clean, String summary) {}

  Result scrub(String namespace);

  /**
   * The extra installer rules the namespace's pool declares ({@code spec.installerRules}), which
   * the handover keeps in the Roles it resets. A scrubber that resets no Role ignores them.
   */
  default void declareInstallerRules(String namespace, List<PolicyRule> rules) {}
}
