package io.nspool.janitor;

import java.time.Duration;

/**
 * How long to wait between two looks at a namespace whose deletions are in progress: short at
 * first, since most objects go at once, then doubling up to {@code max} for finalizers that take
 * their time.
 */
record PollBackoff(Duration initial, Duration max) {
  static final PollBackoff DEFAULT = new PollBackoff(Duration.ofMillis(100), Duration.ofSeconds(2));

  Duration after(Duration previous) {
    if (previous == null) {
      return initial;
    }
    Duration doubled = previous.multipliedBy(2);
    return doubled.compareTo(max) > 0 ? max : doubled;
  }
}
