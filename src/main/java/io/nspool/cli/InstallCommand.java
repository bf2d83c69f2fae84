package io.nspool.cli;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.nspool.chart.ChartCache;
import io.nspool.chart.ChartEntry;
import io.nspool.claim.Retention;
import io.nspool.deploy.CatalogueLint;
import io.nspool.deploy.CatalogueRole;
import io.nspool.install.InstallPlan;
import io.nspool.install.InstallReport;
import io.nspool.install.Installer;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.NamespaceSelector;
import io.nspool.pool.PodSecurityLevel;
import io.nspool.pool.PoolSpec;
import io.nspool.rbac.NspoolRoles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "install",
    mixinStandardHelpOptions = true,
    description = {
      "Set up nspool in a cluster with admin rights (option 1 of the seeds): the CRDs, the control"
          + " namespace with nspool's ServiceAccount and Role, every pool namespace with nspool's"
          + " Role and RoleBinding, and the NamespacePool: exactly what the chart charts/nspool"
          + " installs, without the server. It reports each object as created, changed or"
          + " unchanged; a second run says no change. It deletes nothing.",
      "",
      "With --render nothing is applied: the manifests are printed for an admin to review and"
          + " apply (option 2): nspool install --render | kubectl apply --server-side -f -",
      "",
      "The pool's chart catalogue (--catalogue FILE, else the catalogue the pool already has in"
          + " the cluster) decides the rest of the installer Role: each entry's chart is fetched"
          + " (verified) and rendered with its default values, and the rules it needs (as `nspool"
          + " rbac role --chart` computes them) that the fixed and declared rules lack are added"
          + " to every pool namespace's installer Role and nspool's Role, and declared on the pool"
          + " so handovers keep them. The report names the entry each rule comes from. An entry"
          + " that cannot be fetched or rendered stops the install before anything is applied;"
          + " so does a broad rule (*, escalate, bind, impersonate, Namespace writes, the claim"
          + " Lease, the installer's tokens), unless --allow-broad-catalogue-rules.",
      "",
      "Dynamic mode (--namespace-selector, instead of a list): every namespace labelled so joins"
          + " the pool, and leaves when unlabelled or deleted. It is the one mode with cluster-scoped"
          + " objects: a ClusterRole letting nspool see namespaces and bind its pool ClusterRole,"
          + " and an admission policy that admits that binding only in labelled namespaces. See"
          + " docs/architecture.md, Dynamic mode, for the trade-off."
    })
final class InstallCommand implements Callable<Integer> {
  static final Pattern LABEL = Pattern.compile(io.nspool.pool.Names.DNS_LABEL);

