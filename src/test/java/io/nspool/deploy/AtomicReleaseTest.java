package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Bounded Helm history")
class AtomicReleaseTest {
  @Test
  @DisplayName("deletes the oldest records beyond 10, never the deployed one nor the latest")
  void prunesOldestButDeployed() {
    List<Secret> records = new ArrayList<>();
    records.add(record(1, "deployed"));
    IntStream.rangeClosed(2, 13).forEach(v -> records.add(record(v, "failed")));
    java.util.Collections.reverse(records);

    assertThat(AtomicRelease.superfluous(records))
        .extracting(s -> HelmRecord.version(s).orElseThrow())
        .containsExactly(2, 3, 4);
  }

  @Test
  @DisplayName("deletes nothing at 10 records or fewer")
  void keepsShortHistory() {
    List<Secret> records = new ArrayList<>();
    IntStream.rangeClosed(1, 10).forEach(v -> records.add(record(v, "superseded")));

    assertThat(AtomicRelease.superfluous(records)).isEmpty();
  }

  private static Secret record(int version, String status) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(HelmRecord.secretName("t", version))
        .addToLabels("version", Integer.toString(version))
        .addToLabels("status", status)
        .endMetadata()
        .build();
  }
}
