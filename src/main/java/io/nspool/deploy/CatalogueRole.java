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

  /**
   * Every permission one catalogue entry's chart needs in a pool namespace.
   *
   * @param entry the entry's name
   * @param chart the chart as its Chart.yaml names it, {@code name version}; null when unknown
   * @param permissions every permission, each once
   * @param grants where they come from: each rule of each Role the chart creates, as written, and
   *     the verbs Helm needs on each object; together they hold every permission
   */
  public record Needs(
      String entry, String chart, List<Permission> permissions, List<Grant> grants) {
    public Needs {
      permissions = List.copyOf(permissions);
      grants = List.copyOf(grants);
    }

    /** Permissions of unknown origin (tests, and checks that need no origin). */
    public Needs(String entry, List<Permission> permissions) {
      this(entry, null, permissions, List.of());
    }

    /** {@code launcher (chart pod-launcher 0.1.0)}: the entry as an admin finds it. */
    public String describe() {
      return entry + (chart == null ? "" : " (chart " + chart + ")");
    }
  }

  /**
   * Why a chart needs some permissions: {@code origin} (e.g. {@code Role r-runner, rule 2}, or
   * {@code Lease r-lock} for what Helm does with the object) and the rule, as the chart writes it.
   */
  public record Grant(String origin, PolicyRule rule, List<Permission> permissions) {
    public Grant {
      permissions = List.copyOf(permissions);
    }
  }

  /**
   * The rules one entry needs beyond what a Role already grants (empty: nothing to add), and the
   * broad ones among them an admin allowed ({@link CatalogueLint}), each described.
   */
  public record EntryRules(String entry, List<PolicyRule> rules, List<String> broad) {
    public EntryRules {
      rules = List.copyOf(rules);
      broad = List.copyOf(broad);
    }

    public EntryRules(String entry, List<PolicyRule> rules) {
      this(entry, rules, List.of());
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
    ResourceScopes scopes = ResourceScopes.builtIn();
    return new Needs(
        entry.getName(),
        chartName(chart),
        ChartRole.required(render, namespace, scopes),
        grants(render, namespace, scopes));
  }

  /** Where each permission of {@link ChartRole#required} comes from. */
  static List<Grant> grants(ChartRender render, String namespace, ResourceScopes scopes) {
    List<Grant> grants = new ArrayList<>();
    grants.add(
        new Grant(
            "Helm's release record",
            ChartRole.rules(ChartRole.RELEASE_RECORD).get(0),
            ChartRole.RELEASE_RECORD));
    for (RenderedObject object : render.installed()) {
      List<Permission> helm = ChartRole.helmNeeds(object, namespace, scopes);
      if (helm.isEmpty()) {
        continue;
      }
      grants.add(new Grant(object.describe(), ChartRole.rules(helm).get(0), helm));
      if (ChartRole.isRole(object)) {
        List<ChartRole.WrittenRule> rules = ChartRole.writtenRules(object);
        for (int i = 0; i < rules.size(); i++) {
          grants.add(
              new Grant(
                  object.describe() + ", rule " + (i + 1),
                  rules.get(i).rule(),
                  rules.get(i).grants()));
        }
      }
    }
    return grants;
  }

  /** {@code name version} from the chart's Chart.yaml (Helm's own reading); null if unreadable. */
  private static String chartName(Path chart) {
    try {
      Map<?, ?> meta =
          io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
              new com.marcnuri.helm.Helm(chart).show().chart().call(), Map.class);
      return meta.get("name") + " " + meta.get("version");
    } catch (RuntimeException e) {
      return null; // only a label: the render above already proved the chart readable
    }
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