  @Spec CommandSpec spec;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "An admin's kubeconfig (default: $KUBECONFIG or ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "nspool-system",
      description = "Control namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--service-account",
      defaultValue = "nspool",
      description = "nspool's ServiceAccount (default: ${DEFAULT-VALUE}).")
  String serviceAccount;

  @Option(
      names = "--pool",
      defaultValue = "default",
      description = "Name of the pool (default: ${DEFAULT-VALUE}).")
  String pool;

  @Option(
      names = "--pool-namespaces",
      split = ",",
      paramLabel = "NS",
      description = "The pool's namespaces, comma-separated (e.g. tenant-a,tenant-b).")
  List<String> poolNamespaces;

  @Option(
      names = "--namespace-selector",
      split = ",",
      paramLabel = "KEY=VALUE",
      description =
          "Dynamic mode, instead of --pool-namespaces/--pool-size: the pool is every namespace"
              + " carrying all these labels, e.g. nspool.io/pool=airflow. Renders the dynamic-mode"
              + " ClusterRole, ClusterRoleBinding and admission policy (and nothing cluster-scoped"
              + " otherwise). For matchExpressions, edit the pool's spec.namespaceSelector and the"
              + " chart's pool.namespaceSelector.")
  List<String> namespaceSelector;

  @Option(
      names = "--pool-size",
      paramLabel = "N",
      description = "Instead of --pool-namespaces: N namespaces <pool-prefix>-1..N.")
  Integer poolSize;

  @Option(
      names = "--pool-prefix",
      defaultValue = "tenant",
      description = "Prefix of numbered pool namespaces (default: ${DEFAULT-VALUE}).")
  String poolPrefix;

  @Option(
      names = "--retention",
      defaultValue = "14d",
      description = "How long soft-deleted namespaces are retained (default: ${DEFAULT-VALUE}).")
  String retention;

  @Option(
      names = "--hard-delete",
      description = "Every delete is hard: namespaces come back at once.")
  boolean hardDelete;

  @Option(
      names = "--pod-security",
      defaultValue = "baseline",
      paramLabel = "LEVEL",
      description =
          "Pod Security Admission level the pool's namespaces enforce: privileged, baseline or"
              + " restricted (default: ${DEFAULT-VALUE}). Kubernetes refuses pods that break it.")
  String podSecurity;

  @Option(
      names = "--pull-secret",
      paramLabel = "NAME",
      description =
          "A kubernetes.io/dockerconfigjson Secret of the control namespace (created by you) that"
              + " nspool copies into every pool namespace; nspool's Role may read it by name only."
              + " Repeatable.")
  List<String> pullSecrets;

  @Option(
      names = "--extra-rules",
      paramLabel = "FILE",
      description =
          "A YAML list of PolicyRules added to the installer Role (what Helm acts as) and to"
              + " nspool's Role in every pool namespace, e.g. for a custom resource the tenants'"
              + " chart installs. The pool declares them (spec.installerRules), so handovers keep"
              + " them. A rule added to a Role by hand is dropped by the next install (reported):"
              + " declare it here instead.")
  Path extraRules;

  @Option(
      names = "--catalogue",
      paramLabel = "FILE",
      description =
          "The pool's chart catalogue: a YAML list of entries as the NamespacePool's spec.charts"
              + " holds them (name; path, repository {url, chart} or oci; version; values; ...),"
              + " written into the pool. Left out: the pool keeps its catalogue (read from the"
              + " cluster; with --render, none: the bundled chart, which the fixed rules cover).")
  Path catalogue;

  @Option(
      names = CatalogueLint.ALLOW_FLAG,
      description =
          "Grant the catalogue's broad rules anyway. Without it, install refuses (changing"
              + " nothing) a catalogue whose charts need, beyond the fixed and declared installer"
              + " rules, a rule with * in verbs, resources or apiGroups, the verbs escalate, bind"
              + " or impersonate, writes on Namespaces, or writes on what nspool keeps for itself"
              + " in a pool namespace (the claim Lease nspool-claim, tokens of the installer),"
              + " naming each entry, rule and reason: whatever the catalogue needs goes into the"
              + " installer Role of every pool namespace. With it, the report lists each broad"
              + " rule granted. Decided at each install: the next one without it refuses again.")
  boolean allowBroadCatalogueRules;

  @Option(
      names = "--chart-cache",
      paramLabel = "DIR",
      description =
          "Where the catalogue's remote charts are kept, by sha256 digest (default: nspool-charts"
              + " in the temp folder, as nspool server's default).")
  Path chartCache;

  @Option(
      names = "--render",
      description =
          "Print the manifests instead of applying them: exactly what the chart charts/nspool"
              + " renders with the same settings (helm template --include-crds).")
  boolean render;

  @Override
  public Integer call() throws Exception {
    InstallPlan plan = plan();
    List<ChartEntry> charts =
        catalogue == null ? List.of() : CatalogueFile.read(spec.commandLine(), catalogue);
    if (render) {
      plan = withCatalogue(plan, charts);
      java.io.PrintWriter err = spec.commandLine().getErr();
      InstallReport.catalogueLines(plan).forEach(l -> err.println("==> " + l));
      err.flush();
      System.out.print(Installer.render(plan, new KubernetesSerialization()));
      return 0;
    }
    try (KubernetesClient admin =
        new KubernetesClientBuilder().withConfig(ServerCommand.config(kubeconfig)).build()) {
      if (catalogue == null) {
        charts = existingCatalogue(admin);
      }
      plan = withCatalogue(plan, charts);
      InstallReport.catalogueLines(plan).forEach(System.out::println);
      InstallReport report =
          Installer.apply(admin, plan, line -> System.err.println("==> " + line));
      report.entries().forEach(System.out::println);
      System.out.println(report.summary());
      long broad = plan.catalogueRules().stream().mapToLong(e -> e.broad().size()).sum();
      if (broad > 0) {
        System.out.println(
            "WARNING: "
                + broad
                + " broad catalogue rule(s) granted to the installer of every pool namespace"
                + " (listed above, with "
                + CatalogueLint.ALLOW_FLAG
                + "); nspool doctor reports them too.");
      }
    }
    System.out.println(
        "Next: run `nspool server -n "
            + namespace
            + "` as the ServiceAccount "
            + namespace
            + "/"
            + serviceAccount
            + ".");
    return 0;
  }

  /**
   * The plan with the catalogue and what its entries need beyond the fixed and declared rules,
   * rendered for the first pool namespace (every pool namespace gets the same installer Role).
   */
  private InstallPlan withCatalogue(InstallPlan plan, List<ChartEntry> charts) {
    if (charts.isEmpty()) {
      return plan;
    }
    // Dynamic mode lists no namespace up front: any name stands for the members to come, as each
    // gets the same installer Role.
    String ns = plan.poolNamespaces().isEmpty() ? "pool-member" : plan.poolNamespaces().get(0);
    List<CatalogueRole.Needs> needs;
    try {
      needs =
          CatalogueRole.of(
              charts,
              new ChartCache(chartCache == null ? ChartCache.defaultDir() : chartCache),
              ns,
              plan.pullSecrets());
    } catch (CatalogueRole.EntryFailed e) {
      throw new CliException(ExitCode.FAILURE, e.getMessage() + ". Nothing was changed.");
    }
    List<PolicyRule> granted = NspoolRoles.installerRole(ns, plan.installerRules()).getRules();
    List<CatalogueRole.EntryRules> rules;
    try {
      rules = CatalogueLint.plan(needs, granted, allowBroadCatalogueRules);
    } catch (CatalogueLint.Refused e) {
      throw new CliException(ExitCode.FAILURE, e.getMessage());
    }
    InstallPlan withRules = plan.withCatalogue(charts, rules);
    int count = withRules.allInstallerRules().size();
    if (count > PoolSpec.MAX_INSTALLER_RULES) {
      // The pool declares them all (spec.installerRules); its CRD would refuse it, last of all.
      throw new CliException(
          ExitCode.FAILURE,
          "the declared rules and those the catalogue needs make "
              + count
              + " installer rules, more than a pool may declare ("
              + PoolSpec.MAX_INSTALLER_RULES
              + "). Nothing was changed.");
    }
    return withRules;
  }

  /** The pool's catalogue as the cluster holds it (none: no such pool, or no CRD yet). */
  private List<ChartEntry> existingCatalogue(KubernetesClient admin) {
    try {
      NamespacePool existing =
          admin.resources(NamespacePool.class).inNamespace(namespace).withName(pool).get();
      return existing == null || existing.getSpec() == null
          ? List.of()
          : existing.getSpec().getCharts();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return List.of();
      }
      throw e;
    }
  }

  InstallPlan plan() {
    label("--namespace", namespace);
    label("--service-account", serviceAccount);
    label("--pool", pool);
    try {
      Retention.parse(retention);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
    }
    List<String> names;
    NamespaceSelector selector = selector();
    if (selector != null && (poolNamespaces != null || poolSize != null)) {
      throw new ParameterException(
          spec.commandLine(),
          "use either --namespace-selector (dynamic mode) or --pool-namespaces/--pool-size, not"
              + " both");
    }
    if (selector != null) {
      names = List.of();
    } else if (poolNamespaces != null && poolSize != null) {
      throw new ParameterException(
          spec.commandLine(), "use either --pool-namespaces or --pool-size, not both");
    } else if (poolNamespaces != null) {
      names = poolNamespaces;
    } else {
      int size = poolSize == null ? 3 : poolSize;
      if (size < 1 || size > PoolSpec.MAX_NAMESPACES) {
        throw new ParameterException(
            spec.commandLine(),
            "--pool-size " + size + ": must be from 1 to " + PoolSpec.MAX_NAMESPACES);
      }
      label("--pool-prefix", poolPrefix);
      names = InstallPlan.numbered(poolPrefix, size);
    }
    names.forEach(n -> label("--pool-namespaces", n));
    if (names.stream().distinct().count() != names.size()) {
      throw new ParameterException(
          spec.commandLine(), "--pool-namespaces: a namespace is listed more than once: " + names);
    }
    if (names.contains(namespace)) {
      throw new ParameterException(
          spec.commandLine(),
          "--pool-namespaces: the control namespace " + namespace + " cannot be a pool namespace");
    }
    PodSecurityLevel level;
    try {
      level = PodSecurityLevel.parse(podSecurity);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--pod-security \"" + podSecurity + "\": must be one of " + PodSecurityLevel.choices());
    }
    List<String> pulls = pullSecrets == null ? List.of() : pullSecrets;
    for (String pull : pulls) {
      if (pull.length() > 253
          || !pull.matches(io.nspool.pool.Names.DNS_SUBDOMAIN)
          || pull.equals(io.nspool.rbac.NspoolRoles.USERS_SECRET)) {
        throw new ParameterException(
            spec.commandLine(),
            "--pull-secret \""
                + pull
                + "\": must be a Secret name (DNS-1123 subdomain) other than "
                + io.nspool.rbac.NspoolRoles.USERS_SECRET);
      }
    }
    return new InstallPlan(
        namespace,
        serviceAccount,
        pool,
        names,
        retention,
        hardDelete,
        level,
        pulls.stream().distinct().toList(),
        extraRules == null ? List.of() : ExtraRules.read(spec.commandLine(), extraRules),
        selector);
  }

  /** {@code --namespace-selector k=v,...} as a selector, or null; refused with the rule. */
  private NamespaceSelector selector() {
    if (namespaceSelector == null) {
      return null;
    }
    java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
    for (String term : namespaceSelector) {
      int eq = term.indexOf('=');
      if (eq < 0 || labels.put(term.substring(0, eq), term.substring(eq + 1)) != null) {
        throw new ParameterException(
            spec.commandLine(),
            "--namespace-selector \""
                + term
                + "\": must be KEY=VALUE, each key once (e.g. nspool.io/pool=airflow)");
      }
    }
    NamespaceSelector selector = NamespaceSelector.matchLabels(labels);
    List<String> problems = selector.problems();
    if (!problems.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "--namespace-selector: "
              + String.join("; ", problems).replace("spec.namespaceSelector.matchLabels: ", ""));
    }
    return selector;
  }

  private void label(String option, String value) {
    if (value == null
        || value.length() > io.nspool.pool.Names.MAX_LABEL
        || !LABEL.matcher(value).matches()) {
      throw new ParameterException(
          spec.commandLine(),
          option
              + " \""
              + value
              + "\": must be a DNS-1123 label (lowercase letters, digits and '-', at most 63)");
    }
  }
}
