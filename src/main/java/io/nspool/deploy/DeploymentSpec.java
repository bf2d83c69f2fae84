package io.nspool.deploy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** What a tenant asks for. */
public class DeploymentSpec {
  static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  @Required
  @Pattern(DNS_LABEL)
  @ValidationRule(value = "self == oldSelf", message = "pool cannot be changed")
  @JsonPropertyDescription("Name of the NamespacePool (in the same namespace) to claim from.")
  private String pool;

  @Pattern(DNS_LABEL)
  @ValidationRule(value = "self == oldSelf", message = "namespace cannot be changed")
  @JsonPropertyDescription(
      "The pool namespace to claim. Empty: any free namespace of the pool. Cannot change.")
  private String namespace;

  @Pattern(DNS_LABEL)
  @JsonPropertyDescription("The workspace (team) this deployment belongs to.")
  private String workspace;

  @JsonPropertyDescription(
      "Soft delete: true uninstalls the deployment but keeps its namespace, with the tenant's"
          + " data, until the pool's retention runs out; false again restores it before then.")
  private boolean retained;

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
