package io.nspool.verify;

import static io.nspool.verify.ClusterView.describe;
import static io.nspool.verify.ClusterView.statusNamespace;

import io.nspool.claim.Claim;
import io.nspool.deploy.TenantDeployment;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolMembership;
import io.nspool.verify.Violation.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Invariant 3, per pool: no more active deployments than namespaces, and no deployment in a
 * namespace its pool does not own ({@link PoolMembership} says which pool owns which). A namespace
 * removed from the pool while held stays the holder's until it is released (draining), so it counts
 * on both sides until then.
 */
final class PoolChecks {
  private PoolChecks() {}

  static List<Violation> check(ClusterView view) {
    PoolMembership membership = view.membership();
    List<Violation> found = new ArrayList<>();
    for (NamespacePool pool : view.pools()) {
      overcommitted(view, pool, membership).ifPresent(found::add);
    }
    found.addAll(notOwned(view, membership));
    return found;
  }

  static Optional<Violation> overcommitted(
      ClusterView view, NamespacePool pool, PoolMembership membership) {
    String name = pool.getMetadata().getName();
    List<String> own = membership.members(pool).names();
    Set<String> active = new LinkedHashSet<>();
    int drainingHeld = 0;
    for (String namespace : ClusterView.tracked(pool, membership)) {
      Claim held = view.facts(namespace).flatMap(NamespaceFacts::held).orElse(null);
      if (held == null) {
        continue;
      }
      active.add(held.holderUid());
      if (!own.contains(namespace)) {
        drainingHeld++;
      }
    }
    for (TenantDeployment d : view.deployments()) {
      if (name.equals(d.getSpec().getPool()) && statusNamespace(d) != null) {
        active.add(d.getMetadata().getUid());
      }
    }
    int capacity = own.size() + drainingHeld;
    if (active.size() <= capacity) {
      return Optional.empty();
    }
    return Optional.of(
        Violation.of(
            Kind.POOL_OVERCOMMITTED,
            describe(pool),
            null,
            "pool "
                + name
                + " has "
                + active.size()
                + " active deployments (holding a namespace by their claim object or their"
                + " status) but "
                + own.size()
                + (own.size() == 1 ? " namespace" : " namespaces")
                + " of its own"
                + (drainingHeld > 0 ? " and " + drainingHeld + " draining" : "")
                + "; see the binding violations for which deployments share a namespace."));
  }

  /**
   * Every (deployment, namespace) a claim object or a status pairs, whose namespace the
   * deployment's pool does not own; a namespace that left the pool (listed by no pool, or by
   * another) is fine while it drains.
   */
  static List<Violation> notOwned(ClusterView view, PoolMembership membership) {
    Map<Hold, TenantDeployment> holds = new LinkedHashMap<>();
    for (TenantDeployment d : view.deployments()) {
      String namespace = statusNamespace(d);
      if (namespace != null) {
        holds.put(new Hold(namespace, d.getMetadata().getUid()), d);
      }
    }
    for (NamespaceFacts facts : view.namespaces().values()) {
      facts
          .held()
          .flatMap(c -> view.deploymentWithUid(c.holderUid()))
          .ifPresent(d -> holds.put(new Hold(facts.name(), d.getMetadata().getUid()), d));
    }
    List<Violation> found = new ArrayList<>();
    holds.forEach(
        (hold, d) -> {
          String namespace = hold.namespace();
          String pool = d.getSpec().getPool();
          String owner = membership.owner(namespace);
          // Draining (its claim object says it leaves once released), it stays the holder's pool's
          // until then, whether no pool lists it any more or another pool does: the pool it
          // leaves counts it, the pool it joins leaves it alone.
          if (Objects.equals(owner, pool) || draining(view, namespace)) {
            return;
          }
          found.add(
              Violation.of(
                  Kind.NAMESPACE_NOT_OWNED,
                  describe(d),
                  namespace,
                  "deployment "
                      + d.getMetadata().getName()
                      + " of pool "
                      + pool
                      + " holds namespace "
                      + namespace
                      + ", which "
                      + (owner == null
                          ? "no pool lists and its claim object does not say is draining. nspool"
                              + " drains it on its next pass; if this stays, check that nspool's"
                              + " server runs."
                          : "belongs to pool "
                              + owner
                              + " (the oldest pool listing it). Remove it from pool "
                              + owner
                              + "'s spec.namespaces until deployment "
                              + d.getMetadata().getName()
                              + " is deleted.")));
        });
    return found;
  }

  /** A deployment (by uid) holding a namespace, by its claim object or its status. */
  private record Hold(String namespace, String uid) {}

  private static boolean draining(ClusterView view, String namespace) {
    return view.facts(namespace).flatMap(NamespaceFacts::claim).map(Claim::leaving).orElse(false);
  }
}
