package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nspool.claim.Claim;
import io.nspool.claim.ClaimCache;
import io.nspool.claim.ClaimState;
import io.nspool.claim.ClaimTransitions;
import io.nspool.claim.Claimer;
import io.nspool.claim.IllegalTransitionException;
import io.nspool.claim.NamespaceStateMachine;
import io.nspool.claim.Retention;
import io.nspool.claim.StoredClaim;
import io.nspool.controller.ReconcileResult;
import io.nspool.controller.StatusValues;
import io.nspool.error.NspoolException;
import io.nspool.fault.CrashPoint;
import io.nspool.fault.CrashPoints;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolMembership;
import io.nspool.pool.PoolNamespace;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds each TenantDeployment to a namespace of its pool and unbinds it: claims on create, soft
 * release when {@code spec.retained} is set, restore when it is cleared, hard release when the
 * object is deleted (a finalizer holds the delete until the claim is released). The claim object is
 * the truth: when the deployment's status disagrees with it, the status is corrected and says so.
 */
public final class DeploymentReconciler {
  public static final String FINALIZER = "nspool.io/release";
  private static final Logger log = LoggerFactory.getLogger(DeploymentReconciler.class);

  private final KubernetesClient client;
  private final ClaimCache cache;
  private final ClaimTransitions transitions;
  private final Claimer claimer;
  private final Releases releases;
  private final WorkloadCache workloads;
  private final Clock clock;
  private final ExecutorClaims executors;

  DeploymentReconciler(
      KubernetesClient client,
      String controlNamespace,
      ClaimCache cache,
      ClaimTransitions transitions,
      Claimer claimer,
      Releases releases,
      WorkloadCache workloads,
      Clock clock) {
    this.client = client;
    this.cache = cache;
    this.transitions = transitions;
    this.claimer = claimer;
    this.releases = releases;
    this.workloads = workloads;
    this.clock = clock;
    this.executors =
        new ExecutorClaims(client, controlNamespace, cache, transitions, claimer, clock);
  }

  /**
   * A reconciler whose Helm operations run on {@code helm} and retry failures with exponential
   * backoff from {@code releaseRetry} (at most 5 minutes); finished operations requeue the
   * deployment by name. Remote charts are kept in {@code chartCache}, one file per digest.
   */
  public static DeploymentReconciler create(
      KubernetesClient client,
      String controlNamespace,
      ClaimCache cache,
      ClaimTransitions transitions,
      Claimer claimer,
      Clock clock,
      java.util.concurrent.ExecutorService helm,
      Duration releaseRetry,
      java.nio.file.Path chartCache,
      java.util.function.Consumer<String> requeue) {
    Commander commander = new Commander(client, controlNamespace);
    ReleaseWorker worker =
        new ReleaseWorker(
            commander,
            new InterruptedRelease(client, commander, clock),
            new AtomicRelease(client, commander),
            helm,
            clock,
            requeue);
    WorkloadCache workloads = new WorkloadCache(client, requeue);
    return new DeploymentReconciler(
        client,
        controlNamespace,
        cache,
        transitions,
        claimer,
        new Releases(
            client,
            worker,
            new io.nspool.chart.ChartCache(chartCache),
            clock,
            releaseRetry,
            workloads),
        workloads,
        clock);
  }

  /**
   * Stops watching the workloads of namespaces no deployment occupies any more (released, or
   * retained with the release uninstalled); called on every resync.
   */
  public void forgetWorkloadsExcept(Set<String> occupied) {
    workloads.retainOnly(occupied);
  }

  /** The namespaces whose workloads are being watched. */
  public Set<String> watchedWorkloads() {
    return workloads.watched();
  }

  /** Stops every workload informer. */
  public void close() {
    workloads.close();
  }

