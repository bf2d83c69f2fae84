package io.nspool.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.nspool.claim.ClaimAudit;
import io.nspool.claim.ClaimCache;
import io.nspool.claim.ClaimStore;
import io.nspool.claim.ClaimTransitions;
import io.nspool.claim.Claimer;
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
 * and on every pool namespace's claim object feed one work queue, drained by one thread (reconciles
 * never race each other); scrubs run on their own small pool. A periodic resync catches what no
 * event announces, such as an expired retention.
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
  private static final long CONFLICT_RETRY_MS = 200;

  private final KubernetesClient client;
  private final ControllerConfig config;
  private final Clock clock;
  private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final Set<String> queued = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final ClaimAudit audit;
  private final ClaimCache cache;
  private final PullSecrets pullSecrets;
  private final ClaimTransitions transitions;
  private final Claimer claimer;
  private final PoolReconciler pools;
  private final DeploymentReconciler deployments;
  private final ExecutorService scrubs = Executors.newFixedThreadPool(2, daemon("nspool-scrub"));
  private final ExecutorService helm = Executors.newFixedThreadPool(2, daemon("nspool-helm"));
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
    this.audit = new ClaimAudit(client, config.controlNamespace(), clock);
    this.cache = new ClaimCache(client, this::claimChanged);
    this.transitions = new ClaimTransitions(new ClaimStore(client), audit);
    this.claimer = new Claimer(cache, transitions, clock);
    this.pullSecrets =
        new PullSecrets(
            client, config.controlNamespace(), this::pullSecretChanged, this::copyChanged);
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
            new PoolReconciler.Timing(config.orphanGrace(), config.quarantineRetry()),
            pool -> enqueue(POOL + pool),
            pullSecrets);
    this.deployments =
        DeploymentReconciler.create(
            client,
            cache,
            transitions,
            claimer,
            clock,
            helm,
            config.releaseRetry(),
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
            .inform(handler(DEPLOYMENT), 0);
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

  private void startLeading() {
    leading = true;
    Thread worker = new Thread(this::work, "nspool-reconcile");
    worker.setDaemon(true);
    worker.start();
    enqueueAll();
  }

  /**
   * Lost the Lease (it could not be renewed in time): stop reconciling at once, forget the queue,
   * and campaign again, so a replica cut off from the API server for a while rejoins as a follower
   * instead of staying idle.
   */
  private void stopLeading() {
    leading = false;
    queue.clear();
    queued.clear();
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
    Set<String> listed = new java.util.HashSet<>();
    for (NamespacePool pool : poolInformer.getStore().list()) {
      listed.addAll(pool.getSpec().getNamespaces());
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

  /** A copy changed (deleted, edited): the pool listing the namespace puts it back. */
  private void copyChanged(String namespace) {
    if (poolInformer == null) {
      return;
    }
    poolInformer.getStore().list().stream()
        .filter(p -> p.getSpec().getNamespaces().contains(namespace))
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
        enqueue(prefix + o.getMetadata().getName());
        if (POOL.equals(prefix) && !leading && poolInformer != null) {
          syncClaimWatches(); // the leader's pool reconciler does it as it reconciles
        }
      }

      @Override
      public void onDelete(io.fabric8.kubernetes.api.model.HasMetadata o, boolean unknown) {
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
   * A claim object changed: only the pool that lists the namespace and that pool's deployments can
   * be affected (a freed namespace may let a pending deployment claim), not every object.
   */
  private void claimChanged(String namespace) {
    if (poolInformer == null || deploymentInformer == null) {
      return;
    }
    Set<String> pools = new java.util.HashSet<>();
    for (NamespacePool pool : poolInformer.getStore().list()) {
      boolean lists =
          pool.getSpec().getNamespaces().contains(namespace)
              || (pool.getStatus() != null
                  && pool.getStatus().getNamespaces().stream()
                      .anyMatch(n -> namespace.equals(n.getName())));
      if (lists) {
        pools.add(pool.getMetadata().getName());
        enqueue(POOL + pool.getMetadata().getName());
      }
    }
    deploymentInformer.getStore().list().stream()
        .filter(d -> pools.contains(d.getSpec().getPool()))
        .forEach(d -> enqueue(DEPLOYMENT + d.getMetadata().getName()));
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
    if (leading && queued.add(key)) {
      queue.add(key);
    }
  }

  private void work() {
    while (running && leading) {
      String key;
      try {
        key = queue.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (key == null) {
        continue;
      }
      queued.remove(key);
      try {
        if (key.startsWith(POOL)) {
          reconcilePool(key.substring(POOL.length()));
        } else {
          reconcileDeployment(key.substring(DEPLOYMENT.length()));
        }
      } catch (RuntimeException e) {
        if (e instanceof io.fabric8.kubernetes.client.KubernetesClientException kce
            && kce.getCode() == 409) {
          // Lost an optimistic-concurrency race (a user or the API wrote the same object): not
          // an error; read the newer version and do it again in a moment.
          log.debug("reconcile of {} met a newer version, again in a moment", key);
          try {
            ticker.schedule(() -> enqueue(key), CONFLICT_RETRY_MS, TimeUnit.MILLISECONDS);
          } catch (java.util.concurrent.RejectedExecutionException stopping) {
            return; // closed meanwhile
          }
          continue;
        }
        log.warn("reconcile of {} failed, will retry on the next resync: {}", key, e.toString());
        reconcileErrors.accept(key.startsWith(POOL) ? "pool" : "deployment");
      }
    }
  }

  private void reconcilePool(String name) {
    NamespacePool pool = poolInformer.getStore().getByKey(config.controlNamespace() + "/" + name);
    if (pool == null) {
      return;
    }
    java.util.Map<String, String> deploymentPools = new java.util.HashMap<>();
    for (TenantDeployment d : deploymentInformer.getStore().list()) {
      deploymentPools.put(
          d.getMetadata().getUid(), d.getSpec() == null ? "" : d.getSpec().getPool());
    }
    pools.reconcile(pool, deploymentPools, membership());
  }

  private void reconcileDeployment(String name) {
    TenantDeployment deployment =
        deploymentInformer.getStore().getByKey(config.controlNamespace() + "/" + name);
    if (deployment == null) {
      return;
    }
    NamespacePool pool =
        poolInformer
            .getStore()
            .getByKey(config.controlNamespace() + "/" + deployment.getSpec().getPool());
    deployments.reconcile(deployment, pool, membership());
  }

  /** Which pool owns each namespace, from the pools as the informer has them now. */
  public PoolMembership membership() {
    return PoolMembership.of(poolInformer.getStore().list());
  }

  @Override
  public void close() {
    running = false;
    leadership.close();
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
    pullSecrets.close();
    audit.close();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
