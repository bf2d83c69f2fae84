package io.nspool.pool;

import java.util.Map;
import java.util.Set;

/**
 * What the dynamic mode's namespace watches show, as one snapshot: the labels of every namespace
 * they hold (one watch per selector, each listing only what its selector matches), which selectors'
 * watches have not completed their first list yet, and why a watch fails. Membership is computed
 * from it; a pool whose selector's watch has not listed yet is unsettled, so a restart drains
 * nothing before the watch has shown what is labelled.
 *
 * @param labels namespace name → its labels, namespaces being deleted left out (they leave)
 * @param unsynced selectors ({@link NamespaceSelector#toString()}) whose watch has not listed yet
 * @param errors selector → why its watch fails (forbidden: no dynamic-mode ClusterRole)
 * @param reserved namespaces that never join a pool by label: the control namespace and the
 *     cluster's own ({@code kube-system}, {@code kube-public}, {@code kube-node-lease}, {@code
 *     default})
 */
public record LabelledNamespaces(
    Map<String, Map<String, String>> labels,
    Set<String> unsynced,
    Map<String, String> errors,
    Set<String> reserved) {

  public static final Set<String> CLUSTER_NAMESPACES =
      Set.of("kube-system", "kube-public", "kube-node-lease", "default");

  /** No dynamic pool is watched: every selector unsynced, nothing labelled. */
  public static LabelledNamespaces none() {
    return new LabelledNamespaces(Map.of(), null, Map.of(), CLUSTER_NAMESPACES);
  }

  public LabelledNamespaces {
    labels = Map.copyOf(labels);
    errors = Map.copyOf(errors);
    reserved = Set.copyOf(reserved);
    unsynced = unsynced == null ? null : Set.copyOf(unsynced);
  }

  /** Whether the watch of this selector has listed (null {@code unsynced}: nothing is watched). */
  boolean synced(String selector) {
    return unsynced != null && !unsynced.contains(selector) && !errors.containsKey(selector);
  }
}
