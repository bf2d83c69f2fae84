package io.nspool.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The poll backoff")
class PollBackoffTest {

  @Test
  @DisplayName("starts short and doubles up to its maximum")
  void doublesUpToMax() {
    PollBackoff backoff = new PollBackoff(Duration.ofMillis(100), Duration.ofMillis(700));

    Duration first = backoff.after(null);
    Duration second = backoff.after(first);
    Duration third = backoff.after(second);
    Duration fourth = backoff.after(third);

    assertThat(first).isEqualTo(Duration.ofMillis(100));
    assertThat(second).isEqualTo(Duration.ofMillis(200));
    assertThat(third).isEqualTo(Duration.ofMillis(400));
    assertThat(fourth).isEqualTo(Duration.ofMillis(700));
    assertThat(backoff.after(fourth)).isEqualTo(Duration.ofMillis(700));
  }
}
