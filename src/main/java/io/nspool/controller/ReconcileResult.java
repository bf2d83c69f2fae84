package io.nspool.controller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a reconcile says happens next, as the Java Operator SDK's {@code UpdateControl} does:
 * nothing until something changes ({@link Done}), look again after a delay because something is due
 * then ({@link RequeueAfter}: a retention ends, a grace period runs out, a health check goes stale,
 * a Helm retry's backoff ends), or it failed ({@link Failed}: retried with the key's exponential
 * backoff). The periodic resync is only a safety net under all of this.
 */
public sealed interface ReconcileResult {

  record Done() implements ReconcileResult {}

  record RequeueAfter(Duration delay) implements ReconcileResult {
    public RequeueAfter {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        delay = Duration.ZERO;
      }
    }
  }

  record Failed(RuntimeException cause) implements ReconcileResult {
    public Failed {
      Objects.requireNonNull(cause, "cause");
    }
  }

  ReconcileResult DONE = new Done();

  static ReconcileResult done() {
    return DONE;
  }

  static ReconcileResult requeueAfter(Duration delay) {
    return new RequeueAfter(delay);
  }

  /** Look again at {@code due} (at once if it has passed); {@link #done()} when there is none. */
  static ReconcileResult dueAt(Instant due, Clock clock) {
    return due == null ? DONE : new RequeueAfter(Duration.between(clock.instant(), due));
  }

  static ReconcileResult failed(RuntimeException cause) {
    return new Failed(cause);
  }

  /**
   * Both results at once: a failure wins (its backoff brings the key back anyway), else the sooner
   * requeue.
   */
  default ReconcileResult and(ReconcileResult other) {
    if (this instanceof Failed) {
      return this;
    }
    if (other instanceof Failed) {
      return other;
    }
    if (this instanceof RequeueAfter a && other instanceof RequeueAfter b) {
      return a.delay().compareTo(b.delay()) <= 0 ? a : b;
    }
    return this instanceof RequeueAfter ? this : other;
  }
}
