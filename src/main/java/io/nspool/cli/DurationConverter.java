package io.nspool.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --timeout 5m}: hours, minutes and seconds, largest first, e.g. 90s, 5m, 1h30m. */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern FORMAT =
      Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,6})s)?");

  @Override
  public Duration convert(String value) {
    Matcher m = FORMAT.matcher(value.strip());
    if (value.isBlank() || !m.matches()) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration: use a number and a unit, e.g. 90s, 5m or 1h30m");
    }
    Duration d =
        Duration.ofHours(number(m.group(1)))
            .plusMinutes(number(m.group(2)))
            .plusSeconds(number(m.group(3)));
    if (d.isZero()) {
      throw new TypeConversionException("'" + value + "': the duration must be more than 0s");
    }
    return d;
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
