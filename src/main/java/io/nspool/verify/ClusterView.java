package io.nspool.verify;

import io.nspool.deploy.TenantDeployment;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolMembership;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything one verification read, at (nearly) one moment: the control namespace's pools and
 * deployments and the facts of every namespace they name. The checks are pure functions of it.
 *
 * @param namespaces by name (sorted), for every namespace a pool lists or tracks or a deployment
 *     names
 */
record ClusterView(
    String controlNamespace,
    List<NamespacePool> pools,
    List<TenantDeployment> deployments,
    Map<String, NamespaceFacts> namespaces) {

  ClusterView {
    pools = List.copyOf(pools);
    deployments = List.copyOf(deployments);
    // Sorted, so violations come out in the same order on every run.
    namespaces = Collections.unmodifiableSortedMap(new TreeMap<>(namespaces));
  }

  PoolMembership membership() {
    return PoolMembership.of(pools);
  }

  Optional<TenantDeployment> deploymentWithUid(String uid) {
    return deployments.stream().filter(d -> d.getMetadata().getUid().equals(uid)).findFirst();
  }

  Optional<NamespaceFacts> facts(String namespace) {
    return Optional.ofNullable(namespaces.get(namespace));
  }

  /**
   * The namespaces a pool answers for: those it owns, and those its status still tracks (draining
   * out of it, or not yet gone).
   */
  static Set<String> tracked(NamespacePool pool, PoolMembership membership) {
    Set<String> names = new LinkedHashSet<>(membership.members(pool).names());
    if (pool.getStatus() != null) {
      pool.getStatus().getNamespaces().forEach(n -> names.add(n.getName()));
    }
    return names;
  }

  /** The namespace a deployment's status says it holds, or null. */
  static String statusNamespace(TenantDeployment deployment) {
    return deployment.getStatus() == null ? null : deployment.getStatus().getNamespace();
  }

  static String describe(TenantDeployment deployment) {
    return "TenantDeployment "
        + deployment.getMetadata().getNamespace()
        + "/"
        + deployment.getMetadata().getName();
  }

  static String describe(NamespacePool pool) {
    return "NamespacePool "
        + pool.getMetadata().getNamespace()
        + "/"
        + pool.getMetadata().getName();
  }
}
