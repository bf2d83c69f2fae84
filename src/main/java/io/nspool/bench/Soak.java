package io.nspool.bench;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.nspool.deploy.TenantDeployment;
import io.nspool.pool.NamespacePool;
import io.nspool.verify.Report;
import io.nspool.verify.Verifier;
import io.nspool.verify.Violation;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak (not CI): several {@code nspool server} replicas on one control namespace, continuous
 * create and hard-delete traffic through their REST APIs (each call to a random live replica), and
 * the leader killed with SIGKILL at random moments and replaced by a new replica. At the end it
 * waits for quiet and runs {@code nspool verify}'s checks; any violation fails it.
 */
public final class Soak {
  private final BenchCluster cluster;
  private final PrintStream out;
  private final Duration duration;
  private final int replicaCount;
  private final int poolSize;
  private final int clients;
  private final Duration killEvery;
  private final long seed;

  private final List<ServerReplica> replicas = new CopyOnWriteArrayList<>();
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final List<String> faults = new CopyOnWriteArrayList<>();
  private final AtomicInteger names = new AtomicInteger();
  private final AtomicInteger replicaNames = new AtomicInteger();

  public Soak(
      BenchCluster cluster,
      PrintStream out,
      Duration duration,
      int replicas,
      int poolSize,
      int clients,
      Duration killEvery,
      long seed) {
    this.cluster = cluster;
    this.out = out;
    this.duration = duration;
    this.replicaCount = replicas;
    this.poolSize = poolSize;
    this.clients = clients;
    this.killEvery = killEvery;
    this.seed = seed;
  }

  /** Returns the number of violations {@code nspool verify} found at the end. */
  public int run() throws Exception {
    out.printf(
        "soak: seed %d, %s, %d replicas, pool of %d, %d clients, a leader kill every ~%s%n",
        seed, duration, replicaCount, poolSize, clients, killEvery);
    BenchCluster.Install install = cluster.install("soak", poolSize, cluster.minimalChart());
    NspoolApi api = new NspoolApi(cluster.adminToken(install, "soak"));
    Random chaos = new Random(seed);
    ExecutorService traffic = Executors.newFixedThreadPool(clients);
    try {
      for (int i = 0; i < replicaCount; i++) {
        replicas.add(newReplica(install));
      }
      for (ServerReplica r : replicas) {
        r.awaitReady(Duration.ofMinutes(6));
      }
      cluster.awaitFree(install, poolSize, Duration.ofMinutes(3));
      long end = System.nanoTime() + duration.toNanos();
      List<String> live = new CopyOnWriteArrayList<>();
      for (int c = 0; c < clients; c++) {
        Random random = new Random(seed * 31 + c);
        traffic.submit(() -> traffic(api, install, live, random, end));
      }
      while (System.nanoTime() < end) {
        long waitMs = (long) (killEvery.toMillis() * (0.5 + chaos.nextDouble()));
        Thread.sleep(Math.min(waitMs, Math.max(0, (end - System.nanoTime()) / 1_000_000)));
        if (System.nanoTime() >= end) {
          break;
        }
        killLeader(install, chaos);
      }
      traffic.shutdown();
      traffic.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
      out.println(
          "traffic stopped; waiting for quiet (no namespace cleaning, every deployment bound)");
      boolean quiet = awaitQuiet(install, Duration.ofMinutes(3));
      Report report =
          new Verifier(
                  cluster.admin(),
                  install.controlNamespace(),
                  "nspool",
                  Verifier.DEFAULT_GRACE,
                  Clock.systemUTC())
              .verify();
      print(install, quiet, report);
      return report.violations().size();
    } finally {
      traffic.shutdownNow();
      replicas.forEach(ServerReplica::close);
    }
  }

  private ServerReplica newReplica(BenchCluster.Install install) {
    return cluster.startServer(install, "soak-replica-" + replicaNames.incrementAndGet());
  }

