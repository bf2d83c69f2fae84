package io.nspool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.nspool.claim.Claim;
import io.nspool.claim.ClaimCodec;
import io.nspool.claim.ClaimState;
import io.nspool.claim.ClaimStore;
import io.nspool.claim.QuarantineBackoff;
import io.nspool.controller.ControllerConfig;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The retry of a quarantined namespace backs off from {@link QuarantineBackoff#FIRST} up to the
 * controller's quarantineRetry, here a cap of {@link #CAP} so that "well before the cap" is plain
 * to see. A scrub is failed by a ConfigMap whose finalizer nobody removes: the janitor's deletion
 * waits out the scrub deadline (5 s in tests) and the namespace is quarantined naming it.
 */
@LocalKubernetes
@DisplayName("A quarantined namespace")
class QuarantineRetryIT {

  private static final Duration CAP = Duration.ofSeconds(60);
  private static final QuarantineBackoff BACKOFF = QuarantineBackoff.cappedAt(CAP);

  @Test
  @DisplayName(
      "whose cause goes away is scrubbed again after seconds and freed well before the cap")
  void transientCauseIsRetriedSoon(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "qretry-soon");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    try (RunningController nspool = new RunningController(bed, admin, cappedAt(bed, CAP))) {
      failNextScrub(nspool, admin, ns);

      PoolNamespace entry = nspool.awaitState("p", ns, ClaimState.QUARANTINED);
      Claim quarantined = claim(admin, ns);
      assertThat(quarantined.quarantines()).isEqualTo(1);
      // The status says when it is retried, so an operator need not compute it.
      assertThat(entry.getQuarantines()).isEqualTo(1);
      assertThat(entry.getRetryAt()).isEqualTo(quarantined.since().plusSeconds(5).toString());
      assertThat(admin.leases().inNamespace(ns).withName(ClaimCodec.LEASE_NAME).get())
          .extracting(l -> l.getMetadata().getAnnotations().get(ClaimCodec.QUARANTINES))
          .isEqualTo("1");

      release(admin, ns); // the cause goes away by itself, as a restarted API server does

      // Before the change the namespace waited the whole cap; now the first retry's 5 s.
      await().atMost(CAP.minusSeconds(15)).until(() -> claim(admin, ns).state() == ClaimState.FREE);
      Claim free = claim(admin, ns);
      Duration outOfPool = Duration.between(quarantined.since(), free.since());
      System.out.printf(
          "QuarantineRetryIT: quarantined -> free in %.1f s (first retry %d s, cap %d s)%n",
          outOfPool.toMillis() / 1000.0, BACKOFF.delay(1).toSeconds(), CAP.toSeconds());
      assertThat(outOfPool).isGreaterThanOrEqualTo(BACKOFF.delay(1)).isLessThan(CAP);
      assertThat(free.quarantines()).isZero();
      assertThat(
              admin
                  .leases()
                  .inNamespace(ns)
                  .withName(ClaimCodec.LEASE_NAME)
                  .get()
                  .getMetadata()
                  .getAnnotations())
          .doesNotContainKey(ClaimCodec.QUARANTINES);
      nspool.awaitState("p", ns, ClaimState.FREE);
    }
  }

  @Test
  @DisplayName(
      "whose cause persists is retried ever less often, counting the retries in its claim object"
          + " across a restart, writing nothing between retries, and starts over once clean")
  void persistentCauseBacksOff(KubernetesClient admin) throws Exception {
    Testbed bed = new Testbed(admin, "qretry-back");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    List<Claim> writes = new CopyOnWriteArrayList<>();
    RunningController nspool = new RunningController(bed, admin, cappedAt(bed, CAP));
    try (Watch watch = recordClaimWrites(admin, ns, writes)) {
      failNextScrub(nspool, admin, ns);

      // Given quarantined three times in a row (waits of 5 s and 10 s, each scrub 5 s)
      await().atMost(Duration.ofSeconds(90)).until(() -> quarantines(writes) >= 3);

      // Then nothing is written while it waits its 20 s: not the claim object, not the pool
      Thread.sleep(1_000); // the pass that recorded the third quarantine in the status
      String claimVersion = claimVersion(admin, ns);
      String poolVersion = nspool.pool("p").getMetadata().getResourceVersion();
      Thread.sleep(10_000);
      assertThat(claimVersion(admin, ns)).isEqualTo(claimVersion);
      assertThat(nspool.pool("p").getMetadata().getResourceVersion()).isEqualTo(poolVersion);

      // When nspool restarts (as a new leader would) in the middle of the wait
      nspool.close();
      nspool = new RunningController(bed, admin, cappedAt(bed, CAP));

      // Then the count goes on from the claim object, and so does the schedule
      await().atMost(Duration.ofSeconds(90)).until(() -> quarantines(writes) >= 4);

      List<Claim> seen = fromFirstQuarantine(writes);
      List<String> path = seen.stream().map(c -> c.state().wireName() + c.quarantines()).toList();
      System.out.printf(
          "QuarantineRetryIT: claim object writes from the first quarantine: %s%n", path);
      // Every write is a transition: no claim object written twice for one state.
      assertThat(path)
          .startsWith(
              "quarantined1",
              "cleaning1",
              "quarantined2",
              "cleaning2",
              "quarantined3",
              "cleaning3",
              "quarantined4");
      List<Duration> waits = new ArrayList<>();
      for (int i = 0; i + 1 < seen.size() && waits.size() < 3; i += 2) {
        waits.add(Duration.between(seen.get(i).since(), seen.get(i + 1).since()));
      }
      System.out.printf(
          "QuarantineRetryIT: waits before retries 1-3: %s (schedule %s, %s, %s; cap %s)%n",
          waits, BACKOFF.delay(1), BACKOFF.delay(2), BACKOFF.delay(3), CAP);
      for (int k = 0; k < waits.size(); k++) {
        assertThat(waits.get(k))
            .as("wait before retry %d", k + 1)
            .isGreaterThanOrEqualTo(BACKOFF.delay(k + 1))
            .isLessThan(BACKOFF.delay(k + 1).plusSeconds(10));
      }

      // When the cause goes away
      release(admin, ns);
      await().atMost(CAP.plusSeconds(30)).until(() -> claim(admin, ns).state() == ClaimState.FREE);
      // Then a clean scrub starts the count over
      assertThat(claim(admin, ns).quarantines()).isZero();
    } finally {
      nspool.close();
    }
  }

  /** The test timings with a quarantine cap long enough to tell apart from the first retry. */
  private static ControllerConfig cappedAt(Testbed bed, Duration cap) {
    ControllerConfig quick = RunningController.testConfig(bed.controlNamespace(), bed.identity());
    return new ControllerConfig(
        quick.controlNamespace(),
        quick.identity(),
        quick.resync(),
        quick.orphanGrace(),
        cap,
        quick.healthMaxAge(),
        quick.scrubDeadline(),
        quick.releaseRetry(),
        quick.chartCache(),
        quick.leaderElection());
  }

  /** A hard-deleted deployment leaves a ConfigMap nobody can delete: its scrub fails. */
  private static void failNextScrub(RunningController nspool, KubernetesClient admin, String ns) {
    nspool.createPoolAndAwaitFree("p", List.of(ns), "14d", true);
    nspool.createDeployment("t", "p", null);
    nspool.awaitNamespace("t");
    admin
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("held")
                .withFinalizers("example.com/hold")
                .endMetadata()
                .build())
        .create();
    nspool.deleteDeployment("t");
  }

  private static void release(KubernetesClient admin, String ns) {
    admin
        .configMaps()
        .inNamespace(ns)
        .withName("held")
        .edit(
            cm -> {
              cm.getMetadata().setFinalizers(List.of());
              return cm;
            });
  }

  private static Claim claim(KubernetesClient admin, String ns) {
    return new ClaimStore(admin).read(ns).orElseThrow().claim();
  }

  private static String claimVersion(KubernetesClient admin, String ns) {
    return admin
        .leases()
        .inNamespace(ns)
        .withName(ClaimCodec.LEASE_NAME)
        .get()
        .getMetadata()
        .getResourceVersion();
  }

  /** Every version of the claim object written from now on, in order. */
  private static Watch recordClaimWrites(KubernetesClient admin, String ns, List<Claim> writes) {
    return admin
        .leases()
        .inNamespace(ns)
        .withName(ClaimCodec.LEASE_NAME)
        .watch(
            new Watcher<Lease>() {
              @Override
              public void eventReceived(Action action, Lease lease) {
                if (action == Action.ADDED || action == Action.MODIFIED) {
                  writes.add(ClaimCodec.fromLease(lease));
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  private static int quarantines(List<Claim> writes) {
    return writes.stream()
        .filter(c -> c.state() == ClaimState.QUARANTINED)
        .mapToInt(Claim::quarantines)
        .max()
        .orElse(0);
  }

  private static List<Claim> fromFirstQuarantine(List<Claim> writes) {
    Optional<Claim> first =
        writes.stream().filter(c -> c.state() == ClaimState.QUARANTINED).findFirst();
    return first
        .map(f -> List.copyOf(writes.subList(writes.indexOf(f), writes.size())))
        .orElseThrow();
  }
}
