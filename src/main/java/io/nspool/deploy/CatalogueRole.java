package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.nspool.chart.ChartCache;
import io.nspool.chart.ChartEntry;
import io.nspool.chart.ChartFetchException;
import io.nspool.rbac.RuleCoverage;
import io.nspool.rbac.RuleCoverage.Permission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The installer permissions a pool's chart catalogue needs: {@link ChartRole} of each entry,
 * rendered as a deployment of it would be (the entry's default values, its values mapping and the
 * pool's pull secrets; no executor namespaces, release name {@value #RELEASE}), so {@code nspool
 * install} can grant them and {@code nspool doctor} can check them. Every pool namespace gets the
 * same installer Role, so each entry is rendered once, for one namespace of the pool.
 */
public final class CatalogueRole {
  /** The release name entries are rendered with (a deployment's own name is not known yet). */
  public static final String RELEASE = "release";

  /** Every permission one catalogue entry's chart needs in a pool namespace. */
  public record Needs(String entry, List<Permission> permissions) {
    public Needs {
      permissions = List.copyOf(permissions);
    }
  }

  /** The rules one entry needs beyond what a Role already grants (empty: nothing to add). */
  public record EntryRules(String entry, List<PolicyRule> rules) {
    public EntryRules {
      rules = List.copyOf(rules);
    }
  }

  /** A catalogue entry whose chart cannot be fetched or rendered: install changes nothing. */
  public static final class EntryFailed extends RuntimeException {
    EntryFailed(String entry, String why) {
      super("chart catalogue entry \"" + entry + "\": " + why);
    }
  }

  private CatalogueRole() {}

  /**
   * Fetches (verified, through the cache) and renders each entry for {@code namespace}.
   *
   * @throws EntryFailed naming the first entry that cannot be fetched or rendered
   */
  public static List<Needs> of(
      List<ChartEntry> entries, ChartCache cache, String namespace, List<String> pullSecrets) {
    List<Needs> needs = new ArrayList<>();
    for (ChartEntry entry : entries) {
      needs.add(of(entry, cache, namespace, pullSecrets));
    }
    return needs;
  }

  static Needs of(ChartEntry entry, ChartCache cache, String namespace, List<String> pullSecrets) {
    Path chart;
    try {
      chart = cache.fetch(entry);
    } catch (ChartFetchException e) {
      throw new EntryFailed(entry.getName(), "cannot fetch its chart: " + e.getMessage());
    }
    if (!Files.exists(chart)) {
      throw new EntryFailed(entry.getName(), "path " + chart + ": no such chart folder or .tgz");
    }
    Map<String, Object> values = Releases.values(Map.of(), pullSecrets, entry, List.of());
    ChartRender render;
    try {
      render = ChartRender.asCaller(chart, RELEASE, namespace, values);
    } catch (RuntimeException e) {
      throw new EntryFailed(
          entry.getName(),
          "its chart does not render with the entry's default values: " + e.getMessage());
    }
    return new Needs(
        entry.getName(), ChartRole.required(render, namespace, ResourceScopes.builtIn()));
  }

  /**
   * For each entry, the rules it needs that {@code granted} does not cover, folded as {@link
   * ChartRole#rules} folds them. Pure.
   */
  public static List<EntryRules> beyond(List<Needs> needs, List<PolicyRule> granted) {
    return needs.stream()
        .map(
            n ->
                new EntryRules(
                    n.entry(),
                    ChartRole.rules(RuleCoverage.notGrantedBy(n.permissions(), granted))))
        .toList();
  }

  /**
   * Every entry's rules as one list: each permission once, one rule per API group, resource and
   * resource name, sorted, so the same catalogue always gives the same Role. Pure.
   */
  public static List<PolicyRule> union(List<EntryRules> entries) {
    Set<Permission> all = new LinkedHashSet<>();
    entries.forEach(e -> all.addAll(RuleCoverage.permissions(e.rules())));
    return ChartRole.rules(List.copyOf(all));
  }
}
