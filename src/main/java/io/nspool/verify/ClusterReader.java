package io.nspool.verify;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nspool.claim.Claim;
import io.nspool.claim.ClaimState;
import io.nspool.claim.ClaimStore;
import io.nspool.claim.MalformedClaimException;
import io.nspool.claim.StoredClaim;
import io.nspool.deploy.TenantDeployment;
import io.nspool.janitor.Inspection;
import io.nspool.janitor.Janitor;
import io.nspool.janitor.ObjectKey;
import io.nspool.pool.Handover;
import io.nspool.pool.KeptObjects;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolMembership;
import io.nspool.verify.Violation.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a {@link ClusterView} as the client's identity, an admin's or nspool's own. A read the API
 * server refuses becomes a {@link Kind#CANNOT_CHECK} violation and the rest goes on; only a cluster
 * that does not answer at all is an exception.
 */
final class ClusterReader {
  private final KubernetesClient client;
  private final String controlNamespace;
  private final KeptObjects kept;
  private final List<Violation> unreadable = new ArrayList<>();

  ClusterReader(KubernetesClient client, String controlNamespace, String serviceAccount) {
    this.client = client;
    this.controlNamespace = controlNamespace;
    this.kept = new KeptObjects(client, controlNamespace, serviceAccount);
  }

  /** What could not be read, so far. */
  List<Violation> unreadable() {
    return List.copyOf(unreadable);
  }

  /** The view, or empty when the pools or deployments themselves cannot be listed. */
  Optional<ClusterView> read() {
    List<NamespacePool> pools;
    List<TenantDeployment> deployments;
    try {
      pools = client.resources(NamespacePool.class).inNamespace(controlNamespace).list().getItems();
    } catch (KubernetesClientException e) {
      cannot("NamespacePool " + controlNamespace + "/*", null, "anything: listing the pools", e);
      return Optional.empty();
    }
    try {
      deployments =
          client.resources(TenantDeployment.class).inNamespace(controlNamespace).list().getItems();
    } catch (KubernetesClientException e) {
      cannot(
          "TenantDeployment " + controlNamespace + "/*",
          null,
          "anything: listing the deployments",
          e);
      return Optional.empty();
    }
    Map<String, NamespaceFacts> facts = new TreeMap<>();
    for (String namespace : namespaces(pools, deployments)) {
      facts.put(namespace, facts(namespace));
    }
    inspectFree(facts, pools);
    return Optional.of(new ClusterView(controlNamespace, pools, deployments, facts));
  }

  private static Set<String> namespaces(
      List<NamespacePool> pools, List<TenantDeployment> deployments) {
    PoolMembership membership = PoolMembership.of(pools);
    Set<String> names = new TreeSet<>();
    pools.forEach(p -> names.addAll(ClusterView.tracked(p, membership)));
    deployments.stream()
        .map(ClusterView::statusNamespace)
        .filter(Objects::nonNull)
        .forEach(names::add);
    return names;
  }

  private NamespaceFacts facts(String namespace) {
    try {
      Namespace found = client.namespaces().withName(namespace).get();
      if (found == null) {
        unreadable.add(
            Violation.of(
                Kind.NSPOOL_OBJECT_MISSING,
                "Namespace " + namespace,
                namespace,
                "namespace "
                    + namespace
                    + " is named by a pool or a deployment but does not exist. Create it with"
                    + " nspool's objects (nspool install), or remove it from its pool."));
        return NamespaceFacts.unread(namespace);
      }
    } catch (KubernetesClientException e) {
      cannot(
          "Namespace " + namespace,
          namespace,
          "namespace " + namespace + " (it may not exist, or nspool's Role in it is missing)",
          e);
      return NamespaceFacts.unread(namespace);
    }
    boolean claimRead = false;
    Optional<Claim> claim = Optional.empty();
    try {
      claim = new ClaimStore(client).read(namespace).map(StoredClaim::claim);
      claimRead = true;
    } catch (MalformedClaimException e) {
      unreadable.add(
          Violation.of(
              Kind.MALFORMED_CLAIM,
              NamespaceFacts.claimObject(namespace),
              namespace,
              e.getMessage()
                  + ". nspool quarantines the namespace and never overwrites a claim object it"
                  + " cannot read (it may hold a tenant): restore its nspool.io/ annotations by"
                  + " hand."));
    } catch (KubernetesClientException e) {
      cannot(
          NamespaceFacts.claimObject(namespace), namespace, "the claim object of " + namespace, e);
    }
    List<KeptObjects.Difference> differences = List.of();
    try {
      differences = kept.differences(namespace);
    } catch (KubernetesClientException e) {
      cannot("Namespace " + namespace, namespace, "nspool's kept objects in " + namespace, e);
    }
    List<HelmRelease> releases = List.of();
    try {
      List<Secret> secrets =
          client
              .secrets()
              .inNamespace(namespace)
              .withLabel(HelmRelease.OWNER_LABEL, HelmRelease.OWNER)
              .list()
              .getItems();
      releases = secrets.stream().map(HelmRelease::of).toList();
    } catch (KubernetesClientException e) {
      cannot("Namespace " + namespace, namespace, "the Helm releases in " + namespace, e);
    }
    return new NamespaceFacts(namespace, claimRead, claim, differences, Optional.empty(), releases);
  }

  /** Lists everything in the free namespaces, with one API discovery for all of them. */
  private void inspectFree(Map<String, NamespaceFacts> facts, List<NamespacePool> pools) {
    List<String> free =
        facts.values().stream()
            .filter(f -> f.state().map(s -> s == ClaimState.FREE).orElse(false))
            .map(NamespaceFacts::name)
            .toList();
    if (free.isEmpty()) {
      return;
    }
    Set<ObjectKey> keep = new HashSet<>(Handover.KEPT_THROUGH_SCRUB);
    keep.addAll(kept.keys());
    // The pools' pull secret copies are nspool's, not a tenant's leftovers.
    pools.forEach(
        p -> p.getSpec().getPullSecrets().forEach(n -> keep.add(ObjectKey.of("", "secrets", n))));
    for (Inspection inspection : new Janitor(client).inspect(free, keep)) {
      facts.computeIfPresent(inspection.namespace(), (n, f) -> f.withInspection(inspection));
    }
  }

  /**
   * Records what could not be checked and why. A cluster that gave no answer at all (code 0) is not
   * a verdict about anything: that is rethrown.
   */
  private void cannot(String object, String namespace, String what, KubernetesClientException e) {
    if (e.getCode() == 0) {
      throw e;
    }
    String answer =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    unreadable.add(
        Violation.of(
            Kind.CANNOT_CHECK,
            object,
            namespace,
            "cannot check "
                + what
                + ": "
                + (e.getCode() == 403 ? "forbidden" : "HTTP " + e.getCode())
                + " ("
                + answer.lines().findFirst().orElse(answer)
                + ")"));
  }
}
