package io.nspool.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.error.NamespaceUnavailableException;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.testing.Testbed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@LocalKubernetes
@DisplayName("Claiming a requested namespace, as nspool's ServiceAccount")
class RequestedNamespaceIT {
  static Testbed bed;
  static List<String> pool;
  static KubernetesClient nspool;
  static ClaimAudit audit;
  static ClaimCache cache;
  static ClaimStore store;
  static Claimer claimer;

  @BeforeAll
  static void pool(KubernetesClient admin) {
    bed = new Testbed(admin, "requested");
    pool = bed.preparePoolNamespaces(3);
    nspool = bed.nspoolClient();
    audit = new ClaimAudit(nspool, bed.controlNamespace(), Clock.systemUTC());
    cache = new ClaimCache(nspool, ns -> {});
    store = new ClaimStore(nspool);
    pool.forEach(ns -> store.create(Claim.free(ns, Instant.now())));
    // The third namespace is being scrubbed: not offered.
    StoredClaim third = store.read(pool.get(2)).orElseThrow();
    store.replace(
        third,
        new Claim(
            pool.get(2), ClaimState.CLEANING, "old", "x/old", Instant.now(), null, null, false));
    pool.forEach(cache::watch);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pool.stream().allMatch(ns -> cache.get(ns).isPresent()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cache.get(pool.get(2)).orElseThrow().claim().state() == ClaimState.CLEANING);
    claimer = new Claimer(cache, new ClaimTransitions(store, audit), Clock.systemUTC());
  }

  @AfterAll
  static void close() {
    cache.close();
    audit.close();
    nspool.close();
  }

  private static Claimer.Request request(String uid, String namespace) {
    return new Claimer.Request("requested", pool, uid, "tenant/" + uid, namespace);
  }

  @Test
  @DisplayName(
      "gets the requested namespace, and a second claimer of it gets namespace_unavailable naming the holder")
  void takenNamespaceIsUnavailable() {
    Claim won = claimer.claim(request("first", pool.get(0)));
    assertThat(won.namespace()).isEqualTo(pool.get(0));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cache.get(pool.get(0)).orElseThrow().claim().state() == ClaimState.CLAIMED);

    assertThatThrownBy(() -> claimer.claim(request("second", pool.get(0))))
        .isInstanceOfSatisfying(
            NamespaceUnavailableException.class,
            e -> assertThat(e.code()).isEqualTo("namespace_unavailable"))
        .hasMessageContaining(pool.get(0))
        .hasMessageContaining("claimed by deployment tenant/first");
    assertThat(store.read(pool.get(0)).orElseThrow().claim().holderUid()).isEqualTo("first");
  }

  @Test
  @DisplayName("claiming again for the same deployment returns the namespace it already holds")
  void claimIsIdempotentPerDeployment() {
    Claim first = claimer.claim(request("again", pool.get(1)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> cache.get(first.namespace()).orElseThrow().claim().state() == ClaimState.CLAIMED);

    Claim second = claimer.claim(request("again", pool.get(1)));
    Claim third = claimer.claim(request("again", null));

    assertThat(second.namespace()).isEqualTo(first.namespace());
    assertThat(third.namespace()).isEqualTo(first.namespace());
  }

  @Test
  @DisplayName("refuses a namespace that is not in the pool, naming pool and namespace")
  void notInPool() {
    assertThatThrownBy(() -> claimer.claim(request("stranger", "kube-system")))
        .isInstanceOf(NamespaceUnavailableException.class)
        .hasMessageContaining("\"kube-system\" is not in pool \"requested\"");
    assertThat(pool)
        .allSatisfy(
            ns ->
                assertThat(store.read(ns).orElseThrow().claim().holderUid())
                    .isNotEqualTo("stranger"));
  }

  @Test
  @DisplayName("refuses a namespace that is being cleaned, saying so")
  void cleaningIsUnavailable() {
    assertThatThrownBy(() -> claimer.claim(request("eager", pool.get(2))))
        .isInstanceOf(NamespaceUnavailableException.class)
        .hasMessageContaining("is not available: it is cleaning");
    assertThat(store.read(pool.get(2)).orElseThrow().claim().state())
        .isEqualTo(ClaimState.CLEANING);
  }
}
