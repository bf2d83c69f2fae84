package io.nspool.pool;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nspool.claim.Claim;
import io.nspool.claim.ClaimCache;
import io.nspool.claim.ClaimConflictException;
import io.nspool.claim.ClaimState;
import io.nspool.claim.ClaimTransitions;
import io.nspool.claim.NamespaceStateMachine;
import io.nspool.claim.QuarantineBackoff;
import io.nspool.claim.Retention;
import io.nspool.claim.StoredClaim;
import io.nspool.controller.ReconcileResult;
import io.nspool.controller.StatusValues;
import io.nspool.fault.CrashPoint;
import io.nspool.fault.CrashPoints;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one NamespacePool true to its spec: watches its namespaces, gives healthy new ones a free
 * claim object, drains removed ones, purges expired retentions, scrubs released namespaces,
 * recovers quarantined ones once healthy, frees claims whose deployment is gone, and reports the
 * result in the pool's status. Every step is idempotent; a lost compare-and-swap just waits for the
 * next pass.
 */
public final class PoolReconciler {
  private static final Logger log = LoggerFactory.getLogger(PoolReconciler.class);
  private static final Duration FIRST_READ_POLL = Duration.ofSeconds(1);
  private static final Duration UNSETTLED_POLL = Duration.ofSeconds(2);
  private static final Duration DENIED_RETRY = DynamicAccess.REFUSAL_RETRY;

  /**
   * Timings of the reconciler; see {@code ControllerConfig} for their meaning.
   *
   * @param quarantine how long a quarantined namespace waits before it is scrubbed again: from a
   *     few seconds, doubling with every quarantine in a row, up to {@code
   *     ControllerConfig.quarantineRetry}
   */
  public record Timing(Duration orphanGrace, QuarantineBackoff quarantine) {}

  private final KubernetesClient client;
  private final ClaimCache cache;
  private final ClaimTransitions transitions;
  private final NamespaceHealth health;
  private final Scrubber scrubber;
  private final ExecutorService scrubs;
  private final Clock clock;
  private final Timing timing;
  private final Consumer<String> requeue;
  private final PullSecrets pullSecrets;
  private final DynamicAccess dynamic;
  private final Set<String> scrubbing = ConcurrentHashMap.newKeySet();

  static final int PARALLEL = 8;

  private final ExecutorService namespaceWork =
      Executors.newFixedThreadPool(
          PARALLEL,
          r -> {
            Thread t = new Thread(r, "nspool-pool-namespaces");
            t.setDaemon(true);
            return t;
          });

  public PoolReconciler(
      KubernetesClient client,
      ClaimCache cache,
      ClaimTransitions transitions,
      NamespaceHealth health,
      Scrubber scrubber,
      ExecutorService scrubs,
      Clock clock,
      Timing timing,
      Consumer<String> requeue,
      PullSecrets pullSecrets,
      DynamicAccess dynamic) {
    this.client = client;
    this.cache = cache;
    this.transitions = transitions;
    this.health = health;
    this.scrubber = scrubber;
    this.scrubs = scrubs;
    this.clock = clock;
    this.timing = timing;
    this.requeue = requeue;
    this.pullSecrets = pullSecrets;
    this.dynamic = dynamic;
  }

