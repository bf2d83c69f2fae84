package io.nspool.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.nspool.claim.Claim;
import io.nspool.claim.ClaimAudit;
import io.nspool.claim.ClaimCache;
import io.nspool.claim.ClaimStore;
import io.nspool.claim.ClaimTransitions;
import io.nspool.claim.Claimer;
import io.nspool.claim.NamespaceStateMachine;
import io.nspool.claim.StoredClaim;
import io.nspool.localcluster.ServiceAccountIdentity;
import io.nspool.rbac.NspoolRoles;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Measures what a claim costs against what one write costs, in the same process on the same API
 * server: a claim (pick a free namespace from the cache, one compare-and-swap of its claim object,
 * as nspool's ServiceAccount) next to a raw PATCH of a Namespace (admin, since nspool's identity
 * may not patch Namespaces by design) and a raw PATCH of a Lease by nspool's own client.
 */
public final class ClaimBenchmark {
  private final KubernetesClient admin;
  private final PrintStream out;
  private final int poolSize;
  private final int operations;
  private final List<Integer> concurrencies;
  private final String prefix = "bench";

  public ClaimBenchmark(
      KubernetesClient admin,
      PrintStream out,
      int poolSize,
      int operations,
      List<Integer> concurrencies) {
    if (operations > poolSize) {
      throw new IllegalArgumentException(
          "--claims "
              + operations
              + " exceeds --pool-size "
              + poolSize
              + "; a claim needs a free namespace");
    }
    this.admin = admin;
    this.out = out;
    this.poolSize = poolSize;
    this.operations = operations;
    this.concurrencies = concurrencies;
  }

  public void run() throws Exception {
    ServiceAccountIdentity identity = new ServiceAccountIdentity(prefix + "-system", "nspool");
    List<String> pool =
        IntStream.rangeClosed(1, poolSize)
            .mapToObj(i -> String.format("%s-ns-%04d", prefix, i))
            .toList();
    Instant setupStart = Instant.now();
    out.printf("setting up %d pool namespaces with nspool's Role and claim object...%n", poolSize);
    namespace(identity.namespace());
    identity.ensureExists(admin);
    admin.resource(NspoolRoles.controlRole(identity.namespace())).serverSideApply();
    admin
        .resource(NspoolRoles.binding(identity.namespace(), identity.namespace(), identity.name()))
        .serverSideApply();
    parallel(
        8,
        pool,
        ns -> {
          namespace(ns);
          admin.resource(NspoolRoles.poolRole(ns, List.of())).serverSideApply();
          admin
              .resource(NspoolRoles.binding(ns, identity.namespace(), identity.name()))
              .serverSideApply();
        });
    try (KubernetesClient nspool = identity.client(admin);
        ClaimAudit audit = new ClaimAudit(nspool, identity.namespace(), Clock.systemUTC());
        ClaimCache cache = new ClaimCache(nspool, ns -> {})) {
      ClaimStore store = new ClaimStore(nspool);
      parallel(
          8,
          pool,
          ns -> {
            if (store.read(ns).isEmpty()) {
              store.create(Claim.free(ns, Instant.now()));
            }
            // A second Lease to PATCH as a baseline, so the claim objects stay untouched.
            nspool
                .leases()
                .inNamespace(ns)
                .resource(
                    new LeaseBuilder()
                        .withNewMetadata()
                        .withName("bench")
                        .endMetadata()
                        .withNewSpec()
                        .withLeaseDurationSeconds(1)
                        .endSpec()
                        .build())
                .createOr(NonDeletingOperation::update);
          });
      pool.forEach(cache::watch);
      awaitAllFree(cache, store, pool);
      out.printf(
          "setup took %ds (%d claim-object watches on one client)%n%n",
          Duration.between(setupStart, Instant.now()).toSeconds(), cache.watched().size());
      Claimer claimer = new Claimer(cache, new ClaimTransitions(store, audit), Clock.systemUTC());
      ClaimAudit logOnly = new ClaimAudit(nspool, identity.namespace(), Clock.systemUTC(), false);
      Claimer claimerWithoutEvents =
          new Claimer(cache, new ClaimTransitions(store, logOnly), Clock.systemUTC());

      // Warm-up: JIT, connection pools, apiserver caches.
      measureClaims(claimer, pool, Math.min(8, concurrencies.get(0)), Math.min(operations, 64));
      reset(cache, store, pool);
      measurePatches(admin, pool, 8, 64, this::patchNamespace);

      out.println(
          "| concurrency | operation | identity | ops | p50 ms | p99 ms | ops/s"
              + " | p50 vs Namespace PATCH | p50 vs Lease PATCH |");
      out.println("|---:|---|---|---:|---:|---:|---:|---:|---:|");
      List<String> lostRaces = new ArrayList<>();
      for (int c : concurrencies) {
        LatencyStats patch = measurePatches(admin, pool, c, operations, this::patchNamespace);
        LatencyStats lease = measurePatches(nspool, pool, c, operations, this::patchLease);
        long conflictsBefore = claimer.conflicts();
        LatencyStats claim = measureClaims(claimer, pool, c, operations);
        long lost = claimer.conflicts() - conflictsBefore;
        reset(cache, store, pool);
        LatencyStats bare = measureClaims(claimerWithoutEvents, pool, c, operations);
        reset(cache, store, pool);
        row(c, "Namespace PATCH", "admin", patch, patch, lease);
        row(c, "Lease PATCH", "nspool SA", lease, patch, lease);
        row(c, "claim", "nspool SA", claim, patch, lease);
        row(c, "claim without its audit Event", "nspool SA", bare, patch, lease);
        lostRaces.add(c + ": " + lost);
      }
      out.println();
      out.println(
          "compare-and-swap races lost by claims (retried on another namespace), by concurrency: "
              + String.join(", ", lostRaces));
    }
  }

