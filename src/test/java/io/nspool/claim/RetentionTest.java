package io.nspool.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionTest {

  private static final String HOW =
      "use a number followed by s, m, h or d, e.g. 90m or 14d, or several from largest to"
          + " smallest, e.g. 1d12h";

  @Test
  @DisplayName("the default retention is 14 days, like Astronomer's purge cron")
  void defaultIs14Days() {
    assertThat(Retention.DEFAULT).isEqualTo(Duration.ofDays(14));
  }

  @ParameterizedTest(name = "{0} = {1}s")
  @CsvSource({
    "30s, 30",
    "90m, 5400",
    "36h, 129600",
    "14d, 1209600",
    "1d12h, 129600",
    "1h30m, 5400",
    "1d2h3m4s, 93784",
    "3650d, 315360000",
    "1d0h, 86400",
    "007d, 604800"
  })
  @DisplayName("a number with a unit, or several from largest to smallest, parses")
  void parses(String value, long seconds) {
    assertThat(Retention.parse(value)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``       | must not be empty",
        "14       | no unit after 14",
        "14x      | unknown unit \"x\"",
        "14D      | unknown unit \"D\"",
        "14days   | unknown unit \"days\"",
        "` 14d`   | \" \" has no number before it",
        "`14 d`   | unknown unit \" d\"",
        "d        | \"d\" has no number before it",
        "+14d     | \"+\" has no number before it",
        "1.5h     | use whole numbers, e.g. 1h30m rather than 1.5h",
        "0d       | must be positive",
        "0h0m     | must be positive",
        "-1d      | must be positive",
        "-0s      | must be positive",
        "12h1d    | units must go from largest to smallest, each once",
        "1h1h     | units must go from largest to smallest, each once",
      })
  @DisplayName("a malformed retention is rejected, naming the field, the value and the rule")
  void rejectsMalformed(String value, String rule) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Retention.parse(value))
        .withMessage("retention \"" + value + "\": " + rule + "; " + HOW);
  }

  @Test
  @DisplayName("the message for an unknown unit reads as one clear sentence")
  void unknownUnitMessage() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Retention.parse("14x"))
        .withMessage(
            "retention \"14x\": unknown unit \"x\"; use a number followed by s, m, h or d, e.g."
                + " 90m or 14d, or several from largest to smallest, e.g. 1d12h");
  }

  @Test
  @DisplayName("a missing retention is rejected like an empty one")
  void rejectsNull() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Retention.parse(null))
        .withMessageStartingWith("retention \"\": must not be empty");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource({
    "3651d",
    "3650d1s",
    "87601h",
    "315360001s",
    "99999999999999999999999d",
    "9223372036854775807s",
    "3000d20000h"
  })
  @DisplayName("a retention over ten years, however written, is rejected without overflowing")
  void rejectsTooLong(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Retention.parse(value))
        .withMessage("retention \"" + value + "\": is too long; at most 3650d (ten years)");
  }

  @Test
  @DisplayName(
      "a retention longer than 32 characters is rejected, as the CRD does, even if only zeros make it long")
  void rejectsLongerThanTheCrd() {
    String longest = "0".repeat(Retention.MAX_LENGTH - 2) + "1d";
    String longer = "0" + longest;

    assertThat(Retention.parse(longest)).isEqualTo(Duration.ofDays(1));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Retention.parse(longer))
        .withMessage("retention \"" + longer + "\": is longer than 32 characters; " + HOW);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "PT336H, 14d",
    "PT36H, 1d12h",
    "PT90M, 1h30m",
    "PT30S, 30s",
    "PT26H3M4S, 1d2h3m4s",
    "PT48H0.5S, 2d",
    "PT0S, 0s"
  })
  @DisplayName("format writes the shortest form")
  void formats(Duration duration, String text) {
    assertThat(Retention.format(duration)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"14d", "1d12h", "1h30m", "59s", "3650d", "1d1s"})
  @DisplayName("format reads back to the same duration")
  void roundTrip(String text) {
    assertThat(Retention.format(Retention.parse(text))).isEqualTo(text);
  }

  @Test
  @DisplayName("a negative duration cannot be formatted")
  void formatNegative() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Retention.format(Duration.ofSeconds(-1)))
        .withMessage("retention PT-1S is negative");
  }
}