  /**
   * @param deploymentPool the pool ({@code spec.pool}) of the TenantDeployment of this UID, or null
   *     when none exists: to find orphaned claims, and claims held by a deployment of another pool.
   *     Asked at the moment of each decision, never a snapshot taken before the pass (a deployment
   *     reconciled in parallel may claim while this pass runs)
   * @param membership which pool owns each namespace
   * @return when to look again: the soonest moment something of the pool falls due (a retention
   *     ends, an orphan's grace runs out, a quarantine may be retried, a health check goes stale)
   */
  public ReconcileResult reconcile(
      NamespacePool pool,
      java.util.function.Function<String, String> deploymentPool,
      PoolMembership membership) {
    Due due = new Due();
    String name = pool.getMetadata().getName();
    PoolMembership.Members own = membership.members(pool);
    List<String> problems = new ArrayList<>(own.problems());
    List<String> members = own.names();
    List<String> pulls = pool.getSpec().getPullSecrets();
    pullSecrets.watchSources(pulls);
    pulls.forEach(s -> pullSecrets.sourceProblem(s).ifPresent(problems::add));
    if (!own.settled()) {
      // A selector nspool cannot use or has not seen listed yet: which namespaces are labelled is
      // unknown, so nothing joins, drains or leaves; the status says why. The namespace watch's
      // first list (or a pool edit) brings the pool back sooner.
      writeStatus(pool, new ArrayList<>(pool.getStatus().getNamespaces()), problems);
      return ReconcileResult.requeueAfter(UNSETTLED_POLL);
    }
    boolean byLabel = pool.getSpec().isDynamic() && dynamic != null;
    Map<String, String> denied = new java.util.HashMap<>();
    if (byLabel) {
      // Before any watch: a namespace nspool holds no Role in yet would start a forbidden watch.
      // In parallel, as the namespaces' other work: after a restart every member is looked at
      // once (one read each), and a batch just labelled is bound a few calls each.
      List<String> ungranted = members.stream().filter(n -> !dynamic.granted(n)).toList();
      Map<String, PoolNamespace> before = new java.util.HashMap<>();
      pool.getStatus().getNamespaces().forEach(n -> before.put(n.getName(), n));
      List<PoolNamespace> refusals =
          eachNamespace(
              ungranted,
              namespace ->
                  dynamic
                      .grant(
                          namespace,
                          pool.getSpec().getInstallerRules(),
                          joinedBefore(before.get(namespace)))
                      .map(reason -> quarantinedEntry(namespace, reason))
                      .orElse(null));
      refusals.forEach(r -> denied.put(r.getName(), r.getReason()));
      for (PoolNamespace r : refusals) {
        PoolNamespace was = before.get(r.getName());
        if (was == null || !Objects.equals(was.getReason(), r.getReason())) {
          // Once per reason, not at every retry.
          transitions.audit().poolEvent(name, "NamespaceNotJoined", r.getReason(), true);
        }
      }
      if (!denied.isEmpty()) {
        due.at(now().plus(DENIED_RETRY));
      }
    }
    PodSecurityLevel podSecurity = pool.getSpec().getPodSecurity();
    Set<String> tracked = new LinkedHashSet<>(members);
    pool.getStatus().getNamespaces().forEach(n -> tracked.add(n.getName()));
    // What this pool last recorded of each namespace: a namespace it recorded in use whose claim
    // object is gone (deleted with kubectl) may still hold a tenant's objects.
    Map<String, String> recorded = new java.util.HashMap<>();
    pool.getStatus().getNamespaces().forEach(n -> recorded.put(n.getName(), n.getState()));
    tracked.stream().filter(n -> !denied.containsKey(n)).forEach(cache::watch);

    Set<String> memberSet = new HashSet<>(members);
    List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> installerRules =
        pool.getSpec().getInstallerRules();
    List<PoolNamespace> entries =
        eachNamespace(
            List.copyOf(tracked),
            namespace ->
                denied.containsKey(namespace)
                    ? quarantinedEntry(namespace, denied.get(namespace))
                    : memberSet.contains(namespace)
                        ? reconcileMember(
                            name,
                            namespace,
                            recorded.get(namespace),
                            deploymentPool,
                            podSecurity,
                            pulls,
                            installerRules,
                            due)
                        : reconcileLeaving(
                            name,
                            namespace,
                            deploymentPool,
                            membership.owner(namespace),
                            due,
                            byLabel ? installerRules : null));
    writeStatus(pool, entries, problems);
    return ReconcileResult.dueAt(due.soonest(), clock);
  }

