package io.nspool.install;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.nspool.chart.ChartEntry;
import io.nspool.deploy.CatalogueRole;
import io.nspool.pool.PodSecurityLevel;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What {@code nspool install} sets up (option 1 of the seeds: nspool creates namespaces, Roles and
 * RoleBindings with admin rights; option 2: it prints them for an admin to apply).
 *
 * @param controlNamespace where nspool, its custom resources and its Role live
 * @param serviceAccount nspool's ServiceAccount in the control namespace
 * @param pool name of the NamespacePool to create
 * @param poolNamespaces the pre-created namespaces of that pool
 * @param retention the pool's retention, e.g. 14d
 * @param hardDelete whether every delete of the pool is hard
 * @param podSecurity the Pod Security level the pool's namespaces enforce
 * @param pullSecrets the pool's pull secrets: Secrets of the control namespace nspool's Role may
 *     read by name and nspool copies into every pool namespace
 * @param installerRules rules added to the installer Role (and nspool's Role) of every pool
 *     namespace, declared on the pool ({@code spec.installerRules}) so every handover keeps them
 * @param charts the pool's chart catalogue ({@code spec.charts}); empty: the pool keeps whatever
 *     catalogue it has (none: the bundled chart)
 * @param catalogueRules per catalogue entry, the rules its chart needs beyond the fixed ones and
 *     the declared {@code installerRules} ({@link CatalogueRole}, derived before the plan is made)
 * @param namespaceSelector dynamic mode: the pool's namespaces by label instead of {@code
 *     poolNamespaces} (which is then empty); null for a list. Only then does the install hold
 *     cluster-scoped objects (io.nspool.rbac.DynamicRoles)
 */
public record InstallPlan(
    String controlNamespace,
    String serviceAccount,
    String pool,
    List<String> poolNamespaces,
    String retention,
    boolean hardDelete,
    PodSecurityLevel podSecurity,
    List<String> pullSecrets,
    List<PolicyRule> installerRules,
    List<ChartEntry> charts,
    List<CatalogueRole.EntryRules> catalogueRules,
    io.nspool.pool.NamespaceSelector namespaceSelector) {

  public InstallPlan {
    pullSecrets = pullSecrets == null ? List.of() : List.copyOf(pullSecrets);
    installerRules = installerRules == null ? List.of() : List.copyOf(installerRules);
    charts = charts == null ? List.of() : List.copyOf(charts);
    catalogueRules = catalogueRules == null ? List.of() : List.copyOf(catalogueRules);
    poolNamespaces = poolNamespaces == null ? List.of() : List.copyOf(poolNamespaces);
  }

  public InstallPlan(
      String controlNamespace,
      String serviceAccount,
      String pool,
      List<String> poolNamespaces,
      String retention,
      boolean hardDelete,
      PodSecurityLevel podSecurity,
      List<String> pullSecrets,
      List<PolicyRule> installerRules) {
    this(
        controlNamespace,
        serviceAccount,
        pool,
        poolNamespaces,
        retention,
        hardDelete,
        podSecurity,
        pullSecrets,
        installerRules,
        null);
  }

  /** A plan without a catalogue, its namespaces listed or (dynamic mode) chosen by label. */
  public InstallPlan(
      String controlNamespace,
      String serviceAccount,
      String pool,
      List<String> poolNamespaces,
      String retention,
      boolean hardDelete,
      PodSecurityLevel podSecurity,
      List<String> pullSecrets,
      List<PolicyRule> installerRules,
      io.nspool.pool.NamespaceSelector namespaceSelector) {
    this(
        controlNamespace,
        serviceAccount,
        pool,
        poolNamespaces,
        retention,
        hardDelete,
        podSecurity,
        pullSecrets,
        installerRules,
        List.of(),
        List.of(),
        namespaceSelector);
  }

  /** The same plan with a catalogue and the rules derived from it. */
  public InstallPlan withCatalogue(
      List<ChartEntry> charts, List<CatalogueRole.EntryRules> catalogueRules) {
    return new InstallPlan(
        controlNamespace,
        serviceAccount,
        pool,
        poolNamespaces,
        retention,
        hardDelete,
        podSecurity,
        pullSecrets,
        installerRules,
        charts,
        catalogueRules,
        namespaceSelector);
  }

  /** The catalogue's rules as one list, each permission once ({@link CatalogueRole#union}). */
  public List<PolicyRule> catalogueUnion() {
    return CatalogueRole.union(catalogueRules);
  }

  /**
   * What the installer Role (and nspool's Role) of every pool namespace adds to the fixed rules,
   * and the pool declares so every handover keeps it: the declared rules, then the catalogue's.
   */
  public List<PolicyRule> allInstallerRules() {
    LinkedHashSet<PolicyRule> all = new LinkedHashSet<>(installerRules);
    all.addAll(catalogueUnion());
    return List.copyOf(all);
  }

  /** Whether the pool chooses its namespaces by label (the one mode with a ClusterRole). */
  public boolean dynamic() {
    return namespaceSelector != null;
  }

  public InstallPlan(
      String controlNamespace,
      String serviceAccount,
      String pool,
      List<String> poolNamespaces,
      String retention,
      boolean hardDelete,
      PodSecurityLevel podSecurity,
      List<String> pullSecrets) {
    this(
        controlNamespace,
        serviceAccount,
        pool,
        poolNamespaces,
        retention,
        hardDelete,
        podSecurity,
        pullSecrets,
        List.of());
  }

  public InstallPlan(
      String controlNamespace,
      String serviceAccount,
      String pool,
      List<String> poolNamespaces,
      String retention,
      boolean hardDelete,
      PodSecurityLevel podSecurity) {
    this(
        controlNamespace,
        serviceAccount,
        pool,
        poolNamespaces,
        retention,
        hardDelete,
        podSecurity,
        List.of());
  }

  /** Pool namespaces {@code <prefix>-1 .. <prefix>-<count>}. */
  public static List<String> numbered(String prefix, int count) {
    return java.util.stream.IntStream.rangeClosed(1, count)
        .mapToObj(i -> prefix + "-" + i)
        .toList();
  }
}
