package io.nspool.chart;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.nspool.pool.Names;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One chart of a pool's catalogue ({@code NamespacePool.spec.charts[]}): the name tenants pick it
 * by, where nspool gets it (exactly one source), the version it is pinned to and the admin's
 * default values. Every rule here is also a CRD rule, so kubectl is refused at admission what
 * {@link Catalogue} would refuse.
 *
 * <p>Settings that belong to one chart (Helm's wait timeout today; persisted Secrets, pod-launcher
 * rules, values mappings later) are fields of this class, next to the source, each optional with
 * the behaviour of an entry that leaves it out.
 */
@ValidationRule(
    value = "[has(self.path), has(self.repository), has(self.oci)].filter(x, x).size() == 1",
    message = "give exactly one source: path, repository or oci")
@ValidationRule(
    value = "!(has(self.repository) || has(self.oci)) || has(self.version)",
    message = "version: required for a repository or oci chart (nspool pins every remote chart)")
@ValidationRule(
    value = "!has(self.path) || !has(self.version)",
    message =
        "version: only for repository and oci charts; a chart on the server has the version its"
            + " Chart.yaml says")
@ValidationRule(
    value = "!has(self.plainHttp) || has(self.oci)",
    message = "plainHttp: only for an oci chart (a repository's URL says http or https itself)")
public class ChartEntry {
  /** Longest source reference (URL, OCI reference, path): Linux's PATH_MAX. */
  public static final int MAX_REFERENCE = 4096;

  /** Helm versions are SemVer 2; this is the character set, not the full grammar. */
  public static final String VERSION = "^v?[0-9A-Za-z][0-9A-Za-z.+_-]*$";

  public static final int MAX_VERSION = 128;

  /** {@code http://} or {@code https://}, a host, no whitespace. */
  public static final String HTTP_URL = "^https?://[^\\s/?#]+[^\\s]*$";

  /**
   * {@code oci://host[:port]/repository/chart}: the OCI distribution spec's repository-name grammar
   * (lowercase components joined by '/', separators . _ __ -), no tag or digest (see version).
   */
  public static final String OCI_REFERENCE =
      "^oci://[A-Za-z0-9.-]+(:[0-9]+)?(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)+$";

  /** A chart's name in a Helm repository index (Helm allows letters, digits, . _ -). */
  public static final String CHART_NAME = "^[A-Za-z0-9][A-Za-z0-9._-]*$";

  @Required
  @Pattern(Names.DNS_LABEL)
  @Size(max = Names.MAX_LABEL)
  @JsonPropertyDescription(
      "The name tenants choose this chart by (TenantDeployment spec.chart, nspool deployment"
          + " create --chart): a DNS-1123 label, unique in the pool.")
  private String name;

  @Size(min = 1, max = MAX_REFERENCE)
  @JsonPropertyDescription(
      "Source: a chart folder or packaged .tgz on nspool's server (an absolute path). Only an admin"
          + " can set it; tenants only ever name the entry.")
  private String path;

  @JsonPropertyDescription(
      "Source: a chart in a Helm repository (the index.yaml protocol of `helm repo add`).")
  private Repository repository;

  @Size(max = MAX_REFERENCE)
  @Pattern(OCI_REFERENCE)
  @JsonPropertyDescription(
      "Source: a chart in an OCI registry, oci://host[:port]/repository/chart, without tag (the"
          + " tag is version).")
  private String oci;

  @JsonPropertyDescription(
      "Talk to the OCI registry over plain HTTP instead of HTTPS (Helm's --plain-http), e.g. a"
          + " registry on the server's loopback.")
  private Boolean plainHttp;

  @Size(max = MAX_VERSION)
  @Pattern(VERSION)
  @JsonPropertyDescription(
      "The chart version deployments of this entry get (required for repository and oci). A"
          + " tenant may name it (spec.version) but cannot choose another; changing it upgrades"
          + " every deployment of the entry.")
  private String version;

  @PreserveUnknownFields
  @SchemaFrom(type = DefaultValues.class)
  @ValidationRule(
      value = "!has(self.nspool)",
      message = "values.nspool: set by nspool itself (namespace list, pull secrets); remove it")
  @JsonPropertyDescription(
      "Default Helm values for this chart; each deployment's own values are merged on top, as"
          + " Helm merges a second -f file over a first.")
  private Map<String, Object> values = new LinkedHashMap<>();

  @JsonProperty("default")
  @JsonPropertyDescription(
      "The chart a deployment that names none gets; at most one entry. Without it a catalogue of"
          + " one entry has that one as default, and a longer one has none.")
  private Boolean isDefault;

