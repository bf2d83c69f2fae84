package io.nspool.claim;

import static io.nspool.claim.ClaimFixtures.NS;
import static io.nspool.claim.ClaimFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuarantineBackoffTest {

  private static final QuarantineBackoff DEFAULT =
      QuarantineBackoff.cappedAt(Duration.ofMinutes(2));

  @ParameterizedTest(name = "quarantine {0} in a row waits {1} s")
  @CsvSource({"1, 5", "2, 10", "3, 20", "4, 40", "5, 80", "6, 120", "7, 120", "1000, 120"})
  @DisplayName("with the default cap of 2 minutes: 5 s, doubling, then 2 minutes for ever")
  void defaultSchedule(int quarantines, long seconds) {
    assertThat(DEFAULT.delay(quarantines)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  @DisplayName("a count of 0 (a claim object written before the count existed) waits as a first")
  void zeroIsFirst() {
    assertThat(DEFAULT.delay(0)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  @DisplayName("a cap shorter than 5 s is every wait")
  void shortCap() {
    QuarantineBackoff quick = QuarantineBackoff.cappedAt(Duration.ofSeconds(2));
    assertThat(IntStream.of(0, 1, 2, 10).mapToObj(quick::delay))
        .containsOnly(Duration.ofSeconds(2));
  }

  @Test
  @DisplayName("the wait never shrinks as quarantines add up, and never passes the cap")
  void monotoneAndCapped() {
    QuarantineBackoff odd = new QuarantineBackoff(Duration.ofMillis(700), Duration.ofDays(3));
    Duration previous = Duration.ZERO;
    for (int n = 1; n < 200; n++) {
      Duration delay = odd.delay(n);
      assertThat(delay).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(Duration.ofDays(3));
      previous = delay;
    }
    assertThat(previous).isEqualTo(Duration.ofDays(3));
    assertThat(odd.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(3));
  }

  @Test
  @DisplayName("a quarantined claim is retried its wait after it was quarantined")
  void retryAtFromSince() {
    Claim third = new Claim(NS, ClaimState.QUARANTINED, null, null, T0, null, "x", false, null, 3);
    assertThat(DEFAULT.retryAt(third)).isEqualTo(T0.plusSeconds(20));
  }

  @Test
  @DisplayName("only a quarantined claim has a retry")
  void retryAtOnlyWhenQuarantined() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DEFAULT.retryAt(Claim.free(NS, T0)))
        .withMessageContaining("is free; only a quarantined one waits for a retry");
  }

  @Test
  @DisplayName("a first wait longer than the cap, or a negative one, is refused naming both")
  void refusesFirstAboveCap() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new QuarantineBackoff(Duration.ofSeconds(10), Duration.ofSeconds(5)))
        .withMessage("quarantine backoff: first (PT10S) must not be longer than cap (PT5S)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> QuarantineBackoff.cappedAt(Duration.ofSeconds(-1)));
  }
}
