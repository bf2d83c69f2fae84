package io.nspool.controller;

import java.time.Duration;

/**
 * How hard the controller's work queue may push: per-key retry backoff and an overall rate limit on
 * reconciles.
 *
 * @param backoffBase the first retry delay of a failing key; it doubles with each failure in a row
 * @param backoffMax the longest retry delay
 * @param ratePerSecond reconciles started per second at most, once the burst is spent
 * @param burst reconciles that may start at once after a quiet while
 */
public record QueueLimits(
    Duration backoffBase, Duration backoffMax, double ratePerSecond, int burst) {
  public static final QueueLimits DEFAULT =
      new QueueLimits(Duration.ofMillis(200), Duration.ofMinutes(5), 100, 500);

  public QueueLimits {
    if (backoffBase.isNegative() || backoffBase.isZero()) {
      throw new IllegalArgumentException("backoffBase: must be positive, got " + backoffBase);
    }
    if (backoffMax.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException(
          "backoffMax: must be at least backoffBase (" + backoffBase + "), got " + backoffMax);
    }
    if (!(ratePerSecond > 0) || burst < 1) {
      throw new IllegalArgumentException(
          "rate limit: ratePerSecond must be > 0 and burst >= 1, got "
              + ratePerSecond
              + "/s, burst "
              + burst);
    }
  }
}