  /**
   * @param membership which namespaces each pool owns: a deployment claims only among its pool's
   *     own namespaces, never one another pool owns that its pool also lists
   * @return when to look again if something falls due by time alone (a Helm retry's backoff);
   *     everything else comes back through an event (the claim object, the deployment, a Helm
   *     operation finishing, a component changing)
   */
  public ReconcileResult reconcile(
      TenantDeployment deployment, NamespacePool pool, PoolMembership membership) {
    if (deployment.getMetadata().getDeletionTimestamp() != null) {
      finalizeDeletion(deployment, pool);
      return ReconcileResult.done();
    }
    if (!deployment.getMetadata().getFinalizers().contains(FINALIZER)) {
      client
          .resource(deployment)
          .edit(
              d -> {
                d.getMetadata().getFinalizers().add(FINALIZER);
                return d;
              });
      return ReconcileResult.done(); // the update event brings it back
    }
    DeploymentStatus status = copyOf(deployment.getStatus());
    if (pool == null) {
      status.setPhase("Pending");
      setCondition(
          status,
          "NamespaceClaimed",
          "False",
          "PoolNotFound",
          "pool \""
              + deployment.getSpec().getPool()
              + "\" does not exist in namespace "
              + deployment.getMetadata().getNamespace());
      writeStatus(deployment, status);
      return ReconcileResult.done(); // the pool's creation requeues its deployments
    }
    Optional<StoredClaim> held = heldClaim(deployment, pool);
    if (deployment.getSpec().isRetained()) {
      retain(deployment, pool, held, status);
      return ReconcileResult.done();
    }
    return keep(deployment, pool, held, status, membership.members(pool).names());
  }

