package io.nspool.deploy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.nspool.chart.ChartEntry;
import io.nspool.pool.Names;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a tenant asks for. */
@ValidationRule(
    value = "has(self.namespace) == has(oldSelf.namespace)",
    message =
        "namespace cannot be changed: it is chosen when the deployment is created (or left to"
            + " nspool) and cannot be added or removed later",
    fieldPath = ".namespace")
@ValidationRule(
    value = "has(self.executorNamespaces) == has(oldSelf.executorNamespaces)",
    message =
        "executorNamespaces cannot be added or removed: they are claimed with the deployment;"
            + " create a new deployment for another set",
    fieldPath = ".executorNamespaces")
public class DeploymentSpec {
  static final String DNS_LABEL = Names.DNS_LABEL;

  @Required
  @Pattern(DNS_LABEL)
  @Size(max = Names.MAX_LABEL)
  @ValidationRule(value = "self == oldSelf", message = "pool cannot be changed")
  @JsonPropertyDescription("Name of the NamespacePool (in the same namespace) to claim from.")
  private String pool;

  @Pattern(DNS_LABEL)
  @Size(max = Names.MAX_LABEL)
  @ValidationRule(value = "self == oldSelf", message = "namespace cannot be changed")
  @JsonPropertyDescription(
      "The pool namespace to claim. Left out: any free namespace of the pool. Set only at"
          + " creation: cannot be changed, added or removed later.")
  private String namespace;

  @Pattern(DNS_LABEL)
  @Size(max = Names.MAX_LABEL)
  @JsonPropertyDescription("The workspace (team) this deployment belongs to.")
  private String workspace;

  @JsonPropertyDescription(
      "Soft delete: true uninstalls the deployment but keeps its namespace, with the tenant's"
          + " data, until the pool's retention runs out; false again restores it before then.")
  private boolean retained;

  @ValidationRule(value = "self == oldSelf", message = "executorNamespaces cannot be changed")
  @JsonPropertyDescription(
      "Extra namespaces of the pool for the pods the deployment's executor launches: {count: N}"
          + " or {names: [a, b]}. Claimed all together with the deployment's own namespace or not"
          + " at all; passed to the chart as nspool.executorNamespaces; released with it.")
  private ExecutorNamespaces executorNamespaces;

  @PreserveUnknownFields
  @SchemaFrom(type = HelmValues.class)
  @ValidationRule(
      value = "!has(self.nspool)",
      message = "values.nspool: set by nspool itself (namespace list, pull secrets); remove it")
  @JsonPropertyDescription(
      "Helm values for the deployment's chart, e.g. {size: medium}. nspool adds its own under"
          + " 'nspool' (namespace list, pull secrets). Changing them upgrades the release.")
  private Map<String, Object> values = new LinkedHashMap<>();

  @Pattern(DNS_LABEL)
  @Size(max = Names.MAX_LABEL)
  @JsonPropertyDescription(
      "The chart to install: the name of an entry of the pool's catalogue (spec.charts), never a"
          + " path or URL. Left out: the catalogue's default (the bundled airflow chart when the"
          + " pool lists none).")
  private String chart;

  @Size(max = ChartEntry.MAX_VERSION)
  @Pattern(ChartEntry.VERSION)
  @JsonPropertyDescription(
      "The chart version expected, optional: it must be the version the catalogue entry pins"
          + " (else the deployment fails with reason ChartNotInCatalogue). Left out: the entry's.")
  private String version;

  /**
   * Schema stand-in for free-form Helm values: an object whose fields Kubernetes keeps as is. It
   * declares {@code nspool} only so the CRD's CEL rule can see it (CEL sees no undeclared field).
   */
  static final class HelmValues {
    @PreserveUnknownFields
    @JsonPropertyDescription("Set by nspool itself (namespace list, pull secrets): refused here.")
    public Object nspool;
  }

  public ExecutorNamespaces getExecutorNamespaces() {
    return executorNamespaces;
  }

  public void setExecutorNamespaces(ExecutorNamespaces executorNamespaces) {
    this.executorNamespaces = executorNamespaces;
  }

  /** How many extra executor namespaces this deployment asks for (0: none). */
  public int executorNamespacesWanted() {
    return executorNamespaces == null ? 0 : executorNamespaces.wanted();
  }

  public Map<String, Object> getValues() {
    return values;
  }

  public void setValues(Map<String, Object> values) {
    this.values = values;
  }

  public String getChart() {
    return chart;
  }

  public void setChart(String chart) {
    this.chart = chart;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getPool() {
    return pool;
  }

  public void setPool(String pool) {
    this.pool = pool;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getWorkspace() {
    return workspace;
  }

  public void setWorkspace(String workspace) {
    this.workspace = workspace;
  }

  public boolean isRetained() {
    return retained;
  }

  public void setRetained(boolean retained) {
    this.retained = retained;
  }
}
