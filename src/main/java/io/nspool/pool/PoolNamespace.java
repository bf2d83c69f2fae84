package io.nspool.pool;

/** One namespace of a pool as the status reports it. */
public class PoolNamespace {
  private String name;
  private String state;
  private String deployment;
  private String since;
  private String purgeAfter;
  private String reason;
  private Integer quarantines;
  private String retryAt;

  public PoolNamespace() {}

  public PoolNamespace(
      String name,
      String state,
      String deployment,
      String since,
      String purgeAfter,
      String reason) {
    this.name = name;
    this.state = state;
    this.deployment = deployment;
    this.since = since;
    this.purgeAfter = purgeAfter;
    this.reason = reason;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getDeployment() {
    return deployment;
  }

  public void setDeployment(String deployment) {
    this.deployment = deployment;
  }

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }

  public String getPurgeAfter() {
    return purgeAfter;
  }

  public void setPurgeAfter(String purgeAfter) {
    this.purgeAfter = purgeAfter;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  /** Quarantines in a row (the claim's {@code nspool.io/quarantines}); null when there are none. */
  public Integer getQuarantines() {
    return quarantines;
  }

  public void setQuarantines(Integer quarantines) {
    this.quarantines = quarantines;
  }

  /** When a quarantined namespace is next scrubbed, once healthy; null in every other state. */
  public String getRetryAt() {
    return retryAt;
  }

  public void setRetryAt(String retryAt) {
    this.retryAt = retryAt;
  }
}
