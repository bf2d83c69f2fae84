package io.nspool.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The work queue")
class WorkQueueTest {
  /** A clock the test moves by hand. */
  static final class FakeTime {
    long nanos = 1_000_000_000L;

    long now() {
      return nanos;
    }

    void advance(Duration d) {
      nanos += d.toNanos();
    }
  }

  private final FakeTime time = new FakeTime();
  private final QueueLimits generous =
      new QueueLimits(Duration.ofMillis(200), Duration.ofMinutes(5), 1_000_000, 1_000_000);

  private WorkQueue queue(QueueLimits limits) {
    return new WorkQueue(limits, time::now);
  }

  @Nested
  @DisplayName("dedupe and ownership of a key")
  class Dedupe {
    @Test
    @DisplayName("a key added three times before it is taken is handed out once")
    void addedTwiceRunsOnce() {
      WorkQueue q = queue(generous);
      q.add("pool/a");
      q.add("pool/a");
      q.add("pool/a");
      assertThat(q.poll()).contains("pool/a");
      assertThat(q.poll()).isEmpty();
    }

    @Test
    @DisplayName("keys come out in the order they were first added")
    void fifo() {
      WorkQueue q = queue(generous);
      q.add("a");
      q.add("b");
      q.add("a");
      q.add("c");
      assertThat(List.of(q.poll().get(), q.poll().get(), q.poll().get()))
          .containsExactly("a", "b", "c");
    }

    @Test
    @DisplayName(
        "a key added while it is being reconciled is not handed out again until done, then once")
    void dirtyWhileProcessing() {
      WorkQueue q = queue(generous);
      q.add("a");
      assertThat(q.poll()).contains("a");
      q.add("a");
      q.add("a");
      assertThat(q.poll()).as("never to a second worker at the same time").isEmpty();
      q.done("a");
      assertThat(q.poll()).as("once more after done").contains("a");
      q.done("a");
      assertThat(q.poll()).isEmpty();
    }

    @Test
    @DisplayName("a key not added again while it ran is not handed out after done")
    void cleanAfterDone() {
      WorkQueue q = queue(generous);
      q.add("a");
      q.poll();
      q.done("a");
      assertThat(q.poll()).isEmpty();
    }

