package io.nspool.claim;

import io.nspool.error.NamespaceUnavailableException;
import io.nspool.error.PoolExhaustedException;
import io.nspool.fault.CrashPoint;
import io.nspool.fault.CrashPoints;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Gives a deployment a namespace of its pool, exclusively. Candidates come from the local claim
 * cache; the claim itself is one compare-and-swap write of the claim object. Losing a race (409)
 * means another claimer won that namespace: try the next candidate, never overwrite.
 */
public final class Claimer {
  private final ClaimCache cache;
  private final ClaimTransitions transitions;
  private final Clock clock;
  private final Map<String, StoredClaim> reservations = new ConcurrentHashMap<>();
  private final LongAdder conflicts = new LongAdder();

  /**
   * Claims won by this process that the cache may not show yet, by deployment UID, with the version
   * the cache showed before: until the cache moves past it, a second claim for the same deployment
   * (its next reconcile, faster than the watch) must get this one, not another.
   */
  private record Win(Claim claim, String staleVersion) {}

  private final Map<String, Win> wins = new ConcurrentHashMap<>();

  /**
   * Claims for one deployment run one at a time in this process: the API claims a new deployment's
   * namespace in its create request while the deployment's first reconcile may claim for it too,
   * and two claimers that both saw no namespace held would take two. Striped by UID, so claims of
   * different deployments still run in parallel.
   */
  private final Object[] deploymentLocks =
      java.util.stream.Stream.generate(Object::new).limit(64).toArray();

  /** Told of every claim: its outcome ({@code claimed} or an error code) and how long it took. */
  public interface Observer {
    void claimed(String outcome, long nanos);
  }

  private volatile Observer observer = (outcome, nanos) -> {};

  public Claimer(ClaimCache cache, ClaimTransitions transitions, Clock clock) {
    this.cache = cache;
    this.transitions = transitions;
    this.clock = clock;
  }

  public void observe(Observer observer) {
    this.observer = observer;
  }

  /** What is being claimed, from which pool. */
  public record Request(
      String pool,
      List<String> poolNamespaces,
      String deploymentUid,
      String deploymentName,
      String requestedNamespace) {}

  /**
   * Claims the requested namespace, or any free one when none is requested. Claiming again for a
   * deployment that already holds a namespace of the pool returns that namespace (a retry after a
   * crash between claiming and recording the claim must not take a second one), also when both
   * claims run at once in this process.
   *
   * @throws NamespaceUnavailableException the requested namespace is taken, unhealthy or not in the
   *     pool
   * @throws PoolExhaustedException no namespace of the pool is free
   */
  public Claim claim(Request request) {
    long start = System.nanoTime();
    try {
      Claim claim;
      synchronized (lockOf(request.deploymentUid())) {
        claim = claimOnce(request);
      }
      observer.claimed("claimed", System.nanoTime() - start);
      return claim;
    } catch (io.nspool.error.NspoolException e) {
      observer.claimed(e.code(), System.nanoTime() - start);
      throw e;
    }
  }

  private Object lockOf(String deploymentUid) {
    return deploymentLocks[Math.floorMod(deploymentUid.hashCode(), deploymentLocks.length)];
  }

  private Claim claimOnce(Request request) {
    Optional<Claim> held = heldBy(request);
    if (held.isPresent()) {
      return held.get();
    }
    return claimWith(
        request,
        c ->
            NamespaceStateMachine.claim(
                c, request.deploymentUid(), request.deploymentName(), clock.instant()),
        "claimed by " + request.deploymentName());
  }

  /**
   * Claims one more executor namespace for a deployment whose own namespace is {@code primary}: the
   * requested one, or any free one of the pool. The caller decides how many it needs and releases
   * them all if one cannot be had.
   *
   * @throws NamespaceUnavailableException the requested namespace is taken, unhealthy or not in the
   *     pool
   * @throws PoolExhaustedException no namespace of the pool is free
   */
  public Claim claimExecutor(Request request, String primary) {
    long start = System.nanoTime();
    try {
      Claim claim =
          claimWith(
              request,
              c ->
                  NamespaceStateMachine.claimExecutor(
                      c,
                      request.deploymentUid(),
                      request.deploymentName(),
                      primary,
                      clock.instant()),
              "claimed as executor namespace by " + request.deploymentName());
      observer.claimed("claimed", System.nanoTime() - start);
      return claim;
    } catch (io.nspool.error.NspoolException e) {
      observer.claimed(e.code(), System.nanoTime() - start);
      throw e;
    }
  }

  /** How many of these namespaces the cache shows offered to tenants (free, not leaving). */
  public int offered(List<String> namespaces) {
    int offered = 0;
    for (String namespace : namespaces) {
      if (cache.get(namespace).map(s -> NamespaceStateMachine.isOffered(s.claim())).orElse(false)) {
        offered++;
      }
    }
    return offered;
  }

  private Claim claimWith(Request request, UnaryOperator<Claim> transition, String why) {
    if (request.requestedNamespace() != null) {
      return claimRequested(request, transition, why);
    }
    List<String> candidates = new ArrayList<>(request.poolNamespaces());
    // Concurrent claimers start at different places, so they rarely collide on one namespace.
    Collections.shuffle(candidates);
    for (String namespace : candidates) {
      Optional<StoredClaim> current = cache.get(namespace);
      if (current.isEmpty()
          || !NamespaceStateMachine.isOffered(current.get().claim())
          || !reserve(current.get())) {
        continue;
      }
      Optional<Claim> won = tryClaim(current.get(), request, transition, why);
      if (won.isPresent()) {
        return won.get();
      }
      reservations.remove(namespace, current.get());
    }
    throw exhausted(request);
  }

