package io.nspool.deploy;

import java.util.Objects;

/**
 * Readiness of one workload of the release: {@code kind} is {@code Deployment}, {@code
 * StatefulSet}, {@code DaemonSet} or {@code Job}; {@code replicas} is what it asks for (a
 * DaemonSet: the nodes it is scheduled on; a Job: its completions) and {@code readyReplicas} how
 * many are there (available, ready, or succeeded). {@link ComponentReadiness} decides {@code
 * ready}.
 */
public class ComponentStatus {
  private String name;
  private String kind;
  private int replicas;
  private int readyReplicas;
  private boolean ready;

  public ComponentStatus() {}

  public ComponentStatus(String name, String kind, int replicas, int readyReplicas, boolean ready) {
    this.name = name;
    this.kind = kind;
    this.replicas = replicas;
    this.readyReplicas = readyReplicas;
    this.ready = ready;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public int getReplicas() {
    return replicas;
  }

  public void setReplicas(int replicas) {
    this.replicas = replicas;
  }

  public int getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(int readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public boolean isReady() {
    return ready;
  }

  public void setReady(boolean ready) {
    this.ready = ready;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ComponentStatus c
        && Objects.equals(name, c.name)
        && Objects.equals(kind, c.kind)
        && replicas == c.replicas
        && readyReplicas == c.readyReplicas
        && ready == c.ready;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, kind, replicas, readyReplicas, ready);
  }
}