  /**
   * Whether the pool's status (written only by nspool) records the namespace as joined once: a
   * claim object of it was seen. Pending and quarantined entries may be joins that never finished
   * or were refused.
   */
  private static boolean joinedBefore(PoolNamespace recorded) {
    return recorded != null
        && !"pending".equals(recorded.getState())
        && !ClaimState.QUARANTINED.wireName().equals(recorded.getState());
  }

  /**
   * The soonest moment a namespace of the pool needs another look; nothing due means the pool waits
   * for an event (a claim object, the pool or a deployment changing).
   */
  private static final class Due {
    private Instant at;

    synchronized Instant soonest() {
      return at;
    }

    /** Namespaces are reconciled in parallel ({@link #eachNamespace}): one lock for all. */
    synchronized void at(Instant moment) {
      if (moment != null && (at == null || moment.isBefore(at))) {
        at = moment;
      }
    }
  }

  /**
   * The namespaces of one pool are independent of each other (each has its own claim object,
   * written with a compare-and-swap, its own health and copies), so they are reconciled {@value
   * #PARALLEL} at a time: one after the other, a pool of 5000 waited for 10,000 round trips of
   * health checks before its first claim, and as long again for the claim objects of its first
   * start. The entries come back in the order of {@code namespaces}; a failure of one namespace
   * fails the reconcile, as it did one at a time.
   */
  private List<PoolNamespace> eachNamespace(
      List<String> namespaces, Function<String, PoolNamespace> reconcile) {
    if (namespaces.size() < 2) {
      return namespaces.stream()
          .map(reconcile)
          .filter(Objects::nonNull)
          .collect(Collectors.toCollection(ArrayList::new)); // the status sorts it
    }
    List<Future<PoolNamespace>> results = new ArrayList<>(namespaces.size());
    for (String namespace : namespaces) {
      results.add(namespaceWork.submit(() -> reconcile.apply(namespace)));
    }
    List<PoolNamespace> entries = new ArrayList<>(namespaces.size());
    try {
      for (Future<PoolNamespace> result : results) {
        PoolNamespace entry = result.get();
        if (entry != null) {
          entries.add(entry);
        }
      }
    } catch (InterruptedException e) {
      results.forEach(r -> r.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reconciling namespaces", e);
    } catch (ExecutionException e) {
      results.forEach(r -> r.cancel(true));
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
    return entries;
  }

  private PoolNamespace reconcileMember(
      String pool,
      String namespace,
      String recordedState,
      java.util.function.Function<String, String> deploymentPool,
      PodSecurityLevel podSecurity,
      List<String> pulls,
      List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> rules,
      Due due) {
    Predicate<String> uids = uid -> uid != null && deploymentPool.apply(uid) != null;
    scrubber.declareInstallerRules(namespace, rules);
    NamespaceHealth.Verdict verdict = health.check(namespace, rules, podSecurity);
    due.at(health.staleAt(verdict));
    if (verdict.healthy()) {
      // A namespace that cannot hold its pull secrets would fail its tenant's image pulls.
      Optional<String> copies = pullSecrets.sync(namespace, pulls);
      if (copies.isPresent()) {
        verdict = new NamespaceHealth.Verdict(false, copies.get(), verdict.checkedAt());
      }
    }
    if (verdict.healthy()) {
      // A namespace nspool cannot watch would miss a claim change or a deleted pull secret: it is
      // unhealthy (a free one is not offered) until its watches run again; the others go on.
      Optional<String> watchError =
          cache.watchError(namespace).or(() -> pullSecrets.watchError(namespace));
      if (watchError.isPresent()) {
        verdict = new NamespaceHealth.Verdict(false, watchError.get(), verdict.checkedAt());
      }
    }
    if (!cache.isSynced(namespace)) {
      // A watch that cannot start (forbidden, missing namespace) never syncs: say why.
      Optional<String> watchError = cache.watchError(namespace);
      if (!verdict.healthy() || watchError.isPresent()) {
        return quarantinedEntry(namespace, verdict.healthy() ? watchError.get() : verdict.reason());
      }
      if (recordedState == null) {
        // A namespace this pool never recorded (a first start after the install, a new member):
        // its claim object is created if absent without waiting for the watch's first list. The
        // create decides, not the cache: one that exists already answers 409 and is read when
        // the watch has it. Waiting here held a first start of 5000 namespaces for a whole pass
        // of health checks before the first namespace could join.
        return join(pool, namespace, null);
      }
      // A first list that finds no claim object announces nothing: look again shortly.
      due.at(now().plus(FIRST_READ_POLL));
      return entry(namespace, "pending", null, null, null, "waiting for the first read");
    }
    Optional<StoredClaim> stored = cache.get(namespace);
    if (stored.isEmpty()) {
      Optional<String> garbled = cache.decodeError(namespace);
      if (garbled.isPresent()) {
        // Never reset a claim object nspool cannot read: it may belong to a tenant.
        return quarantinedEntry(namespace, garbled.get());
      }
      if (!verdict.healthy()) {
        return quarantinedEntry(namespace, verdict.reason());
      }
      return join(pool, namespace, recordedState);
    }
    StoredClaim current = stored.get();
    Optional<String> other = heldForAnotherPool(pool, current.claim(), deploymentPool);
    if (other.isPresent()) {
      // Listed here while a deployment of the pool it came from holds it: that pool drains and
      // releases it. Undraining it here would undo that pool's drain, and it this one's, for ever.
      return entry(
          current.claim().namespace(),
          current.claim().state().wireName(),
          current.claim().deploymentName(),
          current.claim().since().toString(),
          current.claim().purgeAfter() == null ? null : current.claim().purgeAfter().toString(),
          "held by deployment "
              + current.claim().deploymentName()
              + " of pool "
              + other.get()
              + "; it joins this pool once that deployment is deleted");
    }
    if (current.claim().leaving()) {
      current =
          step(
              pool,
              current,
              c -> NamespaceStateMachine.undrain(c, now()),
              "added back to the pool");
      if (current == null) {
        return null;
      }
    }
    current = advance(pool, current, verdict, uids, due);
    return current == null ? entry(stored.get().claim(), null) : entry(current.claim(), verdict);
  }

  private PoolNamespace reconcileLeaving(
      String pool,
      String namespace,
      java.util.function.Function<String, String> deploymentPool,
      String owner,
      Due due,
      List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> byLabelRules) {
    Predicate<String> uids = uid -> uid != null && deploymentPool.apply(uid) != null;
    Optional<StoredClaim> stored = cache.get(namespace);
    if (stored.isEmpty()) {
      boolean revoke = byLabelRules != null && owner == null && cache.isSynced(namespace);
      cache.unwatch(namespace);
      pullSecrets.forget(namespace); // copies first: revoking takes the right to delete them
      if (revoke) {
        dynamic.revoke(namespace, byLabelRules); // unlabelled or deleted, and holding no claim
      }
      return null;
    }
    StoredClaim current = stored.get();
    if (owner != null
        && (current.claim().holderUid() == null
            || !pool.equals(deploymentPool.apply(current.claim().holderUid())))) {
      // Another pool owns it now, and no deployment of this one holds it: the owner reconciles
      // it (scrubs it, frees it); draining it from here would fight the owner's undrain.
      return null;
    }
    if (!current.claim().leaving()) {
      current =
          step(pool, current, c -> NamespaceStateMachine.drain(c, now()), "removed from the pool");
      if (current == null) {
        return entry(stored.get().claim(), null);
      }
    }
    Claim claim = current.claim();
    if (NamespaceStateMachine.shouldLeavePool(claim) || claim.state() == ClaimState.QUARANTINED) {
      PoolNamespace left = leave(pool, current);
      if (left == null && byLabelRules != null && owner == null) {
        dynamic.revoke(namespace, byLabelRules);
      }
      return left;
    }
    current = advance(pool, current, new NamespaceHealth.Verdict(true, null, now()), uids, due);
    return current == null ? entry(claim, null) : entry(current.claim(), null);
  }

  /** The state-specific work: purge, scrub, recover, free orphans. */
  private StoredClaim advance(
      String pool,
      StoredClaim current,
      NamespaceHealth.Verdict verdict,
      Predicate<String> uids,
      Due due) {
    Claim claim = current.claim();
    Instant now = now();
    Instant timed = dueOf(claim, uids);
    if (timed != null && timed.isAfter(now)) {
      due.at(timed); // a moment already passed was acted on in this pass
    }
    return switch (claim.state()) {
      case FREE ->
          verdict.healthy()
              ? current
              : step(
                  pool,
                  current,
                  c -> NamespaceStateMachine.quarantine(c, verdict.reason(), now),
                  quarantineWhy(claim, verdict.reason()));
      case CLAIMED, DRAINING ->
          isOrphan(claim, uids, now)
              ? step(
                  pool, current, c -> NamespaceStateMachine.orphaned(c, now), orphanReason(claim))
              : current;
      case RETAINED -> {
        if (isOrphan(claim, uids, now)) {
          yield step(
              pool, current, c -> NamespaceStateMachine.orphaned(c, now), orphanReason(claim));
        }
        yield now.isBefore(claim.purgeAfter())
            ? current
            : step(
                pool,
                current,
                c -> NamespaceStateMachine.purge(c, now),
                "retention ended at " + claim.purgeAfter());
      }
      case CLEANING -> {
        startScrub(pool, claim.namespace());
        yield current;
      }
      case QUARANTINED ->
          verdict.healthy() && !now.isBefore(timing.quarantine().retryAt(claim))
              ? step(pool, current, c -> NamespaceStateMachine.recover(c, now), retryReason(claim))
              : current;
    };
  }

  /**
   * When the claim's state changes by the passing of time alone: its retention ends, the grace of a
   * claim naming no existing deployment runs out, a quarantine may be retried.
   */
  private Instant dueOf(Claim claim, Predicate<String> uids) {
    return switch (claim.state()) {
      case CLAIMED, DRAINING ->
          uids.test(claim.holderUid()) ? null : claim.since().plus(timing.orphanGrace());
      case RETAINED ->
          uids.test(claim.holderUid())
              ? claim.purgeAfter()
              : earliest(claim.purgeAfter(), claim.since().plus(timing.orphanGrace()));
      case QUARANTINED -> timing.quarantine().retryAt(claim);
      case FREE, CLEANING -> null;
    };
  }

  /** For the audit: the reason, and when the quarantine it causes is retried. */
  private String quarantineWhy(Claim before, String reason) {
    int quarantines = before.quarantines() + 1;
    return reason
        + " (quarantine "
        + quarantines
        + " in a row; scrubbed again in "
        + timing.quarantine().delay(quarantines).toSeconds()
        + "s once healthy)";
  }

  private String retryReason(Claim claim) {
    return "healthy; scrubbing again before it is offered (retry "
        + Math.max(claim.quarantines(), 1)
        + ", after waiting "
        + timing.quarantine().delay(claim.quarantines()).toSeconds()
        + "s)";
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  /** The other pool whose existing deployment holds this claim, if any. */
  private static Optional<String> heldForAnotherPool(
      String pool, Claim claim, java.util.function.Function<String, String> deploymentPools) {
    if (claim.holderUid() == null) {
      return Optional.empty();
    }
    String holderPool = deploymentPools.apply(claim.holderUid());
    return holderPool == null || holderPool.equals(pool)
        ? Optional.empty()
        : Optional.of(holderPool);
  }

  private boolean isOrphan(Claim claim, Predicate<String> uids, Instant now) {
    return !uids.test(claim.holderUid()) && !now.isBefore(claim.since().plus(timing.orphanGrace()));
  }

  private static String orphanReason(Claim claim) {
    return "deployment "
        + claim.deploymentName()
        + " (uid "
        + claim.holderUid()
        + ") no longer exists";
  }

  private void startScrub(String pool, String namespace) {
    if (!scrubbing.add(namespace)) {
      return;
    }
    scrubs.execute(
        () -> {
          try {
            // The cache that asked for this scrub may be older than the scrub that just freed
            // the namespace (and a new tenant may hold it by now): only a namespace the claim
            // object says is being cleaned is ever scrubbed.
            if (!isCleaning(namespace)) {
              return;
            }
            Scrubber.Result result = scrubber.scrub(namespace);
            if (result.clean()) {
              CrashPoints.reach(CrashPoint.SCRUB_BEFORE_FREE);
            }
            // Re-read: only a namespace still being cleaned may be freed or quarantined.
            transitions
                .store()
                .read(namespace)
                .filter(s -> s.claim().state() == ClaimState.CLEANING)
                .ifPresent(
                    s ->
                        step(
                            pool,
                            s,
                            c ->
                                result.clean()
                                    ? NamespaceStateMachine.scrubbed(c, now())
                                    : NamespaceStateMachine.scrubFailed(c, result.summary(), now()),
                            result.clean()
                                ? "scrubbed and verified clean"
                                : quarantineWhy(s.claim(), result.summary())));
            health.forget(namespace);
          } catch (RuntimeException e) {
            log.warn(
                "Lease({}/nspool-claim) scrub failed, will retry: {}", namespace, e.getMessage());
          } finally {
            scrubbing.remove(namespace);
            requeue.accept(pool);
          }
        });
  }

  private boolean isCleaning(String namespace) {
    return transitions
        .store()
        .read(namespace)
        .filter(s -> s.claim().state() == ClaimState.CLEANING)
        .isPresent();
  }

  private PoolNamespace join(String pool, String namespace, String recordedState) {
    boolean mayHoldTenant =
        recordedState != null
            && !recordedState.equals("pending")
            && !recordedState.equals(ClaimState.FREE.wireName());
    try {
      if (mayHoldTenant) {
        // Its claim object was deleted while this pool recorded it in use: never offer what a
        // tenant may still fill. Scrubbed first, as a released namespace is.
        transitions
            .store()
            .create(
                new Claim(namespace, ClaimState.CLEANING, null, null, now(), null, null, false));
        transitions
            .audit()
            .poolEvent(
                pool,
                "ClaimObjectLost",
                "namespace "
                    + namespace
                    + " lost its claim object while "
                    + recordedState
                    + "; scrubbing it before it is offered again",
                true);
        return entry(namespace, "pending", null, null, null, "claim object lost; scrubbing first");
      }
      transitions.store().create(Claim.free(namespace, now()));
      transitions
          .audit()
          .poolEvent(
              pool, "NamespaceJoined", "namespace " + namespace + " joined the pool, free", false);
      // Free in the status only once the claim cache has seen it (its event requeues the pool):
      // a status ahead of the cache lets a create that trusts it meet pool_exhausted.
      return entry(namespace, "pending", null, null, null, "joining the pool");
    } catch (ClaimConflictException e) {
      return entry(namespace, "pending", null, null, null, "claim object appeared meanwhile");
    } catch (KubernetesClientException e) {
      return quarantinedEntry(namespace, "cannot create its claim object: " + e.getMessage());
    }
  }

  private PoolNamespace leave(String pool, StoredClaim current) {
    try {
      transitions.store().delete(current);
    } catch (ClaimConflictException e) {
      return entry(current.claim(), null);
    }
    cache.unwatch(current.namespace());
    pullSecrets.forget(current.namespace());
    health.forget(current.namespace());
    transitions
        .audit()
        .poolEvent(
            pool, "NamespaceLeft", "namespace " + current.namespace() + " left the pool", false);
    return null;
  }

  private StoredClaim step(
      String pool, StoredClaim current, UnaryOperator<Claim> transition, String why) {
    return transitions.apply(pool, current, transition, why).orElse(null);
  }

  private PoolNamespace entry(Claim claim, NamespaceHealth.Verdict verdict) {
    String reason = claim.reason();
    if (verdict != null && !verdict.healthy() && reason == null) {
      reason = "unhealthy: " + verdict.reason();
    }
    PoolNamespace entry =
        entry(
            claim.namespace(),
            claim.state().wireName(),
            claim.deploymentName(),
            claim.since().toString(),
            claim.purgeAfter() == null ? null : claim.purgeAfter().toString(),
            reason);
    // Both follow from the claim alone: they change only when the claim does (bounded writes).
    if (claim.quarantines() > 0) {
      entry.setQuarantines(claim.quarantines());
    }
    if (claim.state() == ClaimState.QUARANTINED) {
      entry.setRetryAt(timing.quarantine().retryAt(claim).toString());
    }
    return entry;
  }

  private static PoolNamespace quarantinedEntry(String namespace, String reason) {
    return entry(namespace, ClaimState.QUARANTINED.wireName(), null, null, null, reason);
  }

  private static PoolNamespace entry(
      String namespace,
      String state,
      String deployment,
      String since,
      String purgeAfter,
      String reason) {
    return new PoolNamespace(namespace, state, deployment, since, purgeAfter, reason);
  }

  private void writeStatus(NamespacePool pool, List<PoolNamespace> entries, List<String> problems) {
    PoolStatus status = new PoolStatus();
    status.setObservedGeneration(pool.getMetadata().getGeneration());
    entries.sort((a, b) -> a.getName().compareTo(b.getName()));
    status.setNamespaces(entries);
    for (PoolNamespace e : entries) {
      switch (e.getState()) {
        case "free" -> status.setFree(status.getFree() + 1);
        case "claimed" -> status.setClaimed(status.getClaimed() + 1);
        case "retained" -> status.setRetained(status.getRetained() + 1);
        case "cleaning" -> status.setCleaning(status.getCleaning() + 1);
        case "quarantined" -> status.setQuarantined(status.getQuarantined() + 1);
        case "draining" -> status.setDraining(status.getDraining() + 1);
        default -> {}
      }
    }
    status.setTotal(entries.size());
    status.setConditions(List.of(specCondition(pool, problems)));
    if (StatusValues.same(pool.getStatus(), status)) {
      return;
    }
    NamespacePool copy = new NamespacePool();
    copy.setMetadata(pool.getMetadata());
    copy.setSpec(pool.getSpec());
    copy.setStatus(status);
    try {
      client.resource(copy).updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      requeue.accept(pool.getMetadata().getName()); // the pool changed meanwhile
    }
  }

  /**
   * The SpecValid condition. Its lastTransitionTime moves only when status or message change, so a
   * spec that stays invalid is reported once and writes nothing more.
   */
  private Condition specCondition(NamespacePool pool, List<String> problems) {
    List<String> all = new ArrayList<>(problems);
    String retentionProblem = retentionProblem(pool);
    if (retentionProblem != null) {
      all.add(retentionProblem);
    }
    String status = all.isEmpty() ? "True" : "False";
    String message = all.isEmpty() ? "every listed namespace is valid" : String.join("; ", all);
    Condition previous =
        pool.getStatus().getConditions().stream()
            .filter(c -> "SpecValid".equals(c.getType()))
            .findFirst()
            .orElse(null);
    String since =
        previous != null
                && status.equals(previous.getStatus())
                && message.equals(previous.getMessage())
            ? previous.getLastTransitionTime()
            : now().toString();
    return new ConditionBuilder()
        .withType("SpecValid")
        .withStatus(status)
        .withReason(all.isEmpty() ? "Valid" : "InvalidSpec")
        .withMessage(message)
        .withObservedGeneration(pool.getMetadata().getGeneration())
        .withLastTransitionTime(since)
        .build();
  }

  private static String retentionProblem(NamespacePool pool) {
    try {
      Retention.parse(pool.getSpec().getRetention());
      return null;
    } catch (IllegalArgumentException e) {
      return "spec." + e.getMessage();
    }
  }

  private Instant now() {
    return clock.instant();
  }
}
