package io.nspool.api;

import io.nspool.api.model.DeploymentView;
import io.nspool.api.model.NamespaceView;
import io.nspool.api.model.PoolView;
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
        List.copyOf(pool.getSpec().getNamespaces()),
        pool.getSpec().isHardDelete(),
        pool.getSpec().getRetention(),
        pool.getSpec().getChart(),
        new PoolView.Counts(
            s.getTotal(),
            s.getFree(),
            s.getClaimed(),
            s.getRetained(),
            s.getCleaning(),
            s.getQuarantined(),
            s.getDraining()));
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
    DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
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
        d.getMetadata().getCreationTimestamp());
  }
}
