package io.nspool.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.error.PoolExhaustedException;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.testing.Testbed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@LocalKubernetes
@DisplayName("Claiming namespaces concurrently, as nspool's ServiceAccount")
class ClaimConcurrencyIT {

  @Test
  @DisplayName(
      "16 claims at once for one deployment (its create request and its reconcile) take one namespace")
  void oneDeploymentClaimingTwiceAtOnceGetsOneNamespace(KubernetesClient admin) throws Exception {
    Testbed bed = new Testbed(admin, "claimtwice");
    List<String> pool = bed.preparePoolNamespaces(20);
    try (Claims claims = Claims.on(bed, pool)) {
      List<Claim> outcomes =
          atOnce(
              16,
              i ->
                  claims.claimer.claim(
                      new Claimer.Request("claimtwice", pool, "uid-one", "tenant/one", null)));

      assertThat(outcomes.stream().map(Claim::namespace).distinct())
          .as("namespaces handed out")
          .hasSize(1);
      assertThat(
              pool.stream()
                  .filter(
                      ns ->
                          "uid-one"
                              .equals(
                                  claims
                                      .store
                                      .read(ns)
                                      .map(c -> c.claim().holderUid())
                                      .orElse(null))))
          .as("claim objects naming the deployment")
          .hasSize(1);
    }
  }

  @Test
  @DisplayName(
      "64 concurrent claims on a pool of 50: exactly 50 win distinct namespaces, 14 get pool_exhausted")
  void exactlyOneWinnerPerNamespace(KubernetesClient admin) throws Exception {
    Testbed bed = new Testbed(admin, "claims");
    List<String> pool = bed.preparePoolNamespaces(50);
    try (Claims claims = Claims.on(bed, pool)) {
      ClaimStore store = claims.store;
      ClaimAudit audit = claims.audit;
      List<Object> results =
          atOnce(
              64,
              i -> {
                String uid = "uid-" + i;
                try {
                  return claims.claimer.claim(
                      new Claimer.Request("claims", pool, uid, "tenant/d-" + uid, null));
                } catch (PoolExhaustedException e) {
                  return e;
                }
              });

      List<Claim> won =
          results.stream().filter(Claim.class::isInstance).map(Claim.class::cast).toList();
      List<PoolExhaustedException> exhausted =
          results.stream()
              .filter(PoolExhaustedException.class::isInstance)
              .map(PoolExhaustedException.class::cast)
              .toList();
      assertThat(won).hasSize(50);
      assertThat(exhausted).hasSize(14);
      assertThat(won.stream().map(Claim::namespace).distinct()).hasSize(50);
      assertThat(exhausted.get(0))
          .hasMessageContaining("pool \"claims\"")
          .hasMessageContaining("all 50 namespaces are in use");
      // What is stored agrees: every claim object is held by exactly the winner that claimed it.
      Map<String, String> holders =
          won.stream().collect(Collectors.toMap(Claim::namespace, Claim::holderUid));
      for (String ns : pool) {
        Claim stored = store.read(ns).orElseThrow().claim();
        assertThat(stored.state()).isEqualTo(ClaimState.CLAIMED);
        assertThat(stored.holderUid()).isEqualTo(holders.get(ns));
      }
      assertThat(
              won.stream()
                  .map(Claim::holderUid)
                  .collect(Collectors.toMap(Function.identity(), u -> 1, Integer::sum)))
          .allSatisfy((uid, count) -> assertThat(count).isEqualTo(1));

      // The audit Events are coalesced off the claims' path, yet every claim is in the record.
      audit.close();
      List<Event> claimed =
          admin.v1().events().inNamespace(bed.controlNamespace()).list().getItems().stream()
              .filter(e -> "Claimed".equals(e.getReason()))
              .toList();
      for (Claim claim : won) {
        assertThat(claimed)
            .as("an audit Event records the claim of %s", claim.namespace())
            .anySatisfy(
                e ->
                    assertThat(e.getMessage())
                        .contains("namespace " + claim.namespace() + ": free -> claimed")
                        .contains("(deployment " + claim.deploymentName() + ")"));
      }
      assertThat(claimed.stream().mapToInt(Event::getCount).sum())
          .as("each Event counts the transitions it records")
          .isEqualTo(50);
      assertThat(claimed).as("coalesced: fewer Events than claims").hasSizeLessThan(50);
    }
  }

  /** A claimer on a pool of fresh, free claim objects, as nspool's ServiceAccount. */
  private record Claims(
      KubernetesClient nspool,
      ClaimAudit audit,
      ClaimCache cache,
      ClaimStore store,
      Claimer claimer)
      implements AutoCloseable {
    static Claims on(Testbed bed, List<String> pool) {
      KubernetesClient nspool = bed.nspoolClient();
      ClaimAudit audit = new ClaimAudit(nspool, bed.controlNamespace(), Clock.systemUTC());
      ClaimCache cache = new ClaimCache(nspool, ns -> {});
      ClaimStore store = new ClaimStore(nspool);
      pool.forEach(ns -> store.create(Claim.free(ns, Clock.systemUTC().instant())));
      pool.forEach(cache::watch);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> pool.stream().allMatch(ns -> cache.get(ns).isPresent()));
      return new Claims(
          nspool,
          audit,
          cache,
          store,
          new Claimer(cache, new ClaimTransitions(store, audit), Clock.systemUTC()));
    }

    @Override
    public void close() {
      cache.close();
      audit.close();
      nspool.close();
    }
  }

  interface Attempt<T> {
    T run(int i) throws Exception;
  }

  /** {@code n} attempts on {@code n} threads released at once; their outcomes in order. */
  private static <T> List<T> atOnce(int n, Attempt<T> attempt) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(n);
    try {
      List<Future<T>> outcomes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        outcomes.add(
            threads.submit(
                () -> {
                  start.await();
                  return attempt.run(k);
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> outcome : outcomes) {
        results.add(outcome.get());
      }
      return results;
    } finally {
      threads.shutdownNow();
    }
  }
}
