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
 * under a valid name; a younger pool listing it too owns nothing of it and is told so. One rule in
 * one place, so "active deployments ≤ the pool's namespaces" holds per pool.
 */
public final class PoolMembership {
  private static final Pattern DNS_LABEL = Pattern.compile(Names.DNS_LABEL);

  /** A pool's own namespaces, in spec order, and what is wrong with the rest of its list. */
  public record Members(List<String> names, List<String> problems) {}

  private final Map<String, String> ownerOf;

  private PoolMembership(Map<String, String> ownerOf) {
    this.ownerOf = ownerOf;
  }

  public static PoolMembership of(Collection<NamespacePool> pools) {
    Map<String, String> owners = new HashMap<>();
    pools.stream()
        .sorted(
            Comparator.comparing((NamespacePool p) -> p.getMetadata().getCreationTimestamp())
                .thenComparing(p -> p.getMetadata().getName()))
        .forEach(
            pool ->
                pool.getSpec().getNamespaces().stream()
                    .filter(PoolMembership::validName)
                    .forEach(ns -> owners.putIfAbsent(ns, pool.getMetadata().getName())));
    return new PoolMembership(owners);
  }

  /** The pool owning {@code namespace}, or null when no pool lists it. */
  public String owner(String namespace) {
    return ownerOf.get(namespace);
  }

  public Members members(NamespacePool pool) {
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

  private static boolean validName(String namespace) {
    return namespace != null
        && namespace.length() <= Names.MAX_LABEL
        && DNS_LABEL.matcher(namespace).matches();
  }
}
