package io.nspool.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The leader Lease's timing")
class LeadershipTimingTest {

  @Test
  @DisplayName("keeps client-go's proportions: 15 s lease, give up after 10 s, retry every 2 s")
  void defaultProportions() {
    assertThat(Leadership.Timing.DEFAULT)
        .isEqualTo(
            new Leadership.Timing(
                Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2)));
    assertThat(Leadership.Timing.forLease(Duration.ofSeconds(6)))
        .isEqualTo(
            new Leadership.Timing(
                Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(800)));
  }

  @Test
  @DisplayName("refuses a lease shorter than 3 s, naming the rule and the value")
  void refusesTooShort() {
    assertThatThrownBy(() -> Leadership.Timing.forLease(Duration.ofMillis(2500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "must be at least 3s (the leader must renew it several times within it), got 2500ms");
  }
}
