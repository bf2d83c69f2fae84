package io.nspool.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Timestamps of the API (RFC 3339) as people read them in a table: "5m", "in 13d". */
final class HumanTime {
  private HumanTime() {}

  /** How long ago {@code timestamp} was, e.g. "42s", "5m", "3h", "12d"; "" for none. */
  static String age(String timestamp, Instant now) {
    Instant then = parse(timestamp);
    if (then == null) {
      return timestamp == null ? "" : timestamp;
    }
    return duration(Duration.between(then, now));
  }

  /** When a future {@code timestamp} comes, e.g. "in 13d"; "due" once it has passed. */
  static String until(String timestamp, Instant now) {
    Instant then = parse(timestamp);
    if (then == null) {
      return timestamp == null ? "" : timestamp;
    }
    Duration left = Duration.between(now, then);
    return left.isNegative() ? "due" : "in " + duration(left);
  }

  /** The largest unit that keeps at least 2 of it, as kubectl does: 90s, 5m, 47h, 3d, 2y. */
  static String duration(Duration d) {
    long seconds = Math.max(0, d.getSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 120) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 48) {
      return hours + "h";
    }
    long days = hours / 24;
    if (days < 730) {
      return days + "d";
    }
    return days / 365 + "y";
  }

  private static Instant parse(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