  @Size(max = WaitTimeout.MAX_LENGTH)
  @Pattern(WaitTimeout.PATTERN)
  @ValidationRule(value = "duration(self) <= duration('24h')", message = "waitTimeout: at most 24h")
  @JsonPropertyDescription(
      "Helm's timeout for this chart's operations (each hook Job, each wait), e.g. 90s, 10m,"
          + " 1h30m; at most 24h. Left out: Helm's 5m.")
  private String waitTimeout;

  /** The most persisted Secrets one entry may name. */
  public static final int MAX_PERSISTED_SECRETS = 16;

  @Size(max = MAX_PERSISTED_SECRETS)
  @JsonPropertyDescription(
      "Secrets nspool creates once per deployment with random values and keeps through upgrades,"
          + " a soft delete and a restore (a hard delete scrubs them), each named into the values"
          + " at its valuesKey: for charts that would otherwise generate a new key on every"
          + " install, such as Airflow's fernet key.")
  private java.util.List<io.nspool.deploy.PersistedSecret> persistedSecrets =
      new java.util.ArrayList<>();

  @JsonPropertyDescription(
      "Where this chart takes what nspool knows of a deployment, for charts that do not read"
          + " nspool.* (the bundled chart does): executor namespaces and pull secrets.")
  private ValuesMapping valuesMapping;

  public java.util.List<io.nspool.deploy.PersistedSecret> getPersistedSecrets() {
    return persistedSecrets == null ? java.util.List.of() : persistedSecrets;
  }

  public void setPersistedSecrets(
      java.util.List<io.nspool.deploy.PersistedSecret> persistedSecrets) {
    this.persistedSecrets = persistedSecrets;
  }

  public ValuesMapping getValuesMapping() {
    return valuesMapping;
  }

  public void setValuesMapping(ValuesMapping valuesMapping) {
    this.valuesMapping = valuesMapping;
  }

  /** A chart in a Helm repository. */
  public static class Repository {
    @Required
    @Size(max = MAX_REFERENCE)
    @Pattern(HTTP_URL)
    @JsonPropertyDescription(
        "The repository's URL (http:// or https://), the one `helm repo add` takes; its"
            + " index.yaml is read from there. Userinfo (https://user:password@host) is sent as"
            + " basic auth and never shown by the API.")
    private String url;

    @Required
    @Size(max = Names.MAX_SUBDOMAIN)
    @Pattern(CHART_NAME)
    @JsonPropertyDescription("The chart's name in the repository's index.")
    private String chart;

    public Repository() {}

    public Repository(String url, String chart) {
      this.url = url;
      this.chart = chart;
    }

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public String getChart() {
      return chart;
    }

    public void setChart(String chart) {
      this.chart = chart;
    }
  }

  /** Schema stand-in for free-form values, declaring {@code nspool} so CEL can refuse it. */
  static final class DefaultValues {
    @PreserveUnknownFields
    @JsonPropertyDescription("Set by nspool itself (namespace list, pull secrets): refused here.")
    public Object nspool;
  }

  public ChartEntry() {}

  /** A chart folder or .tgz on the server. */
  public static ChartEntry path(String name, String path) {
    ChartEntry entry = new ChartEntry();
    entry.name = name;
    entry.path = path;
    return entry;
  }

  /** A chart of a Helm repository. */
  public static ChartEntry repository(String name, String url, String chart, String version) {
    ChartEntry entry = new ChartEntry();
    entry.name = name;
    entry.repository = new Repository(url, chart);
    entry.version = version;
    return entry;
  }

  /** A chart of an OCI registry. */
  public static ChartEntry oci(String name, String reference, String version) {
    ChartEntry entry = new ChartEntry();
    entry.name = name;
    entry.oci = reference;
    entry.version = version;
    return entry;
  }

  /** Whether this entry is marked {@code default: true}. */
  @JsonIgnore
  public boolean isMarkedDefault() {
    return Boolean.TRUE.equals(isDefault);
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public Repository getRepository() {
    return repository;
  }

  public void setRepository(Repository repository) {
    this.repository = repository;
  }

  public String getOci() {
    return oci;
  }

  public void setOci(String oci) {
    this.oci = oci;
  }

  public Boolean getPlainHttp() {
    return plainHttp;
  }

  public void setPlainHttp(Boolean plainHttp) {
    this.plainHttp = plainHttp;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public Map<String, Object> getValues() {
    return values == null ? Map.of() : values;
  }

  public void setValues(Map<String, Object> values) {
    this.values = values;
  }

  @JsonProperty("default")
  public Boolean getDefault() {
    return isDefault;
  }

  @JsonProperty("default")
  public void setDefault(Boolean isDefault) {
    this.isDefault = isDefault;
  }

  public String getWaitTimeout() {
    return waitTimeout;
  }

  public void setWaitTimeout(String waitTimeout) {
    this.waitTimeout = waitTimeout;
  }
}
