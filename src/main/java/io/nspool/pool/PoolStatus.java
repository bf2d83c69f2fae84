package io.nspool.pool;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** How many namespaces are in each state, and each namespace's state, as last reconciled. */
public class PoolStatus {
  private Long observedGeneration;
  private int total;
  private int free;
  private int claimed;
  private int retained;
  private int cleaning;
  private int quarantined;
  private int draining;
  private List<PoolNamespace> namespaces = new ArrayList<>();
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public int getTotal() {
    return total;
  }

  public void setTotal(int total) {
    this.total = total;
  }

  public int getFree() {
    return free;
  }

  public void setFree(int free) {
    this.free = free;
  }

  public int getClaimed() {
    return claimed;
  }

  public void setClaimed(int claimed) {
    this.claimed = claimed;
  }

  public int getRetained() {
    return retained;
  }

  public void setRetained(int retained) {
    this.retained = retained;
  }

  public int getCleaning() {
    return cleaning;
  }

  public void setCleaning(int cleaning) {
    this.cleaning = cleaning;
  }

  public int getQuarantined() {
    return quarantined;
  }

  public void setQuarantined(int quarantined) {
    this.quarantined = quarantined;
  }

  public int getDraining() {
    return draining;
  }

  public void setDraining(int draining) {
    this.draining = draining;
  }

  public List<PoolNamespace> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<PoolNamespace> namespaces) {
    this.namespaces = namespaces;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
