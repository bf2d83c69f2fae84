package io.nspool.fault;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only hook: {@code NSPOOL_CRASH_AT=name[:nth]} (or the system property {@code
 * nspool.crashAt}), read once at start-up, makes the {@code nth} time (default 1) this process
 * reaches the named {@link CrashPoint} halt the JVM at once with exit code {@value #EXIT_CODE}: no
 * shutdown hook, no Lease released, Helm stopped wherever it was, as {@code kill -9}. Unset, {@link
 * #reach} is one read of a final field.
 */
public final class CrashPoints {
  /** What a halted process exits with, so a test tells a crash point from any other death. */
  public static final int EXIT_CODE = 86;

  private static final Armed ARMED = Armed.parse(setting());

  record Armed(CrashPoint point, int nth, AtomicInteger reached) {
    static Armed parse(String setting) {
      if (setting == null || setting.isBlank()) {
        return null;
      }
      String[] parts = setting.trim().split(":", 2);
      int nth;
      try {
        nth = parts.length == 2 ? Integer.parseInt(parts[1]) : 1;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "NSPOOL_CRASH_AT=" + setting + ": the count after ':' must be a whole number", e);
      }
      if (nth < 1) {
        throw new IllegalArgumentException(
            "NSPOOL_CRASH_AT=" + setting + ": the count after ':' must be 1 or more");
      }
      return new Armed(CrashPoint.parse(parts[0]), nth, new AtomicInteger());
    }
  }

  private CrashPoints() {}

  /** Halts the JVM here if this is the armed point's nth reach; otherwise does nothing. */
  public static void reach(CrashPoint point) {
    Armed armed = ARMED;
    if (armed == null || armed.point() != point) {
      return;
    }
    int n = armed.reached().incrementAndGet();
    if (n == armed.nth()) {
      // One line a test can find in the log, then nothing else of this process runs.
      System.err.println("nspool: crash point " + point.wireName() + " reached (" + n + "): halt");
      System.err.flush();
      Runtime.getRuntime().halt(EXIT_CODE);
    }
  }

  /** The armed point, for the start-up log; null when none. */
  public static String armed() {
    Armed armed = ARMED;
    return armed == null ? null : armed.point().wireName() + ":" + armed.nth();
  }

  private static String setting() {
    String property = System.getProperty("nspool.crashAt");
    return property != null ? property : System.getenv("NSPOOL_CRASH_AT");
  }
}