  private void traffic(
      NspoolApi api, BenchCluster.Install install, List<String> live, Random random, long end) {
    while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
      List<ServerReplica> up = replicas.stream().filter(ServerReplica::alive).toList();
      if (up.isEmpty()) {
        sleep(100);
        continue;
      }
      ServerReplica target = up.get(random.nextInt(up.size()));
      boolean create = live.isEmpty() || random.nextInt(100) < 55;
      String op;
      try {
        if (create) {
          String name = "s" + names.incrementAndGet();
          int status = api.create(target.url(), name, install.pool());
          if (status == 201 || status == 202) {
            live.add(name);
          }
          op = "create " + status;
        } else {
          String name = live.remove(random.nextInt(live.size()));
          op = "delete " + api.deleteHard(target.url(), name);
        }
      } catch (IOException e) {
        op =
            (create ? "create" : "delete")
                + " failed (replica gone: "
                + e.getClass().getSimpleName()
                + ")";
      } catch (InterruptedException e) {
        return;
      }
      outcomes.computeIfAbsent(op, k -> new LongAdder()).increment();
      sleep(50 + random.nextInt(200));
    }
  }

  private void killLeader(BenchCluster.Install install, Random chaos) throws InterruptedException {
    Optional<String> holder = holder(install);
    Optional<ServerReplica> leader =
        replicas.stream()
            .filter(r -> r.alive() && holder.isPresent() && r.identity().equals(holder))
            .findFirst();
    if (leader.isEmpty()) {
      faults.add("no live leader to kill (Lease held by " + holder.orElse("nobody") + ")");
      return;
    }
    leader.get().kill();
    faults.add("SIGKILL leader " + holder.get() + " (pid " + leader.get().pid() + ")");
    out.printf("fault %d: SIGKILL leader pid %d%n", faults.size(), leader.get().pid());
    replicas.remove(leader.get());
    Thread.sleep(1_000 + chaos.nextInt(4_000));
    replicas.add(newReplica(install));
  }

  private Optional<String> holder(BenchCluster.Install install) {
    Lease lease =
        cluster
            .admin()
            .leases()
            .inNamespace(install.controlNamespace())
            .withName(FailoverBenchmark.LEASE)
            .get();
    return Optional.ofNullable(lease).map(l -> l.getSpec().getHolderIdentity());
  }

  private boolean awaitQuiet(BenchCluster.Install install, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int quietFor = 0;
    while (System.nanoTime() < deadline) {
      NamespacePool pool =
          cluster
              .admin()
              .resources(NamespacePool.class)
              .inNamespace(install.controlNamespace())
              .withName(install.pool())
              .get();
      List<TenantDeployment> deployments =
          cluster
              .admin()
              .resources(TenantDeployment.class)
              .inNamespace(install.controlNamespace())
              .list()
              .getItems();
      boolean settled =
          pool.getStatus() != null
              && pool.getStatus().getCleaning() == 0
              && deployments.stream()
                  .allMatch(
                      d ->
                          d.getMetadata().getDeletionTimestamp() == null
                              && d.getStatus() != null
                              && d.getStatus().getNamespace() != null);
      quietFor = settled ? quietFor + 1 : 0;
      if (quietFor >= 5) {
        return true;
      }
      Thread.sleep(1_000);
    }
    return false;
  }

  private void print(BenchCluster.Install install, boolean quiet, Report report) {
    out.println();
    out.printf("## soak: %s, %d replicas, seed %d%n%n", duration, replicaCount, seed);
    out.println("| operation (HTTP status) | count |");
    out.println("|---|---:|");
    long total = 0;
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(outcomes).entrySet()) {
      out.printf("| %s | %d |%n", e.getKey(), e.getValue().sum());
      total += e.getValue().sum();
    }
    out.printf("| **all** | %d |%n%n", total);
    out.printf("faults injected: %d%n", faults.size());
    faults.forEach(f -> out.println("- " + f));
    out.printf(
        "%nquiet reached: %s; pool free now: %d of %d%n",
        quiet ? "yes" : "NO (verify ran anyway)", cluster.free(install), poolSize);
    out.printf("nspool verify: %d violations (%s)%n", report.violations().size(), report.summary());
    for (Violation v : report.violations()) {
      out.printf("- %s %s: %s%n", v.kind(), v.object(), v.message());
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
