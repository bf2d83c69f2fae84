package io.nspool.bench;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What creating a deployment through nspool's REST API costs until its claim verdict (the {@code
 * 201} with its namespace), next to what creating one plain object costs on the same API server by
 * the same identity, in the same run: a Lease in the control namespace, created by nspool's
 * ServiceAccount (nspool's Role may not create ConfigMaps there, by design; a Lease is as plain).
 * Next to both, a TenantDeployment created directly and that create followed by a Lease create: the
 * two writes a claimed create cannot do without, so what nspool adds on top shows. The server is a
 * real {@code nspool server} process; the pool installs a one-ConfigMap chart, so the Helm installs
 * that follow each claim stay small next to the claims measured.
 */
public final class ApiBenchmark {
  /** The pool of the baseline's TenantDeployments: none, so no claim or install follows them. */
  private static final String NO_POOL = "bench-baseline-no-pool";

  private final BenchCluster cluster;
  private final PrintStream out;
  private final int operations;
  private final List<Integer> concurrencies;
  private final int burst;

  public ApiBenchmark(
      BenchCluster cluster,
      PrintStream out,
      int operations,
      List<Integer> concurrencies,
      int burst) {
    this.cluster = cluster;
    this.out = out;
    this.operations = operations;
    this.concurrencies = concurrencies;
    this.burst = burst;
  }

  public void run() throws Exception {
    int warmup = 16;
    int size = warmup + operations * concurrencies.size() + burst + 8;
    BenchCluster.Install install = cluster.install("api-bench", size, cluster.minimalChart());
    String token = cluster.adminToken(install, "bench");
    NspoolApi api = new NspoolApi(token);
    try (ServerReplica server = cluster.startServer(install, "api-server");
        KubernetesClient nspool = install.identity().client(cluster.admin())) {
      server.awaitReady(Duration.ofMinutes(2));
      cluster.awaitFree(install, size, Duration.ofMinutes(5));
      out.printf("nspool server ready, pool of %d free namespaces%n%n", size);
      AtomicInteger names = new AtomicInteger();
      AtomicInteger noVerdict = new AtomicInteger();
      Op create =
          () -> {
            int status = api.create(server.url(), "d" + names.incrementAndGet(), install.pool());
            if (status == 202) {
              noVerdict.incrementAndGet(); // the API's wait for the verdict ran out: timed as is
            } else if (status != 201) {
              throw new IllegalStateException(
                  "create answered " + status + "; see " + server.log());
            }
          };
      Op plain =
          () ->
              nspool
                  .leases()
                  .inNamespace(install.controlNamespace())
                  .resource(
                      new LeaseBuilder()
                          .withNewMetadata()
                          .withGenerateName("bench-")
                          .endMetadata()
                          .withNewSpec()
                          .withLeaseDurationSeconds(1)
                          .endSpec()
                          .build())
                  .create();
      // What a create through the API cannot do without: the TenantDeployment itself (a custom
      // resource, dearer to the API server than a Lease), then the claim's write of a Lease. Its
      // pool does not exist, so nspool's only work on it is one status write (PoolNotFound).
      AtomicInteger floorNames = new AtomicInteger();
      Op customResource =
          () -> {
            io.nspool.deploy.TenantDeployment d = new io.nspool.deploy.TenantDeployment();
            d.getMetadata().setName("floor-" + floorNames.incrementAndGet());
            d.getMetadata().setNamespace(install.controlNamespace());
            io.nspool.deploy.DeploymentSpec spec = new io.nspool.deploy.DeploymentSpec();
            spec.setPool(NO_POOL);
            spec.setWorkspace("bench");
            d.setSpec(spec);
            nspool.resource(d).create();
          };
      Op floor =
          () -> {
            customResource.run();
            plain.run();
          };
      // Warm-up: JIT in both JVMs, connection pools, API server caches.
      measure(create, 4, warmup);
      measure(plain, 4, warmup);
      measure(customResource, 4, warmup);

      out.println(
          "| concurrency | operation | identity | ops | p50 ms | p99 ms | ops/s | p50 vs plain create"
              + " | p99 vs plain create |");
      out.println("|---:|---|---|---:|---:|---:|---:|---:|---:|");
      for (int c : concurrencies) {
        settle(install);
        LatencyStats base = measure(plain, c, operations);
        LatencyStats custom = measure(customResource, c, operations);
        LatencyStats floorStats = measure(floor, c, operations);
        LatencyStats claimed = measure(create, c, operations);
        row(c, "plain create (Lease, Kubernetes API)", base, base);
        row(c, "plain create (TenantDeployment, Kubernetes API)", custom, base);
        row(c, "TenantDeployment create, then Lease create (the two writes)", floorStats, base);
        row(c, "deployment create until claim verdict (nspool API)", claimed, base);
      }
      out.println();
      out.printf(
          "creates answered 202 (no verdict within the API's 15 s wait; timed as answered): %d%n%n",
          noVerdict.getAndSet(0));

      settle(install);
      long[] plainBurst = burst(plain, burst);
      long[] createBurst = burst(create, burst);
      out.printf(
          "| %d concurrent, released at once | all answered ms | p50 ms | p99 ms | all answered vs"
              + " plain |%n",
          burst);
      out.println("|---|---:|---:|---:|---:|");
      burstRow("plain create (Lease)", plainBurst, plainBurst[burst]);
      burstRow("deployment create until claim verdict", createBurst, plainBurst[burst]);
      out.printf(
          "%ncreates of the burst answered 202 (no verdict within 15 s): %d%n", noVerdict.get());
    }
  }

  /**
   * Waits until the installs the previous creates started are done, so the plain creates that come
   * next are not measured against the previous round's Helm work while the creates carry only their
   * own (each create starts an install; its render is a child JVM).
   */
  private void settle(BenchCluster.Install install) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      boolean busy =
          cluster
              .admin()
              .resources(io.nspool.deploy.TenantDeployment.class)
              .inNamespace(install.controlNamespace())
              .list()
              .getItems()
              .stream()
              .filter(d -> !NO_POOL.equals(d.getSpec().getPool()))
              .anyMatch(
                  d ->
                      d.getStatus() == null
                          || d.getStatus().getPhase() == null
                          || !java.util.Set.of("Ready", "Failed", "Degraded")
                              .contains(d.getStatus().getPhase()));
      if (!busy) {
        return;
      }
      Thread.sleep(500);
    }
    out.println("(installs of the previous round still running after 3 minutes; measuring anyway)");
  }

  private void row(int c, String what, LatencyStats s, LatencyStats base) {
    out.printf(
        Locale.ROOT,
        "| %d | %s | nspool SA | %d | %.2f | %.2f | %.0f | %.2fx | %.2fx |%n",
        c,
        what,
        s.operations(),
        s.p50Millis(),
        s.p99Millis(),
        s.perSecond(),
        s.p50Millis() / base.p50Millis(),
        s.p99Millis() / base.p99Millis());
  }

  private void burstRow(String what, long[] nanos, long baseAll) {
    long[] each = java.util.Arrays.copyOf(nanos, nanos.length - 1);
    LatencyStats s = LatencyStats.of(each, nanos[nanos.length - 1]);
    out.printf(
        Locale.ROOT,
        "| %s | %.0f | %.1f | %.1f | %.2fx |%n",
        what,
        nanos[nanos.length - 1] / 1e6,
        s.p50Millis(),
        s.p99Millis(),
        (double) nanos[nanos.length - 1] / baseAll);
  }

  interface Op {
    void run() throws Exception;
  }

  /** {@code ops} operations spread over {@code concurrency} threads, each one after the other. */
  static LatencyStats measure(Op op, int concurrency, int ops) throws Exception {
    long[] nanos = new long[ops];
    AtomicInteger next = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(concurrency);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < concurrency; t++) {
        done.add(
            workers.submit(
                () -> {
                  start.await();
                  for (int i = next.getAndIncrement(); i < ops; i = next.getAndIncrement()) {
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
      return LatencyStats.of(nanos, System.nanoTime() - wall0);
    } finally {
      workers.shutdownNow();
    }
  }

  /** {@code n} operations released at once; each one's time, then the time until all were done. */
  static long[] burst(Op op, int n) throws Exception {
    long[] nanos = new long[n + 1];
    ExecutorService workers = Executors.newFixedThreadPool(n);
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        done.add(
            workers.submit(
                () -> {
                  ready.countDown();
                  start.await();
                  long t0 = System.nanoTime();
                  op.run();
                  nanos[k] = System.nanoTime() - t0;
                  return null;
                }));
      }
      ready.await();
      long t0 = System.nanoTime();
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
      nanos[n] = System.nanoTime() - t0;
      return nanos;
    } finally {
      workers.shutdownNow();
    }
  }
}
