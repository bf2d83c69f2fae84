package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An interrupted release")
class InterruptedReleaseTest {
  @Test
  @DisplayName("is one whose latest revision is pending, reinstalled when nothing was deployed")
  void pendingInstall() {
    Optional<InterruptedRelease.Stuck> stuck =
        InterruptedRelease.stuck(List.of(record(1, "pending-install")));

    assertThat(stuck).isPresent();
    assertThat(stuck.get().revision()).isEqualTo(1);
    assertThat(stuck.get().reinstall()).isTrue();
  }

  @Test
  @DisplayName("upgrades from the latest deployed revision before the pending one")
  void pendingUpgrade() {
    Optional<InterruptedRelease.Stuck> stuck =
        InterruptedRelease.stuck(
            List.of(
                record(10, "pending-upgrade"),
                record(8, "superseded"),
                record(9, "deployed"),
                record(2, "failed")));

    assertThat(stuck).isPresent();
    assertThat(stuck.get().revision()).isEqualTo(10); // by number, not as text ("10" < "9")
    assertThat(stuck.get().status()).isEqualTo("pending-upgrade");
    assertThat(stuck.get().deployed()).contains(9);
    assertThat(stuck.get().reinstall()).isFalse();
  }

  @Test
  @DisplayName("is not one whose latest revision finished, or that has no records")
  void notStuck() {
    assertThat(
            InterruptedRelease.stuck(
                List.of(record(1, "pending-upgrade"), record(2, "deployed"), record(3, "failed"))))
        .isEmpty();
    assertThat(InterruptedRelease.stuck(List.of())).isEmpty();
  }

  private static Secret record(int version, String status) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("sh.helm.release.v1.t.v" + version)
        .addToLabels("owner", "helm")
        .addToLabels("name", "t")
        .addToLabels("status", status)
        .addToLabels("version", Integer.toString(version))
        .endMetadata()
        .build();
  }
}