  /**
   * Claimers in this process do not race each other for one namespace: each reserves the cached
   * version it is about to write. The reservation outlives a won claim until the cache shows the
   * new version, so a stale cache entry is not tried again. Only claimers in other replicas can
   * still collide, and for them the compare-and-swap decides.
   */
  private boolean reserve(StoredClaim current) {
    StoredClaim held = reservations.get(current.namespace());
    if (held != null && !held.resourceVersion().equals(current.resourceVersion())) {
      reservations.remove(current.namespace(), held); // the cache has caught up
    }
    return reservations.putIfAbsent(current.namespace(), current) == null;
  }

  /** How many claim attempts lost a compare-and-swap race since start (a metric). */
  public long conflicts() {
    return conflicts.sum();
  }

  /**
   * The namespace of the pool already held (claimed or draining) by this deployment as its own, if
   * any; its executor namespaces are not.
   */
  public Optional<Claim> heldBy(Request request) {
    Win win = wins.get(request.deploymentUid());
    if (win != null) {
      Optional<StoredClaim> cached = cache.get(win.claim().namespace());
      if (cached.isPresent() && cached.get().resourceVersion().equals(win.staleVersion())) {
        return Optional.of(win.claim()); // the cache has not seen the claim yet
      }
      wins.remove(request.deploymentUid(), win); // caught up: the cache is the truth again
    }
    for (String namespace : request.poolNamespaces()) {
      Optional<StoredClaim> current = cache.get(namespace);
      if (current.isPresent()
          && request.deploymentUid().equals(current.get().claim().holderUid())
          && !current.get().claim().executor()
          && (current.get().claim().state() == ClaimState.CLAIMED
              || current.get().claim().state() == ClaimState.DRAINING)) {
        return Optional.of(current.get().claim());
      }
    }
    return Optional.empty();
  }

  private Claim claimRequested(Request request, UnaryOperator<Claim> transition, String why) {
    String namespace = request.requestedNamespace();
    if (!request.poolNamespaces().contains(namespace)) {
      throw new NamespaceUnavailableException(
          "namespace \""
              + namespace
              + "\" is not in pool \""
              + request.pool()
              + "\"; choose one of its available namespaces (nspool namespace list --available)");
    }
    Optional<StoredClaim> current = cache.get(namespace);
    if (current.isEmpty()) {
      throw new NamespaceUnavailableException(
          "namespace \""
              + namespace
              + "\" of pool \""
              + request.pool()
              + "\" is not ready for claims: "
              + cache
                  .watchError(namespace)
                  .or(() -> cache.decodeError(namespace))
                  .orElse(
                      "nspool has not verified it yet (it may not exist, or lack nspool's Role)"));
    }
    Claim claim = current.get().claim();
    if (!NamespaceStateMachine.isOffered(claim)) {
      throw new NamespaceUnavailableException(unavailable(claim, request.pool()));
    }
    return tryClaim(current.get(), request, transition, why)
        .orElseThrow(
            () ->
                new NamespaceUnavailableException(
                    "namespace \""
                        + namespace
                        + "\" was claimed by another deployment a moment ago; choose another"));
  }

  private Optional<Claim> tryClaim(
      StoredClaim current, Request request, UnaryOperator<Claim> transition, String why) {
    CrashPoints.reach(CrashPoint.CLAIM_BEFORE_LEASE_WRITE);
    Optional<Claim> won =
        transitions.apply(request.pool(), current, transition, why).map(StoredClaim::claim);
    if (won.isEmpty()) {
      conflicts.increment();
    } else {
      CrashPoints.reach(CrashPoint.CLAIM_AFTER_LEASE_WRITE);
      // A win stands for the deployment's own namespace until the cache catches up (heldBy); an
      // executor namespace's claim must not, or a stale cache would hand it out as the own one.
      if (!won.get().executor()) {
        wins.put(request.deploymentUid(), new Win(won.get(), current.resourceVersion()));
      }
    }
    return won;
  }

  private PoolExhaustedException exhausted(Request request) {
    Map<ClaimState, Integer> counts = new EnumMap<>(ClaimState.class);
    int unknown = 0;
    for (String namespace : request.poolNamespaces()) {
      Optional<StoredClaim> current = cache.get(namespace);
      if (current.isPresent()) {
        counts.merge(current.get().claim().state(), 1, Integer::sum);
      } else {
        unknown++;
      }
    }
    String breakdown =
        counts.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey().wireName())
            .collect(Collectors.joining(", "));
    if (unknown > 0) {
      breakdown += (breakdown.isEmpty() ? "" : ", ") + unknown + " not ready";
    }
    return new PoolExhaustedException(
        "no kubernetes namespaces are available in pool \""
            + request.pool()
            + "\": all "
            + request.poolNamespaces().size()
            + " namespaces are in use ("
            + breakdown
            + "). Delete a deployment (a hard delete returns its namespace at once), or ask a"
            + " platform admin to add namespaces to the pool.");
  }

  private static String unavailable(Claim claim, String pool) {
    String who = claim.deploymentName() != null ? " by deployment " + claim.deploymentName() : "";
    String state =
        claim.leaving() && claim.state() == ClaimState.FREE
            ? "being removed from the pool"
            : claim.state().wireName() + who;
    return "namespace \""
        + claim.namespace()
        + "\" of pool \""
        + pool
        + "\" is not available: it is "
        + state
        + "; choose one of the available namespaces (nspool namespace list --available)";
  }
}
