package io.nspool.controller;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The keys waiting to be reconciled, with the guarantees of client-go's rate-limited work queue:
 *
 * <ul>
 *   <li>a key is handed to one worker at a time: while it is being reconciled it is not handed out
 *       again; added meanwhile, it is marked dirty and handed out once more after {@link #done};
 *   <li>a key added several times before a worker takes it is reconciled once (dedupe);
 *   <li>{@link #addAfter} and {@link #schedule} hold a key until it is due (requeue-after, timed
 *       work); {@link #retry} holds it for its own exponential backoff, which {@link #forget}
 *       resets;
 *   <li>an overall rate limit (a token bucket) caps how many reconciles start per second, whatever
 *       the reason they were enqueued, so no hot loop can outrun it.
 * </ul>
 *
 * <p>Time comes from {@code nanoTime}, so tests drive it with a fake clock and {@link #poll}; the
 * workers block in {@link #take}.
 */
final class WorkQueue {

  private record Scheduled(long due, String key) {}

  private final LongSupplier nanoTime;
  private final QueueLimits limits;
  private final ArrayDeque<String> ready = new ArrayDeque<>();
  private final Set<String> dirty = new HashSet<>();
  private final Set<String> processing = new HashSet<>();
  private final Map<String, Long> dueOf = new HashMap<>();
  private final PriorityQueue<Scheduled> waiting =
      new PriorityQueue<>((a, b) -> Long.compare(a.due(), b.due()));
  private final Map<String, Integer> failures = new HashMap<>();
  private double tokens;
  private long refilledAt;
  private boolean shutDown;

  WorkQueue(QueueLimits limits, LongSupplier nanoTime) {
    this.limits = limits;
    this.nanoTime = nanoTime;
    this.tokens = limits.burst();
    this.refilledAt = nanoTime.getAsLong();
  }

  WorkQueue(QueueLimits limits) {
    this(limits, System::nanoTime);
  }

  /** Enqueues a key now; a key already waiting to run is not added twice. */
  synchronized void add(String key) {
    if (shutDown || !dirty.add(key)) {
      return;
    }
    if (!processing.contains(key)) {
      ready.add(key);
      notifyAll();
    }
  }

  /**
   * Enqueues a key once {@code delay} has passed. A key already held for an earlier moment keeps
   * that moment: the earliest reason to look wins.
   */
  synchronized void addAfter(String key, Duration delay) {
    if (delay.isNegative() || delay.isZero()) {
      add(key);
      return;
    }
    long due = nanoTime.getAsLong() + delay.toNanos();
    Long held = dueOf.get(key);
    if (held == null || due < held) {
      hold(key, due);
    }
  }

  /**
   * Replaces whatever moment a key was held for with {@code delay} from now (null: none): what its
   * latest reconcile asked for supersedes what an earlier one did.
   */
  synchronized void schedule(String key, Duration delay) {
    dueOf.remove(key);
    if (delay != null) {
      addAfter(key, delay);
    }
  }

  /** Enqueues a failed key after its backoff, which doubles with every failure until forgotten. */
  synchronized Duration retry(String key) {
    int failed = failures.merge(key, 1, Integer::sum);
    Duration delay = backoff(failed);
    schedule(key, delay);
    return delay;
  }

  /** The key succeeded: its next failure starts the backoff from the beginning again. */
  synchronized void forget(String key) {
    failures.remove(key);
  }

  /** How many times in a row the key has failed. */
  synchronized int failures(String key) {
    return failures.getOrDefault(key, 0);
  }

  Duration backoff(int failed) {
    Duration delay = limits.backoffBase();
    for (int i = 1; i < failed && delay.compareTo(limits.backoffMax()) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(limits.backoffMax()) > 0 ? limits.backoffMax() : delay;
  }

  /**
   * A key to reconcile, if one is ready and the rate limit allows it now; the caller must call
   * {@link #done} with it afterwards.
   */
  synchronized Optional<String> poll() {
    if (shutDown) {
      return Optional.empty();
    }
    long now = nanoTime.getAsLong();
    promote(now);
    refill(now);
    if (ready.isEmpty() || tokens < 1) {
      return Optional.empty();
    }
    tokens -= 1;
    String key = ready.poll();
    dirty.remove(key);
    processing.add(key);
    return Optional.of(key);
  }

  /** Blocks until a key may be reconciled; null once the queue is shut down. */
  synchronized String take() throws InterruptedException {
    while (!shutDown) {
      Optional<String> key = poll();
      if (key.isPresent()) {
        return key.get();
      }
      long waitNanos = nanosUntilSomethingChanges();
      if (waitNanos == Long.MAX_VALUE) {
        wait();
      } else {
        long millis = Math.max(1, waitNanos / 1_000_000);
        wait(millis);
      }
    }
    return null;
  }

  /** The worker finished the key: if it was added meanwhile, it is ready again now. */
  synchronized void done(String key) {
    processing.remove(key);
    if (dirty.contains(key) && !shutDown) {
      ready.add(key);
      notifyAll();
    }
  }

  /** Hands out nothing more; workers blocked in {@link #take} return null. */
  synchronized void shutDown() {
    shutDown = true;
    ready.clear();
    dirty.clear();
    waiting.clear();
    dueOf.clear();
    notifyAll();
  }

  synchronized boolean isShutDown() {
    return shutDown;
  }

  /** Keys ready or being reconciled or held for later (for tests and metrics). */
  synchronized int depth() {
    return ready.size() + dueOf.size();
  }

  synchronized boolean isProcessing(String key) {
    return processing.contains(key);
  }

  /** How long from now until the key is due, if it is held for later. */
  synchronized Optional<Duration> heldFor(String key) {
    Long due = dueOf.get(key);
    return due == null
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(Math.max(0, due - nanoTime.getAsLong())));
  }

  private void hold(String key, long due) {
    dueOf.put(key, due);
    waiting.add(new Scheduled(due, key));
    notifyAll();
  }

  /** Moves every held key that is due to ready; stale heap entries (rescheduled keys) drop out. */
  private void promote(long now) {
    while (!waiting.isEmpty() && waiting.peek().due() - now <= 0) {
      Scheduled next = waiting.poll();
      Long due = dueOf.get(next.key());
      if (due != null && due == next.due()) {
        dueOf.remove(next.key());
        add(next.key());
      }
    }
  }

  private void refill(long now) {
    double elapsed = (now - refilledAt) / 1e9;
    tokens = Math.min(limits.burst(), tokens + elapsed * limits.ratePerSecond());
    refilledAt = now;
  }

  private long nanosUntilSomethingChanges() {
    long now = nanoTime.getAsLong();
    long wait = Long.MAX_VALUE;
    if (!ready.isEmpty() && tokens < 1) {
      wait = (long) Math.ceil((1 - tokens) / limits.ratePerSecond() * 1e9);
    }
    if (!waiting.isEmpty()) {
      wait = Math.min(wait, Math.max(0, waiting.peek().due() - now));
    }
    return wait;
  }
}