    @Test
    @DisplayName(
        "with four real workers, no key is ever reconciled by two at once and every added key runs")
    void noConcurrentSameKey() throws InterruptedException {
      WorkQueue q = new WorkQueue(generous);
      Set<String> running = ConcurrentHashMap.newKeySet();
      AtomicInteger overlaps = new AtomicInteger();
      AtomicInteger runs = new AtomicInteger();
      Set<String> seen = ConcurrentHashMap.newKeySet();
      AtomicInteger maxParallel = new AtomicInteger();
      new Workers(
              q,
              key -> {
                if (!running.add(key)) {
                  overlaps.incrementAndGet();
                }
                maxParallel.accumulateAndGet(running.size(), Math::max);
                runs.incrementAndGet();
                seen.add(key);
                try {
                  Thread.sleep(2);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                running.remove(key);
                return ReconcileResult.done();
              },
              key -> {})
          .start(4, "test-worker");
      for (int round = 0; round < 200; round++) {
        for (int k = 0; k < 8; k++) {
          q.add("key-" + k);
        }
        Thread.sleep(0, 200_000);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (q.depth() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(50);
      q.shutDown();
      assertThat(overlaps.get()).as("a key reconciled by two workers at once").isZero();
      assertThat(seen).hasSize(8);
      assertThat(maxParallel.get()).as("different keys ran in parallel").isGreaterThan(1);
      assertThat(runs.get()).as("deduped: far fewer runs than the 1600 adds").isLessThan(1600);
    }
  }

  @Nested
  @DisplayName("timed requeues")
  class Timed {
    @Test
    @DisplayName("a key added after 5s is not handed out at 4.9s and is at 5s")
    void addAfter() {
      WorkQueue q = queue(generous);
      q.addAfter("a", Duration.ofSeconds(5));
      time.advance(Duration.ofMillis(4900));
      assertThat(q.poll()).isEmpty();
      time.advance(Duration.ofMillis(100));
      assertThat(q.poll()).contains("a");
    }

    @Test
    @DisplayName("addAfter keeps the earliest moment asked for")
    void earliestWins() {
      WorkQueue q = queue(generous);
      q.addAfter("a", Duration.ofSeconds(10));
      q.addAfter("a", Duration.ofSeconds(2));
      q.addAfter("a", Duration.ofSeconds(7));
      time.advance(Duration.ofSeconds(2));
      assertThat(q.poll()).contains("a");
      q.done("a");
      time.advance(Duration.ofSeconds(10));
      assertThat(q.poll()).as("the later moments were folded into the earliest").isEmpty();
    }

    @Test
    @DisplayName("a reconcile's RequeueAfter replaces the moment an earlier reconcile asked for")
    void latestResultWins() {
      WorkQueue q = queue(generous);
      Workers w = new Workers(q, k -> ReconcileResult.done(), k -> {});
      w.handle("a", ReconcileResult.requeueAfter(Duration.ofSeconds(1)));
      w.handle("a", ReconcileResult.requeueAfter(Duration.ofMinutes(10)));
      time.advance(Duration.ofSeconds(2));
      assertThat(q.poll()).isEmpty();
      assertThat(q.heldFor("a"))
          .hasValueSatisfying(d -> assertThat(d).isLessThan(Duration.ofMinutes(10)));
      w.handle("a", ReconcileResult.done());
      assertThat(q.heldFor("a")).as("Done cancels the timed requeue").isEmpty();
      time.advance(Duration.ofMinutes(11));
      assertThat(q.poll()).isEmpty();
    }

    @Test
    @DisplayName("a key that is due while it is being reconciled runs once more after done")
    void dueWhileProcessing() {
      WorkQueue q = queue(generous);
      q.add("a");
      assertThat(q.poll()).contains("a");
      q.addAfter("a", Duration.ofSeconds(1));
      time.advance(Duration.ofSeconds(1));
      assertThat(q.poll()).isEmpty();
      q.done("a");
      assertThat(q.poll()).contains("a");
    }

    @Test
    @DisplayName("take wakes up by itself when a held key becomes due (real clock)")
    void takeWakesForDueKey() throws InterruptedException {
      WorkQueue q = new WorkQueue(generous);
      q.addAfter("a", Duration.ofMillis(100));
      long start = System.nanoTime();
      String key = q.take();
      long waited = System.nanoTime() - start;
      assertThat(key).isEqualTo("a");
      assertThat(waited).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(90));
    }

    @Test
    @DisplayName("shutting down wakes a blocked take, which returns null")
    void shutDownWakes() throws InterruptedException {
      WorkQueue q = new WorkQueue(generous);
      CountDownLatch returned = new CountDownLatch(1);
      List<String> got = new ArrayList<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  got.add(q.take());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                returned.countDown();
              });
      t.start();
      Thread.sleep(50);
      q.shutDown();
      assertThat(returned.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(got).containsExactly((String) null);
      q.add("a");
      assertThat(q.poll()).isEmpty();
    }
  }

