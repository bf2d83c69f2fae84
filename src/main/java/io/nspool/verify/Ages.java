package io.nspool.verify;

import java.time.Duration;

/**
 * How long something has lasted, in its largest whole unit: {@code 45s}, {@code 12m}, {@code 3h}.
 */
final class Ages {
  private Ages() {}

  static String of(Duration age) {
    long seconds = Math.max(0, age.toSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 2 * 3600) {
      return seconds / 60 + "m";
    }
    if (seconds < 2 * 86400) {
      return seconds / 3600 + "h";
    }
    return seconds / 86400 + "d";
  }
}
