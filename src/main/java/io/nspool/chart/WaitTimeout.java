package io.nspool.chart;

import java.time.Duration;
import java.util.regex.Matcher;

/**
 * A catalogue entry's {@code waitTimeout}: hours, minutes and seconds in that order, each once and
 * not zero ({@code 90s}, {@code 10m}, {@code 1h30m}), at most 24 hours. The CRD pattern is the
 * grammar; {@link #parse} adds the bound.
 */
public final class WaitTimeout {
  public static final String PATTERN =
      "^([1-9][0-9]{0,1}h)?([1-9][0-9]{0,3}m)?([1-9][0-9]{0,4}s)?$";
  public static final int MAX_LENGTH = 16;
  public static final Duration MAX = Duration.ofHours(24);
  private static final java.util.regex.Pattern GRAMMAR = java.util.regex.Pattern.compile(PATTERN);

  private WaitTimeout() {}

  /** The duration; the message of a refusal names the field, the value and the rule. */
  public static Duration parse(String field, String value) {
    Matcher m = GRAMMAR.matcher(value == null ? "" : value);
    if (value == null || value.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException(
          field
              + ": \""
              + value
              + "\" is not a timeout like 90s, 10m or 1h30m (hours, minutes, seconds, in that"
              + " order, none zero)");
    }
    Duration d =
        Duration.ofHours(amount(m.group(1)))
            .plusMinutes(amount(m.group(2)))
            .plusSeconds(amount(m.group(3)));
    if (d.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(field + ": \"" + value + "\" is longer than 24h");
    }
    return d;
  }

  private static long amount(String group) {
    return group == null ? 0 : Long.parseLong(group.substring(0, group.length() - 1));
  }
}
