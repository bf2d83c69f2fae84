package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Where a deployment is: its phase, its namespace and why. */
public class DeploymentStatus {
  private Long observedGeneration;
  private String phase;
  private String namespace;
  private List<String> executorNamespaces = new ArrayList<>();
  private String purgeAfter;
  private List<Condition> conditions = new ArrayList<>();
  private ReleaseStatus release;
  private List<ComponentStatus> components = new ArrayList<>();

  public ReleaseStatus getRelease() {
    return release;
  }

  public void setRelease(ReleaseStatus release) {
    this.release = release;
  }

  public List<ComponentStatus> getComponents() {
    return components;
  }

  public void setComponents(List<ComponentStatus> components) {
    this.components = components;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  /** The extra executor namespaces claimed for this deployment, in the order claimed. */
  public List<String> getExecutorNamespaces() {
    return executorNamespaces;
  }

  public void setExecutorNamespaces(List<String> executorNamespaces) {
    this.executorNamespaces = executorNamespaces == null ? new ArrayList<>() : executorNamespaces;
  }

  public String getPurgeAfter() {
    return purgeAfter;
  }

  public void setPurgeAfter(String purgeAfter) {
    this.purgeAfter = purgeAfter;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
