package io.nspool.logs;

import java.util.Optional;

/**
 * How many earlier lines of each container a log request starts with: the one rule the API's {@code
 * tail} query parameter and the CLI's {@code --tail} both apply. {@code 0} is allowed: no earlier
 * line, which with follow means only what is logged from now on.
 */
public final class LogTail {
  public static final int MIN = 0;
  public static final int MAX = 10_000;
  public static final int DEFAULT = 100;

  private LogTail() {}

  /** Why {@code lines} is not a valid tail, naming the field; empty when it is one. */
  public static Optional<String> problem(String field, int lines) {
    if (lines < MIN || lines > MAX) {
      return Optional.of(
          field
              + ": "
              + lines
              + " must be a whole number of lines from "
              + MIN
              + " to "
              + MAX
              + " (0: no earlier lines, only new ones when following)");
    }
    return Optional.empty();
  }
}
