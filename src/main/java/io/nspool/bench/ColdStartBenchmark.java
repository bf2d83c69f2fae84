package io.nspool.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How long a {@code nspool server} process takes from its start until {@code /readyz} answers 200,
 * until the first deployment created through the API gets its namespace ({@code 201}), and until
 * the pool's status counts every namespace free, for pools of several sizes. The first start after
 * an install also creates every namespace's claim object; the restarts find them.
 */
public final class ColdStartBenchmark {
  private final BenchCluster cluster;
  private final PrintStream out;
  private final List<Integer> sizes;
  private final int starts;

  public ColdStartBenchmark(
      BenchCluster cluster, PrintStream out, List<Integer> sizes, int starts) {
    this.cluster = cluster;
    this.out = out;
    this.sizes = sizes;
    this.starts = starts;
  }

  public void run() throws Exception {
    java.util.List<String> rows = new java.util.ArrayList<>();
    for (int size : sizes) {
      BenchCluster.Install install = cluster.install("cold-" + size, size, cluster.minimalChart());
      NspoolApi api = new NspoolApi(cluster.adminToken(install, "bench"));
      int held = 0;
      for (int run = 1; run <= starts; run++) {
        try (ServerReplica server = cluster.startServer(install, "cold-" + size + "-" + run)) {
          long ready = server.awaitReady(Duration.ofMinutes(5));
          long claimed = firstClaim(cluster, api, server, install, "first-" + run);
          held++;
          cluster.awaitFree(install, size - held, Duration.ofMinutes(10));
          long allFree = System.nanoTime();
          String row =
              String.format(
                  Locale.ROOT,
                  "| %d | %s | %.1f | %.1f | %.1f |",
                  size,
                  run == 1 ? "first start after install" : "restart " + (run - 1),
                  (ready - server.startedNanos()) / 1e9,
                  (claimed - server.startedNanos()) / 1e9,
                  (allFree - server.startedNanos()) / 1e9);
          out.println(row);
          rows.add(row);
          // Stopped as a rollout stops a pod; a crash and the Lease's expiry are the failover
          // benchmark's subject, not this one's.
          server.stop();
        }
      }
    }
    out.println();
    out.println(
        "| pool namespaces | start | to /readyz s | to first claim (201) s | to all free in"
            + " status s |");
    out.println("|---:|---|---:|---:|---:|");
    rows.forEach(out::println);
  }

  /**
   * Creates deployments until one is claimed (409: no namespace verified free yet; 503: not up).
   */
  private static long firstClaim(
      BenchCluster cluster,
      NspoolApi api,
      ServerReplica server,
      BenchCluster.Install install,
      String name)
      throws Exception {
    for (int attempt = 0; ; attempt++) {
      int status;
      try {
        status = api.create(server.url(), name + "-" + attempt, install.pool());
      } catch (java.io.IOException e) {
        status = -1;
      }
      if (status == 201) {
        return System.nanoTime();
      }
      if (status == 202) { // no verdict within the API's wait: the claim comes later
        String created = name + "-" + attempt;
        while (true) {
          io.nspool.deploy.TenantDeployment d =
              cluster
                  .admin()
                  .resources(io.nspool.deploy.TenantDeployment.class)
                  .inNamespace(install.controlNamespace())
                  .withName(created)
                  .get();
          if (d != null && d.getStatus() != null && d.getStatus().getNamespace() != null) {
            return System.nanoTime();
          }
          Thread.sleep(20);
        }
      }
      if (System.nanoTime() - server.startedNanos() > Duration.ofMinutes(10).toNanos()) {
        throw new IllegalStateException("no claim within 10 minutes; see " + server.log());
      }
      Thread.sleep(50);
    }
  }
}
