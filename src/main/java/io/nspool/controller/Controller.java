package io.nspool.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.nspool.claim.ClaimAudit;
import io.nspool.claim.ClaimCache;
import io.nspool.claim.ClaimStore;
import io.nspool.claim.ClaimTransitions;
import io.nspool.claim.Claimer;
import io.nspool.claim.NamespaceStateMachine;
import io.nspool.deploy.DeploymentReconciler;
import io.nspool.deploy.TenantDeployment;
import io.nspool.pool.Handover;
import io.nspool.pool.NamespaceHealth;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolMembership;
import io.nspool.pool.PoolReconciler;
import io.nspool.pool.PullSecrets;
import io.nspool.pool.Scrubber;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the reconcilers: informers on NamespacePools and TenantDeployments in the control namespace
 * and on every pool namespace's claim object feed one {@link WorkQueue}, drained by a few {@link
 * Workers} (different keys in parallel, one key never twice at once). Each reconcile returns a
 * {@link ReconcileResult} that says when its key comes back: timed work (retention, grace periods,
 * health re-checks, Helm retries) is scheduled for when it is due, failures back off per key, and
 * the periodic resync is only a safety net. Scrubs and Helm operations run on their own threads, so
 * a scrub or a hook waiting for minutes holds no reconcile worker. See docs/architecture.md.
 *
 * <p>Several replicas may run: every one keeps the caches warm (the API reads them), and only the
 * holder of the leader Lease ({@link Leadership}) reconciles. A replica that loses the Lease stops
 * reconciling at once and reports it through {@link #onLeadershipLost}; its in-memory state
 * (in-flight Helm operations, last applied revisions) is not carried over, the next leader rebuilds
 * what it needs from the cluster.
 */
public final class Controller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Controller.class);
  private static final String POOL = "pool/";
  private static final String DEPLOYMENT = "deployment/";
  private static final String BY_UID = "uid";

  private final KubernetesClient client;
  private final ControllerConfig config;
  private final Clock clock;

  /** The queue of the current leadership term; a shut-down one while this replica follows. */
  private volatile WorkQueue queue = stoppedQueue();

  private final DeploymentWaits waits = new DeploymentWaits();
  private final ClaimHolders holders = new ClaimHolders();
  private final java.util.concurrent.atomic.LongAdder reconciles =
      new java.util.concurrent.atomic.LongAdder();
  private final ClaimAudit audit;
  private final ClaimCache cache;
  private final PullSecrets pullSecrets;
  private final NamespaceWatches namespaceWatches;
  private final ClaimTransitions transitions;
  private final Claimer claimer;
  private final PoolReconciler pools;
  private final DeploymentReconciler deployments;
  private final ExecutorService scrubs = Executors.newFixedThreadPool(2, daemon("nspool-scrub"));
  private final ExecutorService helm;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(daemon("nspool-resync"));
  private SharedIndexInformer<NamespacePool> poolInformer;
  private SharedIndexInformer<TenantDeployment> deploymentInformer;
  private final Leadership leadership = new Leadership();
  private volatile boolean running;
  private volatile boolean leading;
  private volatile java.util.function.Consumer<String> reconcileErrors = key -> {};
  private volatile Runnable leadershipLost = () -> {};

  public Controller(
      KubernetesClient client, ControllerConfig config, Scrubber scrubber, Clock clock) {
    this.client = client;
    this.config = config;
    this.clock = clock;
    this.helm = helmExecutor(config.helmConcurrency());
    this.audit = new ClaimAudit(client, config.controlNamespace(), clock);
    this.cache = new ClaimCache(client, this::claimChanged);
    this.transitions = new ClaimTransitions(new ClaimStore(client), audit);
    this.claimer = new Claimer(cache, transitions, clock);
    this.pullSecrets =
        new PullSecrets(
            client, config.controlNamespace(), this::pullSecretChanged, this::copyChanged);
    this.namespaceWatches =
        new NamespaceWatches(client, config.controlNamespace(), this::labelledChanged);
    if (scrubber instanceof Handover handover) {
      handover.keepPullSecrets(pullSecrets);
    }
    this.pools =
        new PoolReconciler(
            client,
            cache,
            transitions,
            new NamespaceHealth(client, clock, config.healthMaxAge()),
            scrubber,
            scrubs,
            clock,
            new PoolReconciler.Timing(
                config.orphanGrace(),
                io.nspool.claim.QuarantineBackoff.cappedAt(config.quarantineRetry())),
            pool -> enqueue(POOL + pool),
            pullSecrets,
            new io.nspool.pool.DynamicAccess(
                client, config.controlNamespace(), config.identity().name()));
    this.deployments =
        DeploymentReconciler.create(
            client,
            config.controlNamespace(),
            cache,
            transitions,
            claimer,
            clock,
            helm,
            config.releaseRetry(),
            config.chartCache(),
            name -> enqueue(DEPLOYMENT + name));
  }

  /** Starts the informers (waiting for their first list) and the reconcile loop. */
  public Controller start() {
    running = true;
    poolInformer =
        client
            .resources(NamespacePool.class)
            .inNamespace(config.controlNamespace())
            .inform(handler(POOL), 0);
    deploymentInformer =
        client
            .resources(TenantDeployment.class)
            .inNamespace(config.controlNamespace())
            .runnableInformer(0);
    deploymentInformer.addIndexers(
        java.util.Map.of(BY_UID, d -> List.of(String.valueOf(d.getMetadata().getUid()))));
    deploymentInformer.addEventHandler(handler(DEPLOYMENT));
    deploymentInformer.run(); // returns once the first list is in
    syncClaimWatches();
    long resync = config.resync().toMillis();
    ticker.scheduleWithFixedDelay(this::resync, resync, resync, TimeUnit.MILLISECONDS);
    campaign();
    log.info(
        "controller started in namespace {} as {} (replica {})",
        config.controlNamespace(),
        config.identity().username(),
        leadership.identity());
    return this;
  }

  /** Whether this replica holds the leader Lease and reconciles. */
  public boolean isLeader() {
    return leading;
  }

  /** Called each time this replica loses the leader Lease (a metric, a test). */
  public void onLeadershipLost(Runnable listener) {
    this.leadershipLost = listener;
  }

  /**
   * Took the Lease: a fresh queue and its workers, and every pool and deployment enqueued, which is
   * how what this replica did not do itself (claims, pending releases, scrubs) is picked up: each
   * reconcile reads it from the cluster.
   */
  private synchronized void startLeading() {
    WorkQueue fresh = new WorkQueue(config.queue());
    new Workers(fresh, this::reconcile, this::failed).start(config.workers(), "nspool-reconcile");
    queue = fresh;
    leading = true;
    enqueueAll();
  }

  private void failed(String key) {
    reconcileErrors.accept(key.startsWith(POOL) ? "pool" : "deployment");
  }

  /**
   * Lost the Lease (it could not be renewed in time): stop reconciling at once, forget the queue,
   * and campaign again, so a replica cut off from the API server for a while rejoins as a follower
   * instead of staying idle.
   */
  private void stopLeading() {
    synchronized (this) {
      leading = false;
      queue.shutDown(); // its workers stop after the reconciles in progress
    }
    leadershipLost.run();
    if (running) {
      campaign();
    }
  }

  private void campaign() {
    leadership.start(
        client,
        config.controlNamespace(),
        config.leaderElection(),
        this::startLeading,
        this::stopLeading);
  }

  /** The safety net on every replica: claim watches follow the pools; the leader requeues all. */
  private void resync() {
    syncClaimWatches();
    enqueueAll();
  }

  /**
   * Every replica watches the claim object of every namespace a pool lists or still reports, so the
   * API of a replica that does not lead answers from a warm cache too.
   */
  private void syncClaimWatches() {
    // In the pools' order, the order their reconciler reaches the namespaces in: the watch of the
    // first namespace it joins is among the first started, not at a random place of thousands.
    Set<String> listed = new java.util.LinkedHashSet<>();
    namespaceWatches.follow(poolInformer.getStore().list());
    PoolMembership membership = membership();
    for (NamespacePool pool : poolInformer.getStore().list()) {
      listed.addAll(pool.getSpec().getNamespaces());
      listed.addAll(membership.members(pool).names());
      if (pool.getStatus() != null) {
        pool.getStatus().getNamespaces().forEach(n -> listed.add(n.getName()));
      }
    }
    listed.forEach(cache::watch);
    cache.watched().stream().filter(ns -> !listed.contains(ns)).forEach(cache::unwatch);
    pullSecrets.retainSources(
        poolInformer.getStore().list().stream()
            .flatMap(p -> p.getSpec().getPullSecrets().stream())
            .collect(Collectors.toSet()));
  }

  /** A source pull secret changed: every pool naming it puts its copies in line. */
  private void pullSecretChanged(String name) {
    if (poolInformer == null) {
      return;
    }
    poolInformer.getStore().list().stream()
        .filter(p -> p.getSpec().getPullSecrets().contains(name))
        .forEach(p -> enqueue(POOL + p.getMetadata().getName()));
  }

  /** A copy changed (deleted, edited): the pool owning the namespace puts it back. */
  private void copyChanged(String namespace) {
    if (poolInformer == null) {
      return;
    }
    String owner = membership().owner(namespace);
    if (owner != null) {
      enqueue(POOL + owner);
    }
  }

  /**
   * Namespaces matching a selector were labelled, unlabelled or deleted: every pool selecting by it
   * reconciles (joins, drains, leaves); the claim watches follow the new members.
   */
  private void labelledChanged(String selector) {
    if (poolInformer == null) {
      return;
    }
    poolInformer.getStore().list().stream()
        .filter(p -> p.getSpec().isDynamic())
        .filter(p -> selector.equals(p.getSpec().getNamespaceSelector().toString()))
        .forEach(p -> enqueue(POOL + p.getMetadata().getName()));
  }

  /**
   * The handover as the pool reconciler uses it: the janitor scrubs everything but nspool's own
   * access and the claim object, then nspool's objects are reset to their desired content.
   */
  public static Scrubber janitor(KubernetesClient client, ControllerConfig config) {
    return new Handover(
        client, config.controlNamespace(), config.identity().name(), config.scrubDeadline());
  }

  /** The namespaces whose workloads are watched: those occupied by a deployment's release. */
  public Set<String> watchedWorkloadNamespaces() {
    return deployments.watchedWorkloads();
  }

  public ClaimCache claimCache() {
    return cache;
  }

  public String controlNamespace() {
    return config.controlNamespace();
  }

  public KubernetesClient client() {
    return client;
  }

  /** Whether the informers have completed their first list (what /readyz reports). */
  public boolean isSynced() {
    return poolInformer != null
        && poolInformer.hasSynced()
        && deploymentInformer != null
        && deploymentInformer.hasSynced();
  }

  public List<NamespacePool> pools() {
    return poolInformer.getStore().list();
  }

  public java.util.Optional<NamespacePool> pool(String name) {
    return java.util.Optional.ofNullable(
        poolInformer.getStore().getByKey(config.controlNamespace() + "/" + name));
  }

  public List<TenantDeployment> deployments() {
    return deploymentInformer.getStore().list();
  }

  public java.util.Optional<TenantDeployment> deployment(String name) {
    return java.util.Optional.ofNullable(
        deploymentInformer.getStore().getByKey(config.controlNamespace() + "/" + name));
  }

  /** Called with the key of every reconcile that failed (a metric). */
  public void onReconcileError(java.util.function.Consumer<String> listener) {
    this.reconcileErrors = listener;
  }

  /** The claimer, for callers (the REST API) that claim synchronously. */
  public Claimer claimer() {
    return claimer;
  }

  private ResourceEventHandler<io.fabric8.kubernetes.api.model.HasMetadata> handlerRaw(
      String prefix) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(io.fabric8.kubernetes.api.model.HasMetadata o) {
        changed(o);
      }

      @Override
      public void onUpdate(
          io.fabric8.kubernetes.api.model.HasMetadata a,
          io.fabric8.kubernetes.api.model.HasMetadata b) {
        changed(b);
      }

      private void changed(io.fabric8.kubernetes.api.model.HasMetadata o) {
        if (o instanceof TenantDeployment d) {
          waits.changed(d.getMetadata().getName(), java.util.Optional.of(d));
        }
        enqueue(prefix + o.getMetadata().getName());
        if (POOL.equals(prefix) && poolInformer != null) {
          namespaceWatches.follow(poolInformer.getStore().list());
        }
        if (POOL.equals(prefix) && !leading && poolInformer != null) {
          syncClaimWatches(); // the leader's pool reconciler does it as it reconciles
        }
      }

      @Override
      public void onDelete(io.fabric8.kubernetes.api.model.HasMetadata o, boolean unknown) {
        if (o instanceof TenantDeployment d) {
          waits.changed(d.getMetadata().getName(), java.util.Optional.empty());
        }
        enqueueAll(); // its claims may now be orphaned
      }
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> ResourceEventHandler<T> handler(
      String prefix) {
    return (ResourceEventHandler) handlerRaw(prefix);
  }

  /**
   * A claim object changed: only the pool that lists the namespace and some of that pool's
   * deployments can be affected, not every object.
   */
  private void claimChanged(String namespace) {
    if (poolInformer == null || deploymentInformer == null) {
      return;
    }
    Set<String> pools = new java.util.HashSet<>();
    String owner = membership().owner(namespace);
    for (NamespacePool pool : poolInformer.getStore().list()) {
      boolean lists =
          pool.getSpec().getNamespaces().contains(namespace)
              || pool.getMetadata().getName().equals(owner)
              || (pool.getStatus() != null
                  && pool.getStatus().getNamespaces().stream()
                      .anyMatch(n -> namespace.equals(n.getName())));
      if (lists) {
        pools.add(pool.getMetadata().getName());
        enqueue(POOL + pool.getMetadata().getName());
      }
    }
    java.util.Optional<io.nspool.claim.Claim> claim =
        cache.get(namespace).map(io.nspool.claim.StoredClaim::claim);
    String holder = claim.map(io.nspool.claim.Claim::holderUid).orElse(null);
    boolean offered = claim.map(NamespaceStateMachine::isOffered).orElse(false);
    holders.changed(namespace, claim.orElse(null));
    deploymentInformer.getStore().list().stream()
        .filter(d -> pools.contains(d.getSpec().getPool()))
        .filter(d -> concernedBy(d, namespace, holder, offered))
        .forEach(d -> enqueue(DEPLOYMENT + d.getMetadata().getName()));
    if (holder != null) {
      // The claim names its deployment "namespace/name"; its waiters know it by name.
      deploymentInformer.getIndexer().byIndex(BY_UID, holder).stream()
          .map(d -> d.getMetadata().getName())
          .forEach(name -> waits.changed(name, deployment(name)));
    }
  }

  /**
   * Which deployments of the pool a claim object's change can concern: the one whose status names
   * the namespace, the one the claim names now, and — only when the namespace is offered now
   * (freed, joined) — those without a namespace, which may claim it. Not every deployment of the
   * pool: with hundreds of them, each claim would requeue them all and a new deployment's claim
   * would wait behind those reconciles; and a namespace just claimed offers nothing to those
   * waiting (64 creates at once requeued each other 64 times over).
   */
  static boolean concernedBy(TenantDeployment d, String namespace, String holder, boolean offered) {
    String bound = d.getStatus() == null ? null : d.getStatus().getNamespace();
    return (bound == null && offered)
        || namespace.equals(bound)
        || (holder != null && holder.equals(d.getMetadata().getUid()));
  }

  private void enqueueAll() {
    if (poolInformer == null || deploymentInformer == null) {
      return;
    }
    poolInformer.getStore().list().forEach(p -> enqueue(POOL + p.getMetadata().getName()));
    List<TenantDeployment> all = deploymentInformer.getStore().list();
    all.forEach(d -> enqueue(DEPLOYMENT + d.getMetadata().getName()));
    deployments.forgetWorkloadsExcept(
        all.stream()
            .filter(d -> !d.getSpec().isRetained() && d.getStatus() != null)
            .map(d -> d.getStatus().getNamespace())
            .filter(java.util.Objects::nonNull)
            .collect(Collectors.toSet()));
  }

  private void enqueue(String key) {
    if (leading) {
      queue.add(key);
    }
  }

  /** One reconcile of a key of the queue; runs on a worker. */
  private ReconcileResult reconcile(String key) {
    if (!leading) {
      return ReconcileResult.done(); // deposed meanwhile: the next leader does it
    }
    reconciles.increment();
    return key.startsWith(POOL)
        ? reconcilePool(key.substring(POOL.length()))
        : reconcileDeployment(key.substring(DEPLOYMENT.length()));
  }

  /** How many reconciles this replica has run since it started (a metric, a test). */
  public long reconcileCount() {
    return reconciles.sum();
  }

  /** Keys waiting in the work queue, ready or held for later (a metric); 0 on a follower. */
  public int queueDepth() {
    return queue.depth();
  }

  private ReconcileResult reconcilePool(String name) {
    NamespacePool pool = poolInformer.getStore().getByKey(config.controlNamespace() + "/" + name);
    if (pool == null) {
      return ReconcileResult.done();
    }
    return pools.reconcile(pool, this::deploymentPool, membership());
  }

  private ReconcileResult reconcileDeployment(String name) {
    TenantDeployment deployment =
        deploymentInformer.getStore().getByKey(config.controlNamespace() + "/" + name);
    if (deployment == null) {
      return ReconcileResult.done();
    }
    NamespacePool pool =
        poolInformer
            .getStore()
            .getByKey(config.controlNamespace() + "/" + deployment.getSpec().getPool());
    return deployments.reconcile(deployment, pool, membership());
  }

  /** Whether the informer has a TenantDeployment of this UID now (an index lookup). */
  private boolean deploymentExists(String uid) {
    return uid != null && !deploymentInformer.getIndexer().byIndex(BY_UID, uid).isEmpty();
  }

  /** The pool ({@code spec.pool}) of the deployment of this UID, now; null when none exists. */
  private String deploymentPool(String uid) {
    if (uid == null) {
      return null;
    }
    return deploymentInformer.getIndexer().byIndex(BY_UID, uid).stream()
        .findFirst()
        .map(d -> d.getSpec() == null || d.getSpec().getPool() == null ? "" : d.getSpec().getPool())
        .orElse(null);
  }

  /** Which pool owns each namespace, from the pools as the informer has them now. */
  public PoolMembership membership() {
    return PoolMembership.of(poolInformer.getStore().list(), namespaceWatches.snapshot());
  }

  /**
   * Waits until this replica's informer shows the deployment (by UID) with a claim verdict — its
   * {@code NamespaceClaimed} condition — and returns it; empty after {@code timeout}. The verdict
   * arrives as an informer event, on the leader and on every follower alike, so the API of any
   * replica answers as soon as the leader's status write is seen, without polling.
   */
  public java.util.Optional<ClaimVerdict> awaitClaimVerdict(
      String name, String uid, java.time.Duration timeout) throws InterruptedException {
    return waits
        .await(
            name,
            d -> d.flatMap(x -> claimVerdict(x, uid)).isPresent(),
            timeout,
            () -> deployment(name))
        .flatMap(d -> claimVerdict(d, uid));
  }

  /**
   * The verdict on this deployment's claim as this replica sees it now (no waiting): every view of
   * a deployment shows the namespace its claim object names, so a read straight after a create
   * agrees with the create's answer even before the status records the namespace.
   */
  public java.util.Optional<ClaimVerdict> claimVerdict(TenantDeployment d) {
    return claimVerdict(d, d.getMetadata().getUid());
  }

  /**
   * A claim verdict: the deployment's {@code NamespaceClaimed} condition, and the namespace it
   * holds when it got one.
   */
  public record ClaimVerdict(
      io.fabric8.kubernetes.api.model.Condition condition, String namespace) {
    public boolean claimed() {
      return "True".equals(condition.getStatus());
    }
  }

  /**
   * The verdict on a deployment's claim, from whichever this replica sees first: the claim object
   * naming it (the claim object is the truth; the status records it one write later), or the
   * status's {@code NamespaceClaimed} condition (a refusal is only ever written there). A
   * deployment that asks for executor namespaces holds its own namespace only once all of them are
   * had, so its verdict is the condition alone.
   */
  private java.util.Optional<ClaimVerdict> claimVerdict(TenantDeployment d, String uid) {
    if (!uid.equals(d.getMetadata().getUid())) {
      return java.util.Optional.empty();
    }
    java.util.Optional<io.fabric8.kubernetes.api.model.Condition> condition =
        d.getStatus() == null
            ? java.util.Optional.empty()
            : d.getStatus().getConditions().stream()
                .filter(c -> "NamespaceClaimed".equals(c.getType()))
                .findFirst();
    if (condition.isPresent()) {
      return condition.map(c -> new ClaimVerdict(c, d.getStatus().getNamespace()));
    }
    if (d.getSpec().executorNamespacesWanted() > 0) {
      return java.util.Optional.empty();
    }
    return holders.namespaceOf(uid).map(this::claimed);
  }

  /** The verdict of a claim the claim object shows before the status records it. */
  private ClaimVerdict claimed(String namespace) {
    return new ClaimVerdict(
        new io.fabric8.kubernetes.api.model.ConditionBuilder()
            .withType("NamespaceClaimed")
            .withStatus("True")
            .withReason("Claimed")
            .withMessage("namespace " + namespace + " is claimed for this deployment")
            .withLastTransitionTime(clock.instant().toString())
            .build(),
        namespace);
  }

  /**
   * Claims the namespace of a deployment the API just created, in the create request, when this
   * replica leads (a follower's claim could race the leader's reconcile of the same deployment;
   * within one replica the claimer runs one claim per deployment at a time). Empty when this
   * replica does not lead or the claim is for the reconcile to decide (see {@link
   * DeploymentReconciler#claimAtCreate}): the caller then waits for the verdict.
   */
  public java.util.Optional<ClaimVerdict> claimAtCreate(TenantDeployment created) {
    if (!leading) {
      return java.util.Optional.empty();
    }
    NamespacePool pool =
        poolInformer
            .getStore()
            .getByKey(config.controlNamespace() + "/" + created.getSpec().getPool());
    return deployments
        .claimAtCreate(created, pool, membership())
        .map(
            claim -> {
              // Views read holders: a read straight after this create names the namespace too.
              holders.changed(claim.namespace(), claim);
              return claimed(claim.namespace());
            });
  }

  /** Waits until this replica's informer no longer has the deployment; false after timeout. */
  public boolean awaitDeploymentGone(String name, java.time.Duration timeout)
      throws InterruptedException {
    return waits.awaitGone(name, timeout, () -> deployment(name));
  }

  @Override
  public void close() {
    running = false;
    leadership.close();
    queue.shutDown();
    ticker.shutdownNow();
    scrubs.shutdownNow();
    helm.shutdownNow();
    deployments.close();
    if (poolInformer != null) {
      poolInformer.close();
    }
    if (deploymentInformer != null) {
      deploymentInformer.close();
    }
    cache.close();
    namespaceWatches.close();
    pullSecrets.close();
    audit.close();
  }

  private static WorkQueue stoppedQueue() {
    WorkQueue stopped = new WorkQueue(QueueLimits.DEFAULT);
    stopped.shutDown();
    return stopped;
  }

  /**
   * Helm operations: at most one per deployment at a time (ReleaseWorker), up to {@code limit} of
   * different deployments at once; threads are made as operations start and go when idle, so a few
   * hooks waiting for minutes hold their own threads, not everyone's.
   */
  private static ExecutorService helmExecutor(int limit) {
    java.util.concurrent.ThreadPoolExecutor pool =
        new java.util.concurrent.ThreadPoolExecutor(
            limit, limit, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("nspool-helm"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
