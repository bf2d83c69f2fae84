package io.nspool.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which namespaces each pool owns, computed once from every pool and read by everyone who needs it
 * (the pool reconciler, the claimer, the API): a namespace belongs to the oldest pool that lists it
 * under a valid name, or (dynamic mode) whose {@code spec.namespaceSelector} matches its labels; a
 * younger pool listing or selecting it too owns nothing of it and is told so. One rule in one
 * place, so "active deployments ≤ the pool's namespaces" holds per pool, and a namespace that stops
 * being a member — unlisted, unlabelled or deleted — takes the same path (it drains, and a claimed
 * one leaves once its deployment is deleted).
 */
public final class PoolMembership {
  private static final Pattern DNS_LABEL = Pattern.compile(Names.DNS_LABEL);

  /**
   * A pool's own namespaces (in spec order; by name for a selector), what is wrong with the rest of
   * its spec, and whether the members are known: a dynamic pool whose namespace watch has not
   * listed yet, or whose selector is unusable, is unsettled, and its reconciler changes nothing (a
   * namespace it cannot see as labelled is not drained for it).
   */
  public record Members(List<String> names, List<String> problems, boolean settled) {
    public Members(List<String> names, List<String> problems) {
      this(names, problems, true);
    }
  }

  private final Map<String, String> ownerOf;
  private final LabelledNamespaces labelled;

  private PoolMembership(Map<String, String> ownerOf, LabelledNamespaces labelled) {
    this.ownerOf = ownerOf;
    this.labelled = labelled;
  }

  /** Membership with no namespace watch: dynamic pools own nothing and are unsettled. */
  public static PoolMembership of(Collection<NamespacePool> pools) {
    return of(pools, LabelledNamespaces.none());
  }

  public static PoolMembership of(Collection<NamespacePool> pools, LabelledNamespaces labelled) {
    Map<String, String> owners = new HashMap<>();
    pools.stream()
        .sorted(
            Comparator.comparing((NamespacePool p) -> p.getMetadata().getCreationTimestamp())
                .thenComparing(p -> p.getMetadata().getName()))
        .forEach(
            pool ->
                candidates(pool, labelled)
                    .forEach(ns -> owners.putIfAbsent(ns, pool.getMetadata().getName())));
    return new PoolMembership(owners, labelled);
  }

  /** The valid names a pool lists, or the namespaces its (usable) selector matches now. */
  private static List<String> candidates(NamespacePool pool, LabelledNamespaces labelled) {
    PoolSpec spec = pool.getSpec();
    if (!spec.isDynamic()) {
      return spec.getNamespaces().stream().filter(PoolMembership::validName).toList();
    }
    if (!spec.getNamespaces().isEmpty() || !spec.getNamespaceSelector().problems().isEmpty()) {
      return List.of();
    }
    NamespaceSelector selector = spec.getNamespaceSelector();
    return labelled.labels().entrySet().stream()
        .filter(e -> !labelled.reserved().contains(e.getKey()))
        .filter(e -> selector.matches(e.getValue()))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** The pool owning {@code namespace}, or null when no pool lists it. */
  public String owner(String namespace) {
    return ownerOf.get(namespace);
  }

  public Members members(NamespacePool pool) {
    if (pool.getSpec().isDynamic()) {
      return selected(pool);
    }
    List<String> problems = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    Set<String> listed = new java.util.HashSet<>();
    for (String namespace : pool.getSpec().getNamespaces()) {
      String owner = ownerOf.get(namespace);
      if (!validName(namespace)) {
        problems.add(
            "spec.namespaces: \""
                + namespace
                + "\" is not a DNS-1123 label (lowercase letters, digits, '-', at most 63)");
      } else if (!listed.add(namespace)) {
        problems.add("spec.namespaces: \"" + namespace + "\" is listed more than once");
      } else if (owner != null && !owner.equals(pool.getMetadata().getName())) {
        problems.add(
            "spec.namespaces: \"" + namespace + "\" already belongs to pool \"" + owner + "\"");
      } else {
        seen.add(namespace);
      }
    }
    return new Members(List.copyOf(seen), List.copyOf(problems));
  }

  private Members selected(NamespacePool pool) {
    PoolSpec spec = pool.getSpec();
    NamespaceSelector selector = spec.getNamespaceSelector();
    List<String> problems = new ArrayList<>();
    if (!spec.getNamespaces().isEmpty()) {
      problems.add(
          "spec: set either spec.namespaces (a list of names) or spec.namespaceSelector (dynamic"
              + " mode, by label), not both; nothing changes until one is removed");
    }
    problems.addAll(selector.problems());
    if (!problems.isEmpty()) {
      return new Members(List.of(), List.copyOf(problems), false);
    }
    String key = selector.toString();
    String error = labelled.errors().get(key);
    if (error != null) {
      problems.add(
          "spec.namespaceSelector: cannot watch namespaces labelled "
              + key
              + ": "
              + error
              + "; dynamic mode needs nspool's ClusterRole (nspool install --namespace-selector"
              + " renders it)");
    }
    List<String> names = new ArrayList<>();
    for (String namespace : candidates(pool, labelled)) {
      String owner = ownerOf.get(namespace);
      if (owner != null && !owner.equals(pool.getMetadata().getName())) {
        problems.add(
            "spec.namespaceSelector: \""
                + namespace
                + "\" matches but already belongs to pool \""
                + owner
                + "\"");
      } else {
        names.add(namespace);
      }
    }
    labelled.labels().keySet().stream()
        .filter(labelled.reserved()::contains)
        .filter(ns -> selector.matches(labelled.labels().get(ns)))
        .sorted()
        .forEach(
            ns ->
                problems.add(
                    "spec.namespaceSelector: \""
                        + ns
                        + "\" matches but is the control namespace or one of the cluster's own;"
                        + " it never joins a pool"));
    return new Members(List.copyOf(names), List.copyOf(problems), labelled.synced(key));
  }

  private static boolean validName(String namespace) {
    return namespace != null
        && namespace.length() <= Names.MAX_LABEL
        && DNS_LABEL.matcher(namespace).matches();
  }
}
