package io.nspool.claim;

import static io.nspool.claim.ClaimFixtures.NS;
import static io.nspool.claim.ClaimFixtures.T0;
import static io.nspool.claim.ClaimFixtures.UID;
import static io.nspool.claim.ClaimFixtures.inState;
import static io.nspool.claim.ClaimFixtures.leaving;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClaimCodecTest {

  @ParameterizedTest
  @EnumSource(ClaimState.class)
  @DisplayName("a claim in any state survives a round trip through its Lease")
  void roundTrip(ClaimState state) {
    // Given
    Claim claim = inState(state);
    Claim leaving = leaving(claim);
    // When / Then
    assertThat(ClaimCodec.fromLease(ClaimCodec.toLease(claim, "42"))).isEqualTo(claim);
    assertThat(ClaimCodec.fromLease(ClaimCodec.toLease(leaving, "42"))).isEqualTo(leaving);
  }

  @Test
  @DisplayName("a retained claim is a Lease nspool-claim in the pool namespace, holder as identity")
  void leaseShape() {
    // Given
    Claim retained = inState(ClaimState.RETAINED);
    // When
    Lease lease = ClaimCodec.toLease(retained, "1234");
    // Then
    assertThat(lease.getMetadata().getName()).isEqualTo("nspool-claim");
    assertThat(lease.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(lease.getMetadata().getResourceVersion()).isEqualTo("1234");
    assertThat(lease.getMetadata().getLabels())
        .containsExactly(entry("app.kubernetes.io/managed-by", "nspool"));
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(UID);
    assertThat(lease.getMetadata().getAnnotations())
        .containsOnly(
            entry("nspool.io/state", "retained"),
            entry("nspool.io/since", "2025-03-01T10:00:00Z"),
            entry("nspool.io/leaving", "false"),
            entry("nspool.io/deployment", "tenants/airflow-prod"),
            entry("nspool.io/purge-after", "2025-03-15T10:00:00Z"));
  }

  @Test
  @DisplayName("a free claim has no holder and only the annotations that apply")
  void freeShape() {
    Lease lease = ClaimCodec.toLease(inState(ClaimState.FREE));
    assertThat(lease.getMetadata().getResourceVersion()).isNull();
    assertThat(lease.getSpec().getHolderIdentity()).isNull();
    assertThat(lease.getMetadata().getAnnotations())
        .containsOnlyKeys("nspool.io/state", "nspool.io/since", "nspool.io/leaving");
  }

  @Test
  @DisplayName("a quarantined claim keeps its reason in an annotation")
  void quarantinedShape() {
    Lease lease = ClaimCodec.toLease(inState(ClaimState.QUARANTINED));
    assertThat(lease.getMetadata().getAnnotations())
        .containsEntry("nspool.io/reason", ClaimFixtures.REASON);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nspool.io/state", "nspool.io/since", "nspool.io/leaving"})
  @DisplayName("a missing required annotation is reported by name, with the namespace")
  void missingAnnotation(String annotation) {
    // Given
    Lease lease = ClaimCodec.toLease(inState(ClaimState.CLAIMED), "7");
    lease.getMetadata().getAnnotations().remove(annotation);
    // When / Then
    assertThatThrownBy(() -> ClaimCodec.fromLease(lease))
        .isInstanceOf(MalformedClaimException.class)
        .hasMessage(
            "claim object Lease(pool-ns-1/nspool-claim): annotation " + annotation + " is missing");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "nspool.io/state       | leased    | one of free, claimed, retained, cleaning,"
            + " quarantined, draining",
        "nspool.io/since       | yesterday | a UTC time such as 2025-01-31T12:00:00Z",
        "nspool.io/purge-after | 14d       | a UTC time such as 2025-01-31T12:00:00Z",
        "nspool.io/leaving     | yes       | true or false",
        "nspool.io/quarantines | two       | a whole number, 0 or more",
        "nspool.io/quarantines | -1        | a whole number, 0 or more",
      })
  @DisplayName("a garbled annotation is reported by name, value and expected form")
  void garbledAnnotation(String annotation, String value, String expected) {
    // Given
    Lease lease = ClaimCodec.toLease(inState(ClaimState.RETAINED), "7");
    lease.getMetadata().getAnnotations().put(annotation, value);
    // When / Then
    assertThatThrownBy(() -> ClaimCodec.fromLease(lease))
        .isInstanceOfSatisfying(
            MalformedClaimException.class, e -> assertThat(e.namespace()).isEqualTo(NS))
        .hasMessage(
            "claim object Lease(pool-ns-1/nspool-claim): annotation "
                + annotation
                + " is \""
                + value
                + "\"; expected "
                + expected);
  }

  @Test
  @DisplayName("a quarantine count survives a round trip in nspool.io/quarantines, in both states")
  void quarantineCountRoundTrip() {
    // Given
    Claim quarantined =
        new Claim(NS, ClaimState.QUARANTINED, null, null, T0, null, "x", false, null, 3);
    Claim retrying = NamespaceStateMachine.recover(quarantined, T0);
    // When
    Lease lease = ClaimCodec.toLease(quarantined, "7");
    // Then
    assertThat(lease.getMetadata().getAnnotations()).containsEntry("nspool.io/quarantines", "3");
    assertThat(ClaimCodec.fromLease(lease)).isEqualTo(quarantined);
    assertThat(ClaimCodec.fromLease(ClaimCodec.toLease(retrying, "8"))).isEqualTo(retrying);
  }

  @Test
  @DisplayName(
      "a quarantined claim object written before the count existed still decodes, as count 0")
  void claimObjectWithoutCountDecodes() {
    // Given the annotations an older nspool wrote for a quarantined namespace, exactly
    Lease old =
        new LeaseBuilder()
            .withNewMetadata()
            .withName("nspool-claim")
            .withNamespace(NS)
            .withResourceVersion("7")
            .addToAnnotations("nspool.io/state", "quarantined")
            .addToAnnotations("nspool.io/since", "2025-03-01T10:00:00Z")
            .addToAnnotations("nspool.io/leaving", "false")
            .addToAnnotations("nspool.io/reason", ClaimFixtures.REASON)
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .build();
    // When
    Claim claim = ClaimCodec.fromLease(old);
    // Then
    assertThat(claim).isEqualTo(inState(ClaimState.QUARANTINED));
    assertThat(claim.quarantines()).isZero();
  }

  @Test
  @DisplayName("a claim with no quarantine count writes no nspool.io/quarantines annotation")
  void noCountNoAnnotation() {
    for (ClaimState state : ClaimState.values()) {
      assertThat(ClaimCodec.toLease(inState(state)).getMetadata().getAnnotations())
          .doesNotContainKey("nspool.io/quarantines");
    }
  }

  @Test
  @DisplayName(
      "a quarantine count on a claim that is neither quarantined nor cleaning is inconsistent")
  void countOnFreeIsInconsistent() {
    Lease lease = ClaimCodec.toLease(inState(ClaimState.FREE), "7");
    lease.getMetadata().getAnnotations().put("nspool.io/quarantines", "2");
    assertThatThrownBy(() -> ClaimCodec.fromLease(lease))
        .isInstanceOf(MalformedClaimException.class)
        .hasMessageEndingWith(
            "in state free: quarantines is counted only while quarantined or cleaning");
  }

  @Test
  @DisplayName("annotations that contradict each other are reported as inconsistent")
  void inconsistent() {
    // Given a retained claim object whose purge-after annotation was removed by hand
    Lease lease = ClaimCodec.toLease(inState(ClaimState.RETAINED), "7");
    lease.getMetadata().getAnnotations().remove("nspool.io/purge-after");
    // When / Then
    assertThatThrownBy(() -> ClaimCodec.fromLease(lease))
        .isInstanceOf(MalformedClaimException.class)
        .hasMessage(
            "claim object Lease(pool-ns-1/nspool-claim): is inconsistent: claim of namespace"
                + " \"pool-ns-1\" in state retained: purgeAfter is set when, and only when,"
                + " retained");
  }

  @Test
  @DisplayName("a claimed Lease with an empty holder is inconsistent")
  void claimedWithoutHolder() {
    Lease lease = ClaimCodec.toLease(inState(ClaimState.CLAIMED), "7");
    lease.getSpec().setHolderIdentity("");
    assertThatThrownBy(() -> ClaimCodec.fromLease(lease))
        .isInstanceOf(MalformedClaimException.class)
        .hasMessageEndingWith("in state claimed: needs a holderUid");
  }

  @Test
  @DisplayName("a Lease with no annotations at all reports the state annotation missing")
  void noAnnotations() {
    Lease lease =
        new LeaseBuilder()
            .withNewMetadata()
            .withName("nspool-claim")
            .withNamespace(NS)
            .endMetadata()
            .build();
    assertThatThrownBy(() -> ClaimCodec.fromLease(lease))
        .isInstanceOf(MalformedClaimException.class)
        .hasMessageEndingWith("annotation nspool.io/state is missing");
  }

  @Test
  @DisplayName("a Lease with another name is not a claim object")
  void otherLease() {
    Lease lease = ClaimCodec.toLease(inState(ClaimState.FREE));
    lease.getMetadata().setName("leader-election");
    assertThatThrownBy(() -> ClaimCodec.fromLease(lease))
        .isInstanceOf(MalformedClaimException.class)
        .hasMessage(
            "claim object Lease(pool-ns-1/nspool-claim): Lease \"leader-election\" is not a claim"
                + " object");
  }

  @Test
  @DisplayName("a Lease without a namespace is rejected")
  void noNamespace() {
    Lease lease = ClaimCodec.toLease(inState(ClaimState.FREE));
    lease.getMetadata().setNamespace(null);
    assertThatThrownBy(() -> ClaimCodec.fromLease(lease))
        .isInstanceOf(MalformedClaimException.class)
        .hasMessage("claim object Lease(?/nspool-claim): has no metadata.namespace");
  }
}