  private void row(
      int c, String what, String who, LatencyStats s, LatencyStats patch, LatencyStats lease) {
    out.printf(
        Locale.ROOT,
        "| %d | %s | %s | %d | %.2f | %.2f | %.0f | %.2fx | %.2fx |%n",
        c,
        what,
        who,
        s.operations(),
        s.p50Millis(),
        s.p99Millis(),
        s.perSecond(),
        s.p50Millis() / patch.p50Millis(),
        s.p50Millis() / lease.p50Millis());
  }

  private LatencyStats measureClaims(Claimer claimer, List<String> pool, int concurrency, int count)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    return measure(
        concurrency,
        count,
        () -> {
          int i = next.incrementAndGet();
          claimer.claim(
              new Claimer.Request(
                  "bench", pool, "uid-" + System.nanoTime() + "-" + i, "bench/d" + i, null));
        });
  }

  private interface Patch {
    void apply(KubernetesClient client, String namespace, int i);
  }

  private LatencyStats measurePatches(
      KubernetesClient client, List<String> pool, int concurrency, int count, Patch patch)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    return measure(
        concurrency,
        count,
        () -> {
          int i = next.getAndIncrement();
          patch.apply(client, pool.get(i % pool.size()), i);
        });
  }

  private void patchNamespace(KubernetesClient client, String namespace, int i) {
    client
        .namespaces()
        .withName(namespace)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"bench.nspool.io/n\":\"" + i + "\"}}}");
  }

  private void patchLease(KubernetesClient client, String namespace, int i) {
    client
        .leases()
        .inNamespace(namespace)
        .withName("bench")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"leaseDurationSeconds\":" + (1 + i % 1000) + "}}");
  }

  private interface Op {
    void run() throws Exception;
  }

  private static LatencyStats measure(int concurrency, int count, Op op) throws Exception {
    long[] nanos = new long[count];
    AtomicInteger slot = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService workers = Executors.newFixedThreadPool(concurrency);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      done.add(
          workers.submit(
              () -> {
                start.await();
                for (int i; (i = slot.getAndIncrement()) < count; ) {
                  long t0 = System.nanoTime();
                  op.run();
                  nanos[i] = System.nanoTime() - t0;
                }
                return null;
              }));
    }
    long wall0 = System.nanoTime();
    start.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    long wall = System.nanoTime() - wall0;
    workers.shutdown();
    return LatencyStats.of(nanos, wall);
  }

  /** Frees every claim again (not timed) and waits until the cache shows it. */
  private void reset(ClaimCache cache, ClaimStore store, List<String> pool) throws Exception {
    parallel(
        8,
        pool,
        ns -> {
          StoredClaim s = store.read(ns).orElseThrow();
          if (!NamespaceStateMachine.isOffered(s.claim())) {
            store.replace(s, Claim.free(ns, Instant.now()));
          }
        });
    awaitAllFree(cache, store, pool);
  }

  private static void awaitAllFree(ClaimCache cache, ClaimStore store, List<String> pool)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(120);
    while (!pool.stream()
        .allMatch(
            ns ->
                cache.get(ns).map(s -> NamespaceStateMachine.isOffered(s.claim())).orElse(false))) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "claim cache did not show every namespace free within 120s");
      }
      Thread.sleep(100);
    }
  }

  private void namespace(String name) {
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  private interface NamespaceTask {
    void run(String namespace) throws Exception;
  }

  private static void parallel(int threads, List<String> items, NamespaceTask task)
      throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (String item : items) {
      done.add(
          workers.submit(
              () -> {
                task.run(item);
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    workers.shutdown();
  }
}