  /**
   * Claims a namespace for a deployment just created, in the create request itself, by the same
   * rule its reconcile claims by: the API answers with the claim object's verdict without waiting
   * for two watch events and a queue hop. Its first reconcile then finds the claim (the claimer
   * runs one claim per deployment at a time, and remembers its win until the cache shows it).
   *
   * @return the claim, or empty when this deployment is not one to claim for now (being deleted,
   *     retained, asking for executor namespaces, already holding one, no pool) or the claim
   *     failed: its reconcile then reaches the same answer and records it in the status
   */
  public Optional<Claim> claimAtCreate(
      TenantDeployment deployment, NamespacePool pool, PoolMembership membership) {
    if (pool == null
        || deployment.getMetadata().getDeletionTimestamp() != null
        || deployment.getSpec().isRetained()
        || deployment.getSpec().executorNamespacesWanted() > 0
        || (deployment.getStatus() != null && deployment.getStatus().getNamespace() != null)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          claimer.claim(request(deployment, pool, membership.members(pool).names())));
    } catch (NspoolException e) {
      return Optional.empty();
    }
  }

  private ReconcileResult keep(
      TenantDeployment deployment,
      NamespacePool pool,
      Optional<StoredClaim> held,
      DeploymentStatus status,
      List<String> ownNamespaces) {
    String poolName = pool.getMetadata().getName();
    if (held.isPresent() && held.get().claim().state() == ClaimState.RETAINED) {
      try {
        Optional<StoredClaim> restored =
            transitions.apply(
                poolName,
                held.get(),
                c -> NamespaceStateMachine.restore(c, uid(deployment), clock.instant()),
                "restored by " + key(deployment));
        if (restored.isEmpty()) {
          return ReconcileResult.done(); // lost a race; its claim event brings the new state
        }
        // Retained means uninstalled (the release goes before the claim is retained), whatever a
        // status written before a crash still says: the restore installs anew.
        status.setRelease(null);
        status.setComponents(new ArrayList<>());
        held = restored;
      } catch (IllegalTransitionException e) {
        status.setPhase("Failed");
        setCondition(status, "Restored", "False", "RetentionExpired", e.getMessage());
        writeStatus(deployment, status);
        return ReconcileResult.done();
      }
    }
    if (held.isPresent()) {
      return bound(deployment, pool, held.get().claim(), status, ownNamespaces);
    }
    if (status.getNamespace() == null && !status.getExecutorNamespaces().isEmpty()) {
      status.setExecutorNamespaces(List.of());
    }

    if (status.getNamespace() != null) {
      // The claim cache and the deployment informer are two watches: a status naming the namespace
      // can arrive before the claim object's change that it records. Read the claim object itself
      // before calling the claim lost.
      Optional<StoredClaim> live =
          readClaim(status.getNamespace())
              .filter(
                  c ->
                      uid(deployment).equals(c.claim().holderUid())
                          && c.claim().state() != ClaimState.CLEANING
                          && c.claim().state() != ClaimState.RETAINED);
      if (live.isPresent()) {
        return bound(deployment, pool, live.get().claim(), status, ownNamespaces);
      }
      // It had a namespace and its claim object no longer says so: the claim object wins.
      status.setPhase("Failed");
      if (namespaceDeleted(status.getNamespace())) {
        setCondition(
            status,
            "NamespaceClaimed",
            "False",
            "NamespaceDeleted",
            "namespace "
                + status.getNamespace()
                + " was deleted (with everything this deployment had in it) and left the pool;"
                + " this deployment has no namespace. Delete it and create it again.");
      } else {
        setCondition(
            status,
            "NamespaceClaimed",
            "False",
            "ClaimLost",
            "the claim object of namespace "
                + status.getNamespace()
                + " no longer names this deployment (it is "
                + describe(status.getNamespace())
                + "); the claim object wins, so this deployment has no namespace."
                + " Delete it and create it again.");
      }
      status.setNamespace(null);
      // What was installed there is not this deployment's any more (the namespace is scrubbed
      // before it is offered again): a namespace claimed next starts from a first install.
      status.setRelease(null);
      status.setComponents(new ArrayList<>());
      releases.forget(uid(deployment));
      writeStatus(deployment, status);
      return ReconcileResult.done();
    }
    int wanted = deployment.getSpec().executorNamespacesWanted();
    if (wanted > 0) {
      int alreadyHeld = executors.held(uid(deployment), candidates(deployment, pool)).size();
      Optional<String> shortage =
          executors.shortage(deployment, poolName, ownNamespaces, alreadyHeld);
      if (shortage.isPresent()) {
        status.setPhase("Pending");
        setCondition(status, "NamespaceClaimed", "False", "PoolExhausted", shortage.get());
        writeStatus(deployment, status);
        return ReconcileResult.done(); // a claim event of the pool requeues it
      }
    }
    try {
      Claim claim = claimer.claim(request(deployment, pool, ownNamespaces));
      return bound(deployment, pool, claim, status, ownNamespaces);
    } catch (NspoolException e) {
      // Pending until a claim object of the pool changes (a namespace freed, joined): that event
      // requeues every deployment of the pool.
      String requested = deployment.getSpec().getNamespace();
      if (requested != null && namespaceDeleted(requested)) {
        // Its own namespace was deleted under it (dynamic mode: the namespace left the pool):
        // say so, not just "not in the pool".
        status.setPhase("Failed");
        setCondition(
            status,
            "NamespaceClaimed",
            "False",
            "NamespaceDeleted",
            "namespace "
                + requested
                + " (spec.namespace) was deleted and left the pool; this deployment has no"
                + " namespace. Delete it and create it again in another namespace.");
        writeStatus(deployment, status);
        return ReconcileResult.done();
      }
      status.setPhase("Pending");
      setCondition(status, "NamespaceClaimed", "False", reasonOf(e.code()), e.getMessage());
      writeStatus(deployment, status);
      return ReconcileResult.done();
    }
  }

  private ReconcileResult bound(
      TenantDeployment deployment,
      NamespacePool pool,
      Claim claim,
      DeploymentStatus status,
      List<String> ownNamespaces) {
    String recorded = status.getNamespace();
    if (recorded != null && !recorded.equals(claim.namespace())) {
      setCondition(
          status,
          "BindingCorrected",
          "True",
          "ClaimObjectWins",
          "status said namespace "
              + recorded
              + " but the claim object of "
              + claim.namespace()
              + " names this deployment; the claim object wins");
    }
    status.setNamespace(claim.namespace());
    status.setPurgeAfter(null);
    setCondition(
        status,
        "NamespaceClaimed",
        "True",
        "Claimed",
        "namespace "
            + claim.namespace()
            + " is claimed for this deployment"
            + (claim.state() == ClaimState.DRAINING
                ? " (draining: removed from the pool, it leaves when this deployment is deleted)"
                : ""));
    removeCondition(status, "Restored");
    if (!bindExecutors(deployment, pool, claim, status, ownNamespaces)) {
      return ReconcileResult.done(); // its released claims' events requeue it
    }
    Releases.Report report = releases.ensure(deployment, pool, claim.namespace(), status);
    status.setPhase(report.phase());
    setCondition(status, "Installed", report.conditionStatus(), report.reason(), report.message());
    writeStatus(deployment, status);
    return ReconcileResult.dueAt(report.retryAt(), clock);
  }

  /**
   * Holds every executor namespace the deployment asks for, each with its bindings, or none: when
   * one cannot be had, every claim of the deployment is released (its own namespace too) and it
   * waits, Pending. Returns whether the deployment is fully bound.
   *
   * @param ownNamespaces the pool's own namespaces (its membership): the only ones a new executor
   *     claim may take. Claims already held are looked for more widely (the pool's list and status,
   *     the deployment's status), so that one made before a crash is found, and released, even if
   *     its namespace left the pool meanwhile.
   */
  private boolean bindExecutors(
      TenantDeployment deployment,
      NamespacePool pool,
      Claim claim,
      DeploymentStatus status,
      List<String> ownNamespaces) {
    int wanted = deployment.getSpec().executorNamespacesWanted();
    if (wanted == 0) {
      status.setExecutorNamespaces(List.of());
      return true;
    }
    String poolName = pool.getMetadata().getName();
    List<String> candidates = candidates(deployment, pool);
    try {
      List<String> namespaces =
          executors.ensure(
              deployment, poolName, claim.namespace(), candidates, ownNamespaces, wanted);
      // Bound once, when a namespace first shows up here: a pass that finds it in the stored
      // status (written only after its grant succeeded) sends nothing, so workload events do
      // not cost three writes per executor namespace each.
      List<String> recorded =
          deployment.getStatus() == null
              ? List.of()
              : deployment.getStatus().getExecutorNamespaces();
      for (String executor : namespaces) {
        if (!recorded.contains(executor)) {
          executors.grant(executor, claim.namespace(), deployment.getMetadata().getName());
        }
      }
      status.setExecutorNamespaces(List.copyOf(namespaces));
      return true;
    } catch (io.nspool.claim.ClaimConflictException e) {
      return false; // the claim's event brings this deployment back with the new state
    } catch (NspoolException | IllegalTransitionException e) {
      log.info(
          "TenantDeployment({}) cannot have its {} executor namespace(s): {}; releasing its claims",
          key(deployment),
          wanted,
          e.getMessage());
      String why = "executor namespaces of " + key(deployment) + " not available: all or none";
      executors.releaseAll(deployment, poolName, candidates, why);
      cache
          .get(claim.namespace())
          .filter(s -> s.claim().state() == ClaimState.CLAIMED)
          .ifPresent(
              s ->
                  transitions.apply(
                      poolName,
                      s,
                      c -> NamespaceStateMachine.releaseHard(c, clock.instant()),
                      why));
      status.setNamespace(null);
      status.setExecutorNamespaces(List.of());
      status.setPhase("Pending");
      setCondition(
          status,
          "NamespaceClaimed",
          "False",
          e instanceof NspoolException n ? reasonOf(n.code()) : "ClaimFailed",
          "the deployment needs its own namespace and "
              + wanted
              + " executor namespace(s), all together or none: "
              + e.getMessage());
      writeStatus(deployment, status);
      return false;
    }
  }

  private void retain(
      TenantDeployment deployment,
      NamespacePool pool,
      Optional<StoredClaim> held,
      DeploymentStatus status) {
    if (pool.getSpec().isHardDelete()) {
      log.info("TenantDeployment({}) retained on a hardDelete pool: deleting it", key(deployment));
      client.resource(deployment).delete();
      return;
    }
    if (held.isEmpty()) {
      // Nothing (left) to retain: never claimed, or the retention ran out and the namespace was
      // purged. The deployment ends here.
      log.info("TenantDeployment({}) has nothing to retain: deleting it", key(deployment));
      client.resource(deployment).delete();
      return;
    }
    StoredClaim current = held.get();
    if (current.claim().state() == ClaimState.CLAIMED
        || current.claim().state() == ClaimState.DRAINING) {
      if (!releases.remove(deployment, current.namespace(), status)) {
        uninstalling(deployment, status, "soft delete");
        return;
      }
      Duration retention = Retention.parse(pool.getSpec().getRetention());
      Optional<StoredClaim> released =
          transitions.apply(
              pool.getMetadata().getName(),
              current,
              c -> NamespaceStateMachine.releaseSoft(c, retention, clock.instant()),
              "soft-deleted; retained for " + Retention.format(retention));
      if (released.isEmpty()) {
        return;
      }
      CrashPoints.reach(CrashPoint.RETAIN_AFTER_LEASE_WRITE);
      current = released.get();
    }
    if (current.claim().state() == ClaimState.RETAINED) {
      executors.retain(
          deployment,
          pool.getMetadata().getName(),
          candidates(deployment, pool),
          Duration.between(clock.instant(), current.claim().purgeAfter()).isNegative()
              ? Duration.ofSeconds(1)
              : Duration.between(clock.instant(), current.claim().purgeAfter()));
      status.setPhase("Retained");
      status.setNamespace(current.namespace());
      status.setPurgeAfter(current.claim().purgeAfter().toString());
      setCondition(
          status,
          "NamespaceClaimed",
          "True",
          "Retained",
          "namespace "
              + current.namespace()
              + " keeps this deployment's data until "
              + current.claim().purgeAfter()
              + "; set spec.retained=false before then to restore");
      writeStatus(deployment, status);
    }
  }

  private void finalizeDeletion(TenantDeployment deployment, NamespacePool pool) {
    if (!deployment.getMetadata().getFinalizers().contains(FINALIZER)) {
      return;
    }
    String poolName = pool != null ? pool.getMetadata().getName() : deployment.getSpec().getPool();
    Optional<StoredClaim> held = heldClaim(deployment, pool);
    if (held.isPresent()) {
      ClaimState state = held.get().claim().state();
      DeploymentStatus status = copyOf(deployment.getStatus());
      if (state != ClaimState.RETAINED
          && !releases.remove(deployment, held.get().namespace(), status)) {
        uninstalling(deployment, status, "delete");
        return;
      }
      if (!executors.releaseAll(
          deployment,
          poolName,
          candidates(deployment, pool),
          "deployment " + key(deployment) + " deleted")) {
        return; // lost a race: try again on the next pass
      }
      Optional<StoredClaim> released =
          transitions.apply(
              poolName,
              held.get(),
              c ->
                  state == ClaimState.RETAINED
                      ? NamespaceStateMachine.orphaned(c, clock.instant())
                      : NamespaceStateMachine.releaseHard(c, clock.instant()),
              "deployment " + key(deployment) + " deleted");
      if (released.isEmpty()) {
        return; // lost a race: try again on the next pass, the finalizer keeps the object
      }
      CrashPoints.reach(CrashPoint.RELEASE_BEFORE_FINALIZER);
    } else if (!executors.releaseAll(
        deployment,
        poolName,
        candidates(deployment, pool),
        "deployment " + key(deployment) + " deleted")) {
      return;
    }
    client
        .resource(deployment)
        .edit(
            d -> {
              d.getMetadata().getFinalizers().remove(FINALIZER);
              return d;
            });
  }

  private void uninstalling(TenantDeployment deployment, DeploymentStatus status, String why) {
    status.setPhase("Deleting");
    setCondition(
        status,
        "Installed",
        "Unknown",
        "Uninstalling",
        "uninstalling Helm release " + deployment.getMetadata().getName() + " before the " + why);
    writeStatus(deployment, status);
  }

  /** The claim (claimed, draining or retained) of this deployment's own namespace, if any. */
  private Optional<StoredClaim> heldClaim(TenantDeployment deployment, NamespacePool pool) {
    String uid = uid(deployment);
    for (String namespace : candidates(deployment, pool)) {
      Optional<StoredClaim> stored = cache.get(namespace);
      if (stored.isPresent()
          && uid.equals(stored.get().claim().holderUid())
          && !stored.get().claim().executor()
          && stored.get().claim().state() != ClaimState.CLEANING) {
        return stored;
      }
    }
    return Optional.empty();
  }

  /** Every namespace a claim of this deployment may be in: its status' and its pool's. */
  private static List<String> candidates(TenantDeployment deployment, NamespacePool pool) {
    Set<String> candidates = new LinkedHashSet<>();
    if (deployment.getStatus() != null && deployment.getStatus().getNamespace() != null) {
      candidates.add(deployment.getStatus().getNamespace());
    }
    if (deployment.getStatus() != null) {
      candidates.addAll(deployment.getStatus().getExecutorNamespaces());
    }
    if (pool != null) {
      candidates.addAll(pool.getSpec().getNamespaces());
      pool.getStatus().getNamespaces().stream()
          .map(PoolNamespace::getName)
          .forEach(candidates::add);
    }
    return List.copyOf(candidates);
  }

  private Claimer.Request request(
      TenantDeployment deployment, NamespacePool pool, List<String> ownNamespaces) {
    String requested = deployment.getSpec().getNamespace();
    return new Claimer.Request(
        pool.getMetadata().getName(),
        ownNamespaces,
        uid(deployment),
        key(deployment),
        requested == null || requested.isBlank() ? null : requested);
  }

  /**
   * The claim object as stored now; empty when nspool may no longer read it (a deleted namespace
   * takes nspool's RoleBinding with it) or it is gone.
   */
  private Optional<StoredClaim> readClaim(String namespace) {
    try {
      return transitions.store().read(namespace);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Whether the namespace is gone or being deleted. nspool may get a Namespace only where it holds
   * a Role (or cluster-wide, in dynamic mode); a forbidden get is not proof, so it says no.
   */
  private boolean namespaceDeleted(String namespace) {
    try {
      var ns = client.namespaces().withName(namespace).get();
      return ns == null || ns.getMetadata().getDeletionTimestamp() != null;
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  private String describe(String namespace) {
    return cache
        .get(namespace)
        .map(
            s ->
                s.claim().state().wireName()
                    + (s.claim().deploymentName() != null
                        ? " for " + s.claim().deploymentName()
                        : ""))
        .orElse("unknown");
  }

  private void writeStatus(TenantDeployment deployment, DeploymentStatus status) {
    status.setObservedGeneration(deployment.getMetadata().getGeneration());
    if (StatusValues.same(deployment.getStatus(), status)) {
      return;
    }
    CrashPoints.reach(CrashPoint.DEPLOYMENT_BEFORE_STATUS_WRITE);
    TenantDeployment copy = new TenantDeployment();
    copy.setMetadata(deployment.getMetadata());
    copy.setSpec(deployment.getSpec());
    copy.setStatus(status);
    try {
      client.resource(copy).updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 && e.getCode() != 404) {
        throw e;
      }
    }
  }

  private void setCondition(
      DeploymentStatus status, String type, String value, String reason, String message) {
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    Condition previous =
        conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String since =
        previous != null && value.equals(previous.getStatus())
            ? previous.getLastTransitionTime()
            : clock.instant().toString();
    conditions.removeIf(c -> type.equals(c.getType()));
    conditions.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message)
            .withLastTransitionTime(since)
            .build());
    status.setConditions(conditions);
  }

  private static void removeCondition(DeploymentStatus status, String type) {
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    conditions.removeIf(c -> type.equals(c.getType()));
    status.setConditions(conditions);
  }

  private static DeploymentStatus copyOf(DeploymentStatus status) {
    DeploymentStatus copy = new DeploymentStatus();
    if (status != null) {
      copy.setPhase(status.getPhase());
      copy.setNamespace(status.getNamespace());
      copy.setExecutorNamespaces(new ArrayList<>(status.getExecutorNamespaces()));
      copy.setPurgeAfter(status.getPurgeAfter());
      copy.setObservedGeneration(status.getObservedGeneration());
      copy.setConditions(new ArrayList<>(status.getConditions()));
      copy.setRelease(status.getRelease() == null ? null : status.getRelease().copy());
      copy.setComponents(new ArrayList<>(status.getComponents()));
    }
    return copy;
  }

  private static String reasonOf(String code) {
    return switch (code) {
      case "pool_exhausted" -> "PoolExhausted";
      case "namespace_unavailable" -> "NamespaceUnavailable";
      default -> "ClaimFailed";
    };
  }

  static String uid(TenantDeployment deployment) {
    return deployment.getMetadata().getUid();
  }

  static String key(TenantDeployment deployment) {
    return deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
  }
}
