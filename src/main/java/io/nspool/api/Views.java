package io.nspool.api;

import io.fabric8.kubernetes.api.model.Condition;
import io.nspool.api.model.DeploymentView;
import io.nspool.api.model.NamespaceView;
import io.nspool.api.model.PoolView;
import io.nspool.chart.Catalogue;
import io.nspool.chart.ChartEntry;
import io.nspool.deploy.DeploymentStatus;
import io.nspool.deploy.TenantDeployment;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolNamespace;
import io.nspool.pool.PoolStatus;
import java.util.List;
import java.util.Map;

/** From custom resources to what the API returns; never copies a secret value. */
final class Views {
  private Views() {}

  static PoolView pool(NamespacePool pool) {
    PoolStatus s = pool.getStatus() == null ? new PoolStatus() : pool.getStatus();
    return new PoolView(
        pool.getMetadata().getName(),
        pool.getSpec().getNamespaces() == null
            ? List.of()
            : List.copyOf(pool.getSpec().getNamespaces()),
        pool.getSpec().isDynamic() ? pool.getSpec().getNamespaceSelector().toString() : null,
        pool.getSpec().isHardDelete(),
        pool.getSpec().getRetention(),
        charts(pool),
        new PoolView.Counts(
            s.getTotal(),
            s.getFree(),
            s.getClaimed(),
            s.getRetained(),
            s.getCleaning(),
            s.getQuarantined(),
            s.getDraining()));
  }

  /** The catalogue, default included; credentials in URLs and paths on the server are left out. */
  static List<PoolView.Chart> charts(NamespacePool pool) {
    Catalogue catalogue = Catalogue.of(pool.getSpec().getCharts());
    ChartEntry fallback = catalogue.defaultEntry().orElse(null);
    return catalogue.entries().stream()
        .map(
            e ->
                new PoolView.Chart(
                    e.getName(),
                    Catalogue.isBundled(e)
                        ? "bundled"
                        : e.getPath() != null
                            ? "path"
                            : e.getRepository() != null ? "repository" : "oci",
                    e.getRepository() != null
                        ? withoutUserInfo(e.getRepository().getUrl())
                            + " "
                            + e.getRepository().getChart()
                        : e.getOci(),
                    e.getVersion(),
                    e == fallback))
        .toList();
  }

  private static String withoutUserInfo(String url) {
    return url.replaceFirst("^(https?://)[^/@]*@", "$1");
  }

  /**
   * @param deployment the holder's name if the caller may see it, else null
   */
  static NamespaceView namespace(String pool, PoolNamespace n, String deployment) {
    return new NamespaceView(
        n.getName(),
        pool,
        n.getState(),
        "free".equals(n.getState()),
        deployment,
        n.getSince(),
        n.getPurgeAfter(),
        n.getReason());
  }

  static DeploymentView deployment(TenantDeployment d) {
    return deployment(d, d.getStatus() == null ? new DeploymentStatus() : d.getStatus());
  }

  /**
   * The deployment as its claim verdict has it: the claim object names it before its status records
   * the namespace (one write later), so the answer to a create shows the namespace and the {@code
   * NamespaceClaimed} condition even when the cached status does not have them yet.
   */
  static DeploymentView deployment(TenantDeployment d, Condition verdict, String namespace) {
    DeploymentStatus cached = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    if (namespace == null || namespace.equals(cached.getNamespace())) {
      return deployment(d, cached);
    }
    DeploymentStatus s = new DeploymentStatus();
    s.setPhase(cached.getPhase());
    s.setExecutorNamespaces(cached.getExecutorNamespaces());
    s.setRelease(cached.getRelease());
    s.setComponents(cached.getComponents());
    s.setNamespace(namespace);
    List<Condition> conditions = new java.util.ArrayList<>(cached.getConditions());
    conditions.removeIf(c -> verdict.getType().equals(c.getType()));
    conditions.add(0, verdict);
    s.setConditions(conditions);
    return deployment(d, s);
  }

  private static DeploymentView deployment(TenantDeployment d, DeploymentStatus s) {
    return new DeploymentView(
        d.getMetadata().getName(),
        d.getSpec().getWorkspace(),
        d.getSpec().getPool(),
        s.getNamespace(),
        List.copyOf(s.getExecutorNamespaces()),
        s.getPhase() == null ? "Pending" : s.getPhase(),
        s.getPurgeAfter(),
        d.getSpec().getValues() == null ? Map.of() : d.getSpec().getValues(),
        s.getRelease() == null || s.getRelease().getRevision() == null
            ? null
            : new DeploymentView.Release(s.getRelease().getRevision(), s.getRelease().getChart()),
        s.getComponents().stream()
            .map(
                c ->
                    new DeploymentView.Component(
                        c.getName(),
                        c.getKind(),
                        c.getReplicas(),
                        c.getReadyReplicas(),
                        c.isReady()))
            .toList(),
        s.getConditions().stream()
            .map(
                c ->
                    new DeploymentView.ConditionView(
                        c.getType(),
                        c.getStatus(),
                        c.getReason(),
                        c.getMessage(),
                        c.getLastTransitionTime()))
            .toList(),
        d.getMetadata().getCreationTimestamp(),
        d.getSpec().getChart(),
        d.getSpec().getVersion());
  }
}
