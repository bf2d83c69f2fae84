package io.nspool.claim;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long a quarantined namespace waits before it is scrubbed again: {@code first} after its first
 * quarantine, twice as long after every further quarantine in a row, never longer than {@code cap}
 * (the controller's {@code quarantineRetry}). A cause that goes away by itself, such as an API
 * server restarted in the middle of a scrub, costs the pool a namespace for seconds instead of the
 * cap; a cause nobody fixes is retried ever less often, at most once per cap.
 *
 * <p>Computed from the claim object alone ({@code since} and {@link Claim#quarantines()}), so every
 * pass and every replica agrees on when a retry is due, and a restart or a new leader keeps the
 * schedule. There is no random jitter for the same reason; the scrubs themselves run a few at a
 * time, so namespaces quarantined together are not retried against the API server all at once.
 *
 * @param first the wait after a first quarantine
 * @param cap the longest wait, reached after a few quarantines in a row
 */
public record QuarantineBackoff(Duration first, Duration cap) {

  /** The wait after a first quarantine, unless the cap is shorter. */
  public static final Duration FIRST = Duration.ofSeconds(5);

  public QuarantineBackoff {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(cap, "cap");
    if (first.isNegative() || cap.isNegative()) {
      throw new IllegalArgumentException(
          "quarantine backoff: first (" + first + ") and cap (" + cap + ") must not be negative");
    }
    if (first.compareTo(cap) > 0) {
      throw new IllegalArgumentException(
          "quarantine backoff: first (" + first + ") must not be longer than cap (" + cap + ")");
    }
  }

  /**
   * {@link #FIRST}, doubling, up to {@code cap}; a cap shorter than {@link #FIRST} is every wait.
   */
  public static QuarantineBackoff cappedAt(Duration cap) {
    Objects.requireNonNull(cap, "cap");
    return new QuarantineBackoff(FIRST.compareTo(cap) < 0 ? FIRST : cap, cap);
  }

  /**
   * The wait after the {@code quarantines}-th quarantine in a row. 0 (a claim written before the
   * count existed) is read as a first quarantine.
   */
  public Duration delay(int quarantines) {
    Duration delay = first;
    // Doubling stops at the cap, so it ends within a few dozen steps and never overflows.
    for (int n = 1; n < quarantines && !delay.isZero() && delay.compareTo(cap) < 0; n++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(cap) < 0 ? delay : cap;
  }

  /** When a quarantined claim is next scrubbed, once its namespace is healthy. */
  public Instant retryAt(Claim claim) {
    if (claim.state() != ClaimState.QUARANTINED) {
      throw new IllegalArgumentException(
          "claim of namespace \""
              + claim.namespace()
              + "\" is "
              + claim.state().wireName()
              + "; only a quarantined one waits for a retry");
    }
    return claim.since().plus(delay(claim.quarantines()));
  }
}
