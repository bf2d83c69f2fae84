package io.nspool.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Crash points")
class CrashPointsTest {

  @Test
  @DisplayName("are off when NSPOOL_CRASH_AT is unset, so reaching one does nothing")
  void offByDefault() {
    assertThat(CrashPoints.armed()).isNull();
    for (CrashPoint p : CrashPoint.values()) {
      CrashPoints.reach(p); // still running
    }
  }

  @Test
  @DisplayName("parse name[:nth], the count defaulting to 1")
  void parse() {
    assertThat(CrashPoints.Armed.parse("claim.after-lease-write"))
        .satisfies(
            a -> {
              assertThat(a.point()).isEqualTo(CrashPoint.CLAIM_AFTER_LEASE_WRITE);
              assertThat(a.nth()).isEqualTo(1);
            });
    assertThat(CrashPoints.Armed.parse("scrub.mid-deletion:3").nth()).isEqualTo(3);
    assertThat(CrashPoints.Armed.parse(" ")).isNull();
  }

  @Test
  @DisplayName("refuse an unknown name listing every point, and a count that is not 1 or more")
  void refuse() {
    assertThatThrownBy(() -> CrashPoints.Armed.parse("claim.after"))
        .hasMessageContaining("unknown crash point \"claim.after\"")
        .hasMessageContaining("install.before-helm")
        .hasMessageContaining("scrub.before-free");
    assertThatThrownBy(() -> CrashPoints.Armed.parse("install.before-helm:0"))
        .hasMessageContaining("1 or more");
    assertThatThrownBy(() -> CrashPoints.Armed.parse("install.before-helm:x"))
        .hasMessageContaining("whole number");
  }

  @Test
  @DisplayName("have unique names")
  void unique() {
    assertThat(java.util.Arrays.stream(CrashPoint.values()).map(CrashPoint::wireName))
        .doesNotHaveDuplicates();
  }
}