  @Nested
  @DisplayName("backoff")
  class Backoff {
    @Test
    @DisplayName("a failing key waits 200ms, 400ms, 800ms, ... up to 5 minutes")
    void grows() {
      WorkQueue q = queue(generous);
      List<Duration> delays = new ArrayList<>();
      for (int i = 0; i < 14; i++) {
        delays.add(q.retry("a"));
      }
      assertThat(delays.subList(0, 5))
          .containsExactly(
              Duration.ofMillis(200),
              Duration.ofMillis(400),
              Duration.ofMillis(800),
              Duration.ofMillis(1600),
              Duration.ofMillis(3200));
      assertThat(delays.get(10)).isEqualTo(Duration.ofMillis(204_800));
      assertThat(delays.get(11)).isEqualTo(Duration.ofMinutes(5));
      assertThat(delays.get(13)).isEqualTo(Duration.ofMinutes(5));
      assertThat(q.backoff(10_000)).as("no overflow").isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    @DisplayName("the retry is handed out when its backoff has passed, not before")
    void retryTiming() {
      WorkQueue q = queue(generous);
      q.retry("a");
      q.retry("a"); // 400ms now
      time.advance(Duration.ofMillis(399));
      assertThat(q.poll()).isEmpty();
      time.advance(Duration.ofMillis(1));
      assertThat(q.poll()).contains("a");
    }

    @Test
    @DisplayName("a success resets the backoff; other keys keep theirs")
    void resetOnSuccess() {
      WorkQueue q = queue(generous);
      Workers w = new Workers(q, k -> ReconcileResult.done(), k -> {});
      RuntimeException boom = new IllegalStateException("boom");
      for (int i = 0; i < 4; i++) {
        w.handle("a", ReconcileResult.failed(boom));
        w.handle("b", ReconcileResult.failed(boom));
      }
      assertThat(q.failures("a")).isEqualTo(4);
      w.handle("a", ReconcileResult.done());
      assertThat(q.failures("a")).isZero();
      assertThat(q.retry("a")).isEqualTo(Duration.ofMillis(200));
      assertThat(q.retry("b")).isEqualTo(Duration.ofMillis(3200));
    }

    @Test
    @DisplayName("a failure is counted for the metric; a lost optimistic-concurrency race is not")
    void conflictsAreNotErrors() {
      WorkQueue q = queue(generous);
      List<String> failed = new ArrayList<>();
      Workers w = new Workers(q, k -> ReconcileResult.done(), failed::add);
      w.handle(
          "a",
          ReconcileResult.failed(
              new io.fabric8.kubernetes.client.KubernetesClientException("conflict", 409, null)));
      w.handle("b", ReconcileResult.failed(new IllegalStateException("boom")));
      assertThat(failed).containsExactly("b");
      assertThat(q.heldFor("a")).as("a conflict is retried soon too").isPresent();
    }
  }

  @Nested
  @DisplayName("overall rate limit")
  class RateLimit {
    @Test
    @DisplayName(
        "with 10/s and a burst of 5, 5 keys start at once, then one per 100ms, whatever is queued")
    void tokenBucket() {
      WorkQueue q = queue(new QueueLimits(Duration.ofMillis(200), Duration.ofMinutes(5), 10, 5));
      for (int i = 0; i < 20; i++) {
        q.add("k" + i);
      }
      int started = drain(q);
      assertThat(started).isEqualTo(5);
      time.advance(Duration.ofMillis(99));
      assertThat(drain(q)).isZero();
      time.advance(Duration.ofMillis(1));
      assertThat(drain(q)).isEqualTo(1);
      time.advance(Duration.ofMillis(300));
      assertThat(drain(q)).isEqualTo(3);
      time.advance(Duration.ofMinutes(1));
      assertThat(drain(q)).as("a long quiet refills the bucket to the burst, no more").isEqualTo(5);
      time.advance(Duration.ofMinutes(1));
      assertThat(drain(q)).as("the 6 left, 5 at once").isEqualTo(5);
      time.advance(Duration.ofMillis(100));
      assertThat(drain(q)).isEqualTo(1);
    }

    @Test
    @DisplayName("a hot loop (a key that requeues itself at once) is capped at the rate")
    void hotLoopCapped() {
      WorkQueue q = queue(new QueueLimits(Duration.ofMillis(200), Duration.ofMinutes(5), 10, 5));
      q.add("hot");
      int runs = 0;
      for (int ms = 0; ms <= 10_000; ms++) {
        Optional<String> key = q.poll();
        if (key.isPresent()) {
          runs++;
          q.done(key.get());
          q.add(key.get());
        }
        time.advance(Duration.ofMillis(1));
      }
      assertThat(runs).isBetween(100, 106); // 5 of burst + 10/s for 10 s
    }

    private int drain(WorkQueue q) {
      int n = 0;
      for (Optional<String> k = q.poll(); k.isPresent(); k = q.poll()) {
        q.done(k.get());
        n++;
      }
      return n;
    }
  }

  @Test
  @DisplayName("bad limits are refused with the name of the setting")
  void badLimits() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new QueueLimits(Duration.ZERO, Duration.ofMinutes(5), 10, 5))
        .hasMessageContaining("backoffBase");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new QueueLimits(Duration.ofSeconds(1), Duration.ofMillis(5), 10, 5))
        .hasMessageContaining("backoffMax");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new QueueLimits(Duration.ofSeconds(1), Duration.ofMinutes(5), 0, 5))
        .hasMessageContaining("ratePerSecond");
  }
}
