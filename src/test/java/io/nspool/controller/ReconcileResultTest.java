package io.nspool.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A reconcile result")
class ReconcileResultTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  @DisplayName("due at a moment is a requeue after the time left; a past moment is at once")
  void dueAt() {
    assertThat(ReconcileResult.dueAt(clock.instant().plusSeconds(90), clock))
        .isEqualTo(ReconcileResult.requeueAfter(Duration.ofSeconds(90)));
    assertThat(ReconcileResult.dueAt(clock.instant().minusSeconds(5), clock))
        .isEqualTo(ReconcileResult.requeueAfter(Duration.ZERO));
    assertThat(ReconcileResult.dueAt(null, clock)).isEqualTo(ReconcileResult.done());
  }

  @Test
  @DisplayName("combined: a failure wins, else the sooner requeue, else done")
  void and() {
    ReconcileResult soon = ReconcileResult.requeueAfter(Duration.ofSeconds(1));
    ReconcileResult late = ReconcileResult.requeueAfter(Duration.ofMinutes(1));
    ReconcileResult failed = ReconcileResult.failed(new IllegalStateException("x"));
    assertThat(late.and(soon)).isEqualTo(soon);
    assertThat(soon.and(late)).isEqualTo(soon);
    assertThat(ReconcileResult.done().and(late)).isEqualTo(late);
    assertThat(late.and(ReconcileResult.done())).isEqualTo(late);
    assertThat(soon.and(failed)).isEqualTo(failed);
    assertThat(ReconcileResult.done().and(ReconcileResult.done()))
        .isEqualTo(ReconcileResult.done());
  }
}
