package io.nspool.claim;

import java.time.Duration;

/**
 * How long a soft-deleted deployment's namespace keeps the tenant's data, written as a number and a
 * unit ({@code 90m}, {@code 36h}, {@code 14d}) or several from largest to smallest ({@code 1d12h}).
 */
public final class Retention {

  /** Astronomer's soft-delete cron purges after 14 days; users expect the same. */
  public static final Duration DEFAULT = Duration.ofDays(14);

  /** Ten years: longer is surely a typo, and keeps {@code now + retention} far from overflow. */
  public static final Duration MAX = Duration.ofDays(3650);

  /**
   * The longest retention written: {@code 3650d23h59m59s} is 14 characters, so anything longer is
   * leading zeros or a mistake; the bound also keeps the CRD's CEL rule cheap enough to admit.
   */
  public static final int MAX_LENGTH = 32;

  private static final String FIELD = "retention";
  private static final String UNITS = "dhms";
  private static final long[] UNIT_SECONDS = {86_400, 3_600, 60, 1};
  private static final String HOW =
      "use a number followed by s, m, h or d, e.g. 90m or 14d, or several from largest to"
          + " smallest, e.g. 1d12h";

  // The same rules as parse, as a CEL rule for the CRD (x-kubernetes-validations), so kubectl is
  // refused at admission what parse would refuse. CEL has no loops: the grammar is one regular
  // expression, and each unit's amount is found by its unit letter once the grammar holds. The
  // significant digits (leading zeros dropped) of an amount decide "too long" before int() could
  // overflow; CEL's && absorbs the error of a side whose other side is false.
  private static final String GRAMMAR = "'^([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?$'";

  private static final String SIG_D = "self.find('[0-9]+d').find('[1-9][0-9]*')";
  private static final String SIG_H = "self.find('[0-9]+h').find('[1-9][0-9]*')";
  private static final String SIG_M = "self.find('[0-9]+m').find('[1-9][0-9]*')";
  private static final String SIG_S = "self.find('[0-9]+s').find('[1-9][0-9]*')";
  private static final String AMOUNTS_FIT =
      "size("
          + SIG_D
          + ") <= 9 && size("
          + SIG_H
          + ") <= 9 && size("
          + SIG_M
          + ") <= 9 && size("
          + SIG_S
          + ") <= 9";
  private static final String SECONDS =
      "("
          + SIG_D
          + " == '' ? 0 : int("
          + SIG_D
          + ")) * 86400 + ("
          + SIG_H
          + " == '' ? 0 : int("
          + SIG_H
          + ")) * 3600 + ("
          + SIG_M
          + " == '' ? 0 : int("
          + SIG_M
          + ")) * 60 + ("
          + SIG_S
          + " == '' ? 0 : int("
          + SIG_S
          + "))";
  private static final String NOT_TOO_LONG = AMOUNTS_FIT + " && " + SECONDS + " <= 315360000";
  private static final String UNKNOWN_UNITS =
      "self.findAll('[^0-9]+').filter(u, !(u in ['d', 'h', 'm', 's']))";

  /** A CEL rule on the retention string: true exactly when {@link #parse} accepts it. */
  public static final String CEL_RULE =
      "self != '' && self.matches(" + GRAMMAR + ") && " + NOT_TOO_LONG + " && " + SECONDS + " > 0";

  /**
   * The CEL message of a retention {@link #CEL_RULE} refuses: {@link #parse}'s words. When a value
   * breaks several rules, it may name another of them than parse would.
   */
  public static final String CEL_MESSAGE =
      "'"
          + FIELD
          + " \"' + self + '\": ' + (self == '' ? 'must not be empty; "
          + HOW
          + "' : self.startsWith('-') ? 'must be positive; "
          + HOW
          + "' : self.matches('^[^0-9]') ? '\"' + self.find('^[^0-9]+') + '\" has no number before"
          + " it; "
          + HOW
          + "' : self.matches('[0-9][.,]') ? 'use whole numbers, e.g. 1h30m rather than 1.5h; "
          + HOW
          + "' : "
          + UNKNOWN_UNITS
          + ".size() > 0 ? 'unknown unit \"' + "
          + UNKNOWN_UNITS
          + "[0] + '\"; "
          + HOW
          + "' : self.matches('[0-9]$') ? 'no unit after ' + self.find('[0-9]+$') + '; "
          + HOW
          + "' : !self.matches("
          + GRAMMAR
          + ") ? 'units must go from largest to smallest, each"
          + " once; "
          + HOW
          + "' : ("
          + NOT_TOO_LONG
          + ") ? 'must be positive; "
          + HOW
          + "' : 'is too long; at most 3650d (ten years)')";

