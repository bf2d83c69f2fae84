package io.nspool.cli;

import io.nspool.api.model.DeploymentView;
import io.nspool.api.model.DeploymentView.Component;
import io.nspool.api.model.DeploymentView.ConditionView;
import io.nspool.api.model.Items;
import io.nspool.api.model.NamespaceView;
import io.nspool.api.model.PoolView;
import java.util.List;
import java.util.Map;

/** Objects of the REST contract (docs/api.md) as a server would send them. */
final class ApiFixtures {
  private ApiFixtures() {}

  static NamespaceView ns(String name, String state, String deployment) {
    return new NamespaceView(
        name,
        "airflow",
        state,
        state.equals("free"),
        deployment,
        "2025-06-01T11:00:00Z",
        null,
        null);
  }

  static Items<NamespaceView> namespaces(NamespaceView... items) {
    return new Items<>(List.of(items));
  }

  static PoolView pool(boolean hardDelete) {
    return new PoolView(
        "airflow",
        List.of("tenant-1", "tenant-2", "tenant-3"),
        null,
        hardDelete,
        "14d",
        null,
        new PoolView.Counts(3, 1, 1, 1, 0, 0, 0));
  }

  static DeploymentView deployment(String phase, List<Component> components) {
    return deployment(phase, components, List.of());
  }

  static DeploymentView deployment(
      String phase, List<Component> components, List<ConditionView> conditions) {
    return new DeploymentView(
        "analytics",
        "data-team",
        "airflow",
        "tenant-2",
        java.util.List.of(),
        phase,
        null,
        Map.of("size", "medium"),
        new DeploymentView.Release(1, "airflow"),
        components,
        conditions,
        "2025-06-01T11:59:00Z");
  }

  static Component component(String name, int ready) {
    return new Component(name, "Deployment", 1, ready, ready == 1);
  }
}
