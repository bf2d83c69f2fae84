package io.nspool.pool;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.nspool.chart.ChartEntry;
import io.nspool.claim.Retention;
import java.util.ArrayList;
import java.util.List;

/**
 * What the platform team configures for one pool. {@code spec.namespaces} is a set to Kubernetes
 * ({@code x-kubernetes-list-type: set}, which CrdDriftTest adds: crd-generator has no annotation
 * for it), so the API server refuses a name listed twice; a CEL rule cannot check 5000 items for
 * uniqueness within its cost budget. Server-side apply then merges the list per name, each owned by
 * whoever added it, instead of replacing it whole. {@code spec.charts} is a map keyed by name to
 * Kubernetes ({@code x-kubernetes-list-type: map}, added the same way): a name listed twice is
 * refused at admission, and apply merges entries per name.
 *
 * <p>The dynamic mode ({@code spec.namespaceSelector}, KOTS' {@code "*"} done by label) chooses the
 * members by a namespace label selector instead; the two are exclusive, refused at admission (the
 * rule below) and reported by the controller ({@link PoolMembership}).
 */
@ValidationRule(
    value = PoolSpec.EXCLUSIVE_RULE,
    message =
        "spec: set either spec.namespaces (a list of names) or spec.namespaceSelector (dynamic"
            + " mode, by label), not both")
@ValidationRule(
    value = "has(self.namespaces) || has(self.namespaceSelector)",
    message =
        "spec: set spec.namespaces (a list of names, may be empty) or spec.namespaceSelector"
            + " (dynamic mode, by label)")
@ValidationRule(
    value = PoolSpec.MODE_KEPT_RULE,
    message =
        "spec.namespaceSelector: a pool keeps the mode it was created with (a list of names in"
            + " spec.namespaces, or a label selector in spec.namespaceSelector) and cannot switch"
            + " while it exists; create a new NamespacePool in the other mode instead")
public class PoolSpec {
  /**
   * A transition rule (updates only): switching between names and a selector is refused. The two
   * modes own a namespace's access differently — a listed namespace's Roles are the admin's, made
   * by nspool install; a labelled one's are nspool's, removed when it leaves — so a switch would
   * have nspool delete access an admin set up, or keep access it should give up.
   */
  static final String MODE_KEPT_RULE =
      "has(self.namespaceSelector) == has(oldSelf.namespaceSelector)";

  /** A pool lists its namespaces or selects them by label, never both. */
  static final String EXCLUSIVE_RULE =
      "!has(self.namespaceSelector) || !has(self.namespaces) || size(self.namespaces) == 0";

  /** The most namespaces one pool may list (the CRD's maxItems). */
  public static final int MAX_NAMESPACES = 5000;

  /** The most charts one pool's catalogue may list. */
  public static final int MAX_CHARTS = 64;

  @Size(max = MAX_NAMESPACES)
  @JsonPropertyDescription(
      "Names of the pre-created namespaces in this pool (DNS-1123 labels, each listed once)."
          + " nspool cannot list namespaces, so the pool is an explicit list (unless"
          + " namespaceSelector is set instead). Removing a claimed name drains it: no new claims,"
          + " it leaves the pool when its deployment is deleted.")
  private List<@Pattern(Names.DNS_LABEL) @Size(max = Names.MAX_LABEL) String> namespaces =
      new ArrayList<>();

  @JsonPropertyDescription(
      "Dynamic mode (opt-in, instead of namespaces): every namespace whose labels match this"
          + " selector joins the pool; a label removed drains it, a namespace deleted leaves."
          + " Needs nspool's dynamic-mode ClusterRole (nspool install --namespace-selector), which"
          + " lets nspool see namespaces and bind its pool Role only where the labels match.")
  private NamespaceSelector namespaceSelector;

  @Default("false")
  @JsonPropertyDescription(
      "Make every delete hard: the namespace is scrubbed and returned at once, never retained.")
  private boolean hardDelete;