  /** The CRD's fallback message, when the CEL message cannot be computed. */
  public static final String CEL_FALLBACK =
      FIELD + " must be a positive duration of at most 3650d; " + HOW;

  private Retention() {}

  /** Parses a retention such as {@code 14d} or {@code 1d12h}; the error names the rule broken. */
  public static Duration parse(String value) {
    if (value == null || value.isEmpty()) {
      throw invalid(value, "must not be empty; " + HOW);
    }
    if (value.length() > MAX_LENGTH) {
      throw invalid(value, "is longer than " + MAX_LENGTH + " characters; " + HOW);
    }
    if (value.startsWith("-")) {
      throw invalid(value, "must be positive; " + HOW);
    }
    long seconds = 0;
    int lastUnit = -1;
    int i = 0;
    while (i < value.length()) {
      int digitsStart = i;
      while (i < value.length() && isDigit(value.charAt(i))) {
        i++;
      }
      String digits = value.substring(digitsStart, i);
      int unitStart = i;
      while (i < value.length() && !isDigit(value.charAt(i))) {
        i++;
      }
      String unit = value.substring(unitStart, i);
      if (digits.isEmpty()) {
        throw invalid(value, "\"" + unit + "\" has no number before it; " + HOW);
      }
      if (unit.isEmpty()) {
        throw invalid(value, "no unit after " + digits + "; " + HOW);
      }
      if (unit.startsWith(".") || unit.startsWith(",")) {
        throw invalid(value, "use whole numbers, e.g. 1h30m rather than 1.5h; " + HOW);
      }
      int unitIndex = unit.length() == 1 ? UNITS.indexOf(unit.charAt(0)) : -1;
      if (unitIndex < 0) {
        throw invalid(value, "unknown unit \"" + unit + "\"; " + HOW);
      }
      if (unitIndex <= lastUnit) {
        throw invalid(value, "units must go from largest to smallest, each once; " + HOW);
      }
      lastUnit = unitIndex;
      seconds += amountInSeconds(value, digits, UNIT_SECONDS[unitIndex]);
      if (seconds > MAX.toSeconds()) {
        throw tooLong(value);
      }
    }
    if (seconds == 0) {
      throw invalid(value, "must be positive; " + HOW);
    }
    return Duration.ofSeconds(seconds);
  }

  /**
   * Formats a duration in the shortest form {@link #parse} reads back: {@code 14d}, {@code 1d12h},
   * {@code 1h30m}. Fractions of a second are dropped; zero is {@code 0s}.
   */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException(FIELD + " " + duration + " is negative");
    }
    long rest = duration.getSeconds();
    if (rest == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    for (int u = 0; u < UNITS.length(); u++) {
      long amount = rest / UNIT_SECONDS[u];
      rest %= UNIT_SECONDS[u];
      if (amount > 0) {
        out.append(amount).append(UNITS.charAt(u));
      }
    }
    return out.toString();
  }

  /** Rejects a retention that {@link #parse} would not have produced. */
  static void requireValid(Duration retention) {
    if (retention == null
        || retention.isNegative()
        || retention.isZero()
        || retention.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          FIELD + " must be more than 0s and at most 3650d, got " + retention);
    }
  }

  private static long amountInSeconds(String value, String digits, long unitSeconds) {
    // Any amount above MAX in seconds is too long whatever the unit; checking that first also
    // keeps the multiplication below from overflowing.
    String significant = digits.replaceFirst("^0+(?=.)", "");
    if (significant.length() > 12 || Long.parseLong(significant) > MAX.toSeconds()) {
      throw tooLong(value);
    }
    long amount = Long.parseLong(significant) * unitSeconds;
    if (amount > MAX.toSeconds()) {
      throw tooLong(value);
    }
    return amount;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException tooLong(String value) {
    return invalid(value, "is too long; at most 3650d (ten years)");
  }

  private static IllegalArgumentException invalid(String value, String rule) {
    String shown = value == null ? "" : value;
    return new IllegalArgumentException(FIELD + " \"" + shown + "\": " + rule);
  }
}
