package io.nspool.chart;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.nspool.deploy.ValuesPath;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a chart wants what nspool knows about a deployment, for charts that do not read nspool's
 * own {@code nspool.*} values (the bundled chart does). For the official Airflow chart:
 * executorNamespaces {@code config.kubernetes_executor.multi_namespace_mode_namespace_list} (comma
 * separated, as airflow.cfg takes it), executorNamespacesEnabled {@code
 * config.kubernetes_executor.multi_namespace_mode}, pullSecrets {@code registry.secretName} is a
 * single name there, so it takes {@code imagePullSecrets}-style lists only: leave it out.
 */
public class ValuesMapping {
  @Size(max = 253)
  @Pattern(ValuesPath.PATTERN)
  @JsonPropertyDescription(
      "Values key set to the deployment's executor namespaces, comma separated (e.g."
          + " config.kubernetes_executor.multi_namespace_mode_namespace_list).")
  private String executorNamespaces;

  @Size(max = 253)
  @Pattern(ValuesPath.PATTERN)
  @JsonPropertyDescription(
      "Values key set to true when the deployment has executor namespaces, false otherwise (e.g."
          + " config.kubernetes_executor.multi_namespace_mode).")
  private String executorNamespacesEnabled;

  @Size(max = 253)
  @Pattern(ValuesPath.PATTERN)
  @JsonPropertyDescription(
      "Values key set to the pool's pull secrets as a Kubernetes imagePullSecrets list"
          + " ([{name: ...}]), e.g. imagePullSecrets.")
  private String pullSecrets;

  /** Writes what this mapping names into {@code values} (a mutable map). */
  public void apply(
      Map<String, Object> values, List<String> executorNamespaces, List<String> pullSecretNames) {
    if (executorNamespaces != null && this.executorNamespaces != null) {
      ValuesPath.parse(this.executorNamespaces).set(values, String.join(",", executorNamespaces));
    }
    if (executorNamespacesEnabled != null) {
      ValuesPath.parse(executorNamespacesEnabled)
          .set(values, executorNamespaces != null && !executorNamespaces.isEmpty());
    }
    if (pullSecrets != null) {
      ValuesPath.parse(pullSecrets)
          .set(values, pullSecretNames.stream().map(n -> Map.of("name", n)).toList());
    }
  }

  public String getExecutorNamespaces() {
    return executorNamespaces;
  }

  public void setExecutorNamespaces(String executorNamespaces) {
    this.executorNamespaces = executorNamespaces;
  }

  public String getExecutorNamespacesEnabled() {
    return executorNamespacesEnabled;
  }

  public void setExecutorNamespacesEnabled(String executorNamespacesEnabled) {
    this.executorNamespacesEnabled = executorNamespacesEnabled;
  }

  public String getPullSecrets() {
    return pullSecrets;
  }

  public void setPullSecrets(String pullSecrets) {
    this.pullSecrets = pullSecrets;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValuesMapping m
        && Objects.equals(executorNamespaces, m.executorNamespaces)
        && Objects.equals(executorNamespacesEnabled, m.executorNamespacesEnabled)
        && Objects.equals(pullSecrets, m.pullSecrets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(executorNamespaces, executorNamespacesEnabled, pullSecrets);
  }
}
