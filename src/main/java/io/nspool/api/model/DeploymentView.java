package io.nspool.api.model;

import java.util.List;
import java.util.Map;

/** A tenant deployment as the API shows it. Never carries a secret value. */
public record DeploymentView(
    String name,
    String workspace,
    String pool,
    String namespace,
    List<String> executorNamespaces,
    String phase,
    String purgeAfter,
    Map<String, Object> values,
    Release release,
    List<Component> components,
    List<ConditionView> conditions,
    String createdAt,
    String chart,
    String version) {

  /** A deployment that names no chart or version (the catalogue's default, at its version). */
  public DeploymentView(
      String name,
      String workspace,
      String pool,
      String namespace,
      List<String> executorNamespaces,
      String phase,
      String purgeAfter,
      Map<String, Object> values,
      Release release,
      List<Component> components,
      List<ConditionView> conditions,
      String createdAt) {
    this(
        name,
        workspace,
        pool,
        namespace,
        executorNamespaces,
        phase,
        purgeAfter,
        values,
        release,
        components,
        conditions,
        createdAt,
        null,
        null);
  }

  public record Release(Integer revision, String chart) {}

  public record Component(
      String name, String kind, int replicas, int readyReplicas, boolean ready) {}

  public record ConditionView(
      String type, String status, String reason, String message, String lastTransitionTime) {}
}
