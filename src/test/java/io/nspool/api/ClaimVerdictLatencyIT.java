package io.nspool.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.testing.RunningServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How long a create through the REST API takes until its claim verdict, next to a plain object
 * create by the same identity on the same API server. Prints a table; asserts only the verdicts (no
 * timed assertions). The pool's chart does not exist, so no Helm install loads the machine: the
 * claim and its verdict are what is measured.
 */
@LocalKubernetes
@DisplayName("Claim verdict latency")
class ClaimVerdictLatencyIT {

  @Test
  @DisplayName("prints p50/p99 of API creates until the verdict and of plain Lease creates")
  void measure(KubernetesClient kube) throws Exception {
    try (RunningServer nspool = RunningServer.start(kube, "latency", 64)) {
      String control = nspool.plan().controlNamespace();
      kube.resources(NamespacePool.class)
          .inNamespace(control)
          .withName(nspool.plan().pool())
          .edit(
              p -> {
                p.getSpec()
                    .setCharts(
                        new java.util.ArrayList<>(
                            java.util.List.of(
                                io.nspool.chart.ChartEntry.path(
                                    "none", "/nonexistent-chart-for-latency"))));
                return p;
              });
      Http http = new Http(nspool.url());
      String token = nspool.adminToken();
      KubernetesClient self = nspool.controller().client();
      // Warm-up: JIT, connections.
      for (int i = 0; i < 3; i++) {
        create(http, token, "warm-" + i);
        lease(self, control, "warm-" + i);
      }
      StringBuilder table =
          new StringBuilder(
              "\nconcurrency | API create→verdict p50 / p99 ms | Lease create p50 / p99 ms | ratio p50\n");
      for (int concurrency : new int[] {1, 8}) {
        int count = concurrency == 1 ? 20 : 32;
        List<Long> api =
            run(concurrency, count, i -> create(http, token, "c" + concurrency + "-" + i));
        List<Long> plain =
            run(concurrency, count, i -> lease(self, control, "c" + concurrency + "-" + i));
        table.append(
            String.format(
                "%11d | %14.1f / %6.1f | %12.1f / %6.1f | %.2f%n",
                concurrency,
                p(api, 50),
                p(api, 99),
                p(plain, 50),
                p(plain, 99),
                p(api, 50) / p(plain, 50)));
      }
      System.out.println(table);
      // Every create got its namespace and keeps it: a pool pass running while deployments claim
      // in parallel must not take their fresh claims for orphans.
      int created = 3 + 20 + 32;
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          nspool.controller().pool(nspool.plan().pool()).orElseThrow().getStatus())
                      .satisfies(
                          s -> {
                            assertThat(s.getClaimed()).isEqualTo(created);
                            assertThat(s.getCleaning()).isZero();
                          }));
      Thread.sleep(5_000); // past the orphan grace (3 s in tests)
      assertThat(
              nspool.controller().pool(nspool.plan().pool()).orElseThrow().getStatus().getClaimed())
          .as("no claim of an existing deployment freed as an orphan")
          .isEqualTo(created);
    }
  }

  interface Op {
    long run(int i) throws Exception;
  }

  private static List<Long> run(int concurrency, int count, Op op) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int k = i;
        futures.add(pool.submit(() -> op.run(k)));
      }
      List<Long> nanos = new ArrayList<>();
      for (Future<Long> f : futures) {
        nanos.add(f.get());
      }
      Collections.sort(nanos);
      return nanos;
    } finally {
      pool.shutdown();
    }
  }

  private static double p(List<Long> sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }

  private static long create(Http http, String token, String name) {
    long start = System.nanoTime();
    Http.Response r =
        http.post(
            "/api/v1/deployments", token, "{\"name\":\"" + name + "\",\"workspace\":\"default\"}");
    long took = System.nanoTime() - start;
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return took;
  }

  private static long lease(KubernetesClient client, String namespace, String name) {
    long start = System.nanoTime();
    client
        .leases()
        .inNamespace(namespace)
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName("lat-" + name)
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build())
        .create();
    return System.nanoTime() - start;
  }
}
