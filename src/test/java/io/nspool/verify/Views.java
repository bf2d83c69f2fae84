package io.nspool.verify;

import io.nspool.claim.Claim;
import io.nspool.claim.ClaimState;
import io.nspool.deploy.DeploymentSpec;
import io.nspool.deploy.TenantDeployment;
import io.nspool.janitor.Inspection;
import io.nspool.pool.KeptObjects;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolNamespace;
import io.nspool.pool.PoolSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Cluster views for the checks' unit tests, built the way the reader builds them. */
final class Views {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String CONTROL = "nspool-system";

  private final List<NamespacePool> pools = new ArrayList<>();
  private final List<TenantDeployment> deployments = new ArrayList<>();
  private final Map<String, NamespaceFacts> facts = new LinkedHashMap<>();

  Views pool(String name, String... namespaces) {
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName(name);
    pool.getMetadata().setNamespace(CONTROL);
    pool.getMetadata().setCreationTimestamp("2026-01-0" + (pools.size() + 1) + "T00:00:00Z");
    PoolSpec spec = new PoolSpec();
    spec.setNamespaces(new ArrayList<>(List.of(namespaces)));
    pool.setSpec(spec);
    pools.add(pool);
    return this;
  }

  /** The pool's status still tracks {@code namespace} (e.g. draining out of it). */
  Views tracked(String pool, String namespace) {
    pools.stream()
        .filter(p -> p.getMetadata().getName().equals(pool))
        .findFirst()
        .orElseThrow()
        .getStatus()
        .getNamespaces()
        .add(new PoolNamespace(namespace, "draining", null, null, null, null));
    return this;
  }

  /** A deployment of {@code pool} with uid {@code uid-<name>}, its status naming {@code ns}. */
  Views deployment(String name, String pool, String namespace) {
    TenantDeployment d = new TenantDeployment();
    d.getMetadata().setName(name);
    d.getMetadata().setNamespace(CONTROL);
    d.getMetadata().setUid(uid(name));
    DeploymentSpec spec = new DeploymentSpec();
    spec.setPool(pool);
    d.setSpec(spec);
    d.getStatus().setNamespace(namespace);
    deployments.add(d);
    return this;
  }

  Views free(String namespace, Instant since) {
    return claim(new Claim(namespace, ClaimState.FREE, null, null, since, null, null, false));
  }

  Views claimed(String namespace, String deployment, Instant since) {
    return claim(
        new Claim(
            namespace,
            ClaimState.CLAIMED,
            uid(deployment),
            CONTROL + "/" + deployment,
            since,
            null,
            null,
            false));
  }

  Views claim(Claim claim) {
    NamespaceFacts old = facts.get(claim.namespace());
    facts.put(
        claim.namespace(),
        new NamespaceFacts(
            claim.namespace(),
            true,
            Optional.of(claim),
            old == null ? List.of() : old.kept(),
            old == null ? Optional.empty() : old.inspection(),
            old == null ? List.of() : old.releases()));
    return this;
  }

  Views facts(NamespaceFacts namespace) {
    facts.put(namespace.name(), namespace);
    return this;
  }

  Views kept(String namespace, KeptObjects.Difference... differences) {
    NamespaceFacts f = facts.get(namespace);
    facts.put(
        namespace,
        new NamespaceFacts(
            namespace,
            f.claimRead(),
            f.claim(),
            List.of(differences),
            f.inspection(),
            f.releases()));
    return this;
  }

  Views found(String namespace, Inspection.Found... objects) {
    facts.put(
        namespace,
        facts
            .get(namespace)
            .withInspection(new Inspection(namespace, List.of(objects), List.of())));
    return this;
  }

  Views releases(String namespace, HelmRelease... releases) {
    NamespaceFacts f = facts.get(namespace);
    facts.put(
        namespace,
        new NamespaceFacts(
            namespace, f.claimRead(), f.claim(), f.kept(), f.inspection(), List.of(releases)));
    return this;
  }

  ClusterView view() {
    return new ClusterView(CONTROL, pools, deployments, facts);
  }

  static String uid(String deployment) {
    return "uid-" + deployment;
  }
}
