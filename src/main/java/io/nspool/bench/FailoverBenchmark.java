package io.nspool.bench;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.nspool.deploy.DeploymentSpec;
import io.nspool.deploy.TenantDeployment;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Leader failover between two real {@code nspool server} processes: SIGKILL the leader (it cannot
 * release its Lease), create a TenantDeployment at that moment, and time until the other replica
 * holds the leader Lease and until its first reconcile has claimed a namespace for that deployment.
 */
public final class FailoverBenchmark {
  static final String LEASE = "nspool-leader";

  private final BenchCluster cluster;
  private final PrintStream out;
  private final int rounds;

  public FailoverBenchmark(BenchCluster cluster, PrintStream out, int rounds) {
    this.cluster = cluster;
    this.out = out;
    this.rounds = rounds;
  }

  public void run() throws Exception {
    BenchCluster.Install install = cluster.install("failover", rounds + 4, cluster.minimalChart());
    List<ServerReplica> replicas = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    try {
      replicas.add(cluster.startServer(install, "failover-a"));
      replicas.add(cluster.startServer(install, "failover-b"));
      for (ServerReplica r : replicas) {
        r.awaitReady(Duration.ofMinutes(6));
      }
      cluster.awaitFree(install, rounds + 4, Duration.ofMinutes(2));
      for (int round = 1; round <= rounds; round++) {
        Thread.sleep(3_000); // steady state: the follower's caches warm, the leader renewing
        String holder = holder(install).orElseThrow();
        ServerReplica leader =
            replicas.stream()
                .filter(r -> r.identity().map(holder::equals).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no replica holds " + holder));
        long killed = System.nanoTime();
        leader.kill();
        String name = "failover-" + round;
        create(install, name);
        long leaseTaken = 0;
        long reconciled = 0;
        while (leaseTaken == 0 || reconciled == 0) {
          if (System.nanoTime() - killed > Duration.ofMinutes(2).toNanos()) {
            throw new IllegalStateException("no failover within 2 minutes");
          }
          if (leaseTaken == 0 && holder(install).filter(h -> !h.equals(holder)).isPresent()) {
            leaseTaken = System.nanoTime();
          }
          if (reconciled == 0 && claimed(install, name)) {
            reconciled = System.nanoTime();
          }
          Thread.sleep(20);
        }
        String row =
            String.format(
                Locale.ROOT,
                "| %d | %.2f | %.2f |",
                round,
                (leaseTaken - killed) / 1e9,
                (reconciled - killed) / 1e9);
        out.println(row);
        rows.add(row);
        replicas.remove(leader);
        ServerReplica restarted = cluster.startServer(install, "failover-r" + round);
        replicas.add(restarted);
        restarted.awaitReady(Duration.ofMinutes(6));
      }
    } finally {
      replicas.forEach(ServerReplica::close);
    }
    out.println();
    out.println(
        "| round | SIGKILL → other replica holds the Lease s | SIGKILL → its first reconcile"
            + " (namespace claimed for a deployment created at the kill) s |");
    out.println("|---:|---:|---:|");
    rows.forEach(out::println);
  }

  private Optional<String> holder(BenchCluster.Install install) {
    Lease lease =
        cluster.admin().leases().inNamespace(install.controlNamespace()).withName(LEASE).get();
    return Optional.ofNullable(lease)
        .map(Lease::getSpec)
        .map(s -> s.getHolderIdentity())
        .filter(h -> !h.isEmpty());
  }

  private void create(BenchCluster.Install install, String name) {
    TenantDeployment d = new TenantDeployment();
    d.getMetadata().setName(name);
    d.getMetadata().setNamespace(install.controlNamespace());
    DeploymentSpec spec = new DeploymentSpec();
    spec.setPool(install.pool());
    spec.setWorkspace("default");
    spec.setValues(new LinkedHashMap<>());
    d.setSpec(spec);
    cluster.admin().resource(d).create();
  }

  private boolean claimed(BenchCluster.Install install, String name) {
    TenantDeployment d =
        cluster
            .admin()
            .resources(TenantDeployment.class)
            .inNamespace(install.controlNamespace())
            .withName(name)
            .get();
    return d != null && d.getStatus() != null && d.getStatus().getNamespace() != null;
  }
}