  @Default("14d")
  @Size(max = Retention.MAX_LENGTH)
  @ValidationRule(
      value = Retention.CEL_RULE,
      messageExpression = Retention.CEL_MESSAGE,
      message = Retention.CEL_FALLBACK)
  @JsonPropertyDescription(
      "How long a soft-deleted deployment's namespace keeps the tenant's data and can be"
          + " restored, e.g. 90m, 36h, 14d (default 14d): more than 0s, at most 3650d, units"
          + " from largest to smallest, each once.")
  private String retention = "14d";

  @Default("baseline")
  @JsonPropertyDescription(
      "Pod Security Admission level the pool's namespaces must enforce (label"
          + " pod-security.kubernetes.io/enforce): privileged, baseline (default) or restricted."
          + " A namespace whose label is looser is reported unhealthy and never offered.")
  private PodSecurityLevel podSecurity = PodSecurityLevel.DEFAULT;

  @Size(max = MAX_CHARTS)
  @ValidationRule(
      value = "self.filter(c, has(c.default) && c.default).size() <= 1",
      message = "charts: at most one entry may be default: true")
  @JsonPropertyDescription(
      "The chart catalogue: the charts this pool's deployments may use, each by name (unique),"
          + " from exactly one source (path, repository or oci), pinned to a version, with default"
          + " values. A deployment names its chart (spec.chart) or gets the default. Empty: the"
          + " bundled airflow chart only.")
  private List<ChartEntry> charts = new ArrayList<>();

  /** The most pull secrets one pool may name. */
  public static final int MAX_PULL_SECRETS = 16;

  @Size(max = MAX_PULL_SECRETS)
  @JsonPropertyDescription(
      "Names of kubernetes.io/dockerconfigjson Secrets in nspool's control namespace. nspool keeps"
          + " an identical copy (same name, type and data) in every namespace of the pool, free or"
          + " claimed, and passes the names to charts as nspool.pullSecrets. nspool's control"
          + " Role must grant get, list and watch on each by name (nspool install --pull-secret).")
  private List<@Pattern(Names.DNS_SUBDOMAIN) @Size(max = Names.MAX_SUBDOMAIN) String> pullSecrets =
      new ArrayList<>();

  /** The most extra installer rules one pool may declare. */
  public static final int MAX_INSTALLER_RULES = 64;

  @Size(max = MAX_INSTALLER_RULES)
  @JsonPropertyDescription(
      "Extra PolicyRules of the installer Role (what Helm acts as) in every namespace of this"
          + " pool, e.g. for a custom resource the pool's chart installs. Every handover resets"
          + " the installer Role to nspool's rules plus these, so a rule declared here is kept"
          + " and one added by hand is dropped. nspool's own Role in each namespace must grant"
          + " them too (Kubernetes lets nspool grant only what it holds): nspool install"
          + " --extra-rules, or the chart's pool.installerRules, renders both.")
  private List<PolicyRule> installerRules = new ArrayList<>();

  public List<PolicyRule> getInstallerRules() {
    return installerRules == null ? List.of() : installerRules;
  }

  public void setInstallerRules(List<PolicyRule> installerRules) {
    this.installerRules = installerRules;
  }

  public List<String> getPullSecrets() {
    return pullSecrets == null ? List.of() : pullSecrets;
  }

  public void setPullSecrets(List<String> pullSecrets) {
    this.pullSecrets = pullSecrets;
  }

  public PodSecurityLevel getPodSecurity() {
    return podSecurity == null ? PodSecurityLevel.DEFAULT : podSecurity;
  }

  public void setPodSecurity(PodSecurityLevel podSecurity) {
    this.podSecurity = podSecurity;
  }

  public List<ChartEntry> getCharts() {
    return charts == null ? List.of() : charts;
  }

  public void setCharts(List<ChartEntry> charts) {
    this.charts = charts;
  }

  public List<String> getNamespaces() {
    return namespaces == null ? List.of() : namespaces;
  }

  public NamespaceSelector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(NamespaceSelector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }

  /** Whether the pool chooses its namespaces by label (dynamic mode). */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isDynamic() {
    return namespaceSelector != null;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }

  public boolean isHardDelete() {
    return hardDelete;
  }

  public void setHardDelete(boolean hardDelete) {
    this.hardDelete = hardDelete;
  }

  public String getRetention() {
    return retention;
  }

  public void setRetention(String retention) {
    this.retention = retention;
  }
}
