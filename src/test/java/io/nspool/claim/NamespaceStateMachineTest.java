package io.nspool.claim;

import static io.nspool.claim.ClaimFixtures.DEPLOYMENT;
import static io.nspool.claim.ClaimFixtures.NS;
import static io.nspool.claim.ClaimFixtures.OTHER_UID;
import static io.nspool.claim.ClaimFixtures.PURGE_AFTER;
import static io.nspool.claim.ClaimFixtures.REASON;
import static io.nspool.claim.ClaimFixtures.RETENTION;
import static io.nspool.claim.ClaimFixtures.T0;
import static io.nspool.claim.ClaimFixtures.UID;
import static io.nspool.claim.ClaimFixtures.inState;
import static io.nspool.claim.ClaimFixtures.leaving;
import static io.nspool.claim.ClaimState.CLAIMED;
import static io.nspool.claim.ClaimState.CLEANING;
import static io.nspool.claim.ClaimState.DRAINING;
import static io.nspool.claim.ClaimState.FREE;
import static io.nspool.claim.ClaimState.QUARANTINED;
import static io.nspool.claim.ClaimState.RETAINED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nspool.claim.NamespaceStateMachine.Transition;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NamespaceStateMachineTest {

  private static final Instant LATER = T0.plus(Duration.ofHours(1));

  @Nested
  @DisplayName("claim")
  class ClaimTransition {

    @Test
    @DisplayName("a free namespace becomes claimed by the deployment")
    void freeToClaimed() {
      // Given
      Claim free = inState(FREE);
      // When
      Claim claimed = NamespaceStateMachine.claim(free, UID, DEPLOYMENT, LATER);
      // Then
      assertThat(claimed)
          .isEqualTo(new Claim(NS, CLAIMED, UID, DEPLOYMENT, LATER, null, null, false));
    }

    @Test
    @DisplayName("a free namespace that is leaving the pool cannot be claimed")
    void leavingRefused() {
      // Given
      Claim free = leaving(inState(FREE));
      // When / Then
      assertThatThrownBy(() -> NamespaceStateMachine.claim(free, UID, DEPLOYMENT, LATER))
          .isInstanceOf(IllegalTransitionException.class)
          .hasMessage(
              "namespace \"pool-ns-1\" is free and leaving the pool: cannot claim: it was removed"
                  + " from the pool; pick another namespace. Legal from here: quarantine, drain,"
                  + " undrain");
      assertThat(free).isEqualTo(leaving(inState(FREE)));
    }

    @Test
    @DisplayName("a claim without the deployment's UID or name is rejected, naming the field")
    void missingArguments() {
      Claim free = inState(FREE);
      assertThatIllegalArgumentException()
          .isThrownBy(() -> NamespaceStateMachine.claim(free, " ", DEPLOYMENT, LATER))
          .withMessage("deploymentUid must not be empty");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> NamespaceStateMachine.claim(free, UID, null, LATER))
          .withMessage("deploymentName must not be empty");
    }
  }

  @Nested
  @DisplayName("release")
  class Release {

    @ParameterizedTest
    @EnumSource(names = {"CLAIMED", "DRAINING"})
    @DisplayName("a hard release sends the namespace to cleaning, still naming the tenant")
    void hard(ClaimState state) {
      // Given
      Claim held = inState(state);
      // When
      Claim cleaning = NamespaceStateMachine.releaseHard(held, LATER);
      // Then
      assertThat(cleaning)
          .isEqualTo(new Claim(NS, CLEANING, UID, DEPLOYMENT, LATER, null, null, held.leaving()));
    }

    @ParameterizedTest
    @EnumSource(names = {"CLAIMED", "DRAINING"})
    @DisplayName("a soft release retains the namespace for the holder until now + retention")
    void soft(ClaimState state) {
      // Given
      Claim held = inState(state);
      // When
      Claim retained = NamespaceStateMachine.releaseSoft(held, RETENTION, LATER);
      // Then
      assertThat(retained)
          .isEqualTo(
              new Claim(
                  NS,
                  RETAINED,
                  UID,
                  DEPLOYMENT,
                  LATER,
                  LATER.plus(RETENTION),
                  null,
                  held.leaving()));
    }

    @Test
    @DisplayName("a soft release with a retention out of range is rejected")
    void softBadRetention() {
      Claim claimed = inState(CLAIMED);
      assertThatIllegalArgumentException()
          .isThrownBy(() -> NamespaceStateMachine.releaseSoft(claimed, Duration.ZERO, LATER))
          .withMessage("retention must be more than 0s and at most 3650d, got PT0S");
      assertThatIllegalArgumentException()
          .isThrownBy(
              () -> NamespaceStateMachine.releaseSoft(claimed, Duration.ofDays(3651), LATER))
          .withMessageContaining("at most 3650d");
    }
  }

  @Nested
  @DisplayName("restore")
  class Restore {

    @Test
    @DisplayName("the holder restores its retained namespace before purgeAfter")
    void byHolder() {
      // Given
      Claim retained = inState(RETAINED);
      // When
      Claim claimed = NamespaceStateMachine.restore(retained, UID, LATER);
      // Then
      assertThat(claimed)
          .isEqualTo(new Claim(NS, CLAIMED, UID, DEPLOYMENT, LATER, null, null, false));
    }

    @Test
    @DisplayName("a namespace removed from the pool while retained is restored as draining")
    void leavingRestoresAsDraining() {
      // Given
      Claim retained = leaving(inState(RETAINED));
      // When
      Claim restored = NamespaceStateMachine.restore(retained, UID, LATER);
      // Then
      assertThat(restored)
          .isEqualTo(new Claim(NS, DRAINING, UID, DEPLOYMENT, LATER, null, null, true));
    }

    @Test
    @DisplayName("another deployment cannot restore someone else's retained namespace")
    void byOtherHolder() {
      // Given
      Claim retained = inState(RETAINED);
      // When / Then
      assertThatThrownBy(() -> NamespaceStateMachine.restore(retained, OTHER_UID, LATER))
          .isInstanceOf(IllegalTransitionException.class)
          .hasMessageContaining("namespace \"pool-ns-1\" is retained: cannot restore")
          .hasMessageContaining("retained for deployment uid " + UID + ", not " + OTHER_UID);
      assertThat(retained).isEqualTo(inState(RETAINED));
    }

    @Test
    @DisplayName("restore at or after purgeAfter is refused, saying when the retention expired")
    void afterPurgeAfter() {
      // Given
      Claim retained = inState(RETAINED);
      // When / Then
      for (Instant now : new Instant[] {PURGE_AFTER, PURGE_AFTER.plusSeconds(1)}) {
        assertThatThrownBy(() -> NamespaceStateMachine.restore(retained, UID, now))
            .isInstanceOf(IllegalTransitionException.class)
            .hasMessage(
                "namespace \"pool-ns-1\" is retained: cannot restore: the retention expired at"
                    + " 2025-03-15T10:00:00Z; the namespace is due to be purged. Legal from here:"
                    + " purge, drain, undrain, orphaned");
      }
      assertThat(retained).isEqualTo(inState(RETAINED));
    }

    @Test
    @DisplayName("restore one second before purgeAfter still succeeds")
    void justBeforePurgeAfter() {
      Claim claimed =
          NamespaceStateMachine.restore(inState(RETAINED), UID, PURGE_AFTER.minusSeconds(1));
      assertThat(claimed.state()).isEqualTo(CLAIMED);
    }
  }

  @Nested
  @DisplayName("purge")
  class Purge {

    @Test
    @DisplayName(
        "from purgeAfter on, a retained namespace goes to cleaning, still naming the tenant")
    void atPurgeAfter() {
      // Given
      Claim retained = inState(RETAINED);
      // When
      Claim cleaning = NamespaceStateMachine.purge(retained, PURGE_AFTER);
      // Then
      assertThat(cleaning)
          .isEqualTo(new Claim(NS, CLEANING, UID, DEPLOYMENT, PURGE_AFTER, null, null, false));
    }

    @Test
    @DisplayName("purge before purgeAfter is refused: the holder may still restore")
    void beforePurgeAfter() {
      // Given
      Claim retained = inState(RETAINED);
      // When / Then
      assertThatThrownBy(() -> NamespaceStateMachine.purge(retained, PURGE_AFTER.minusMillis(1)))
          .isInstanceOf(IllegalTransitionException.class)
          .hasMessage(
              "namespace \"pool-ns-1\" is retained: cannot purge: the retention runs until"
                  + " 2025-03-15T10:00:00Z and the deployment may still restore it. Legal from"
                  + " here: restore, drain, undrain, orphaned");
      assertThat(retained).isEqualTo(inState(RETAINED));
    }
  }

  @Nested
  @DisplayName("scrub")
  class Scrub {

    @Test
    @DisplayName("a scrubbed namespace becomes free, with no trace of the tenant")
    void scrubbed() {
      // Given
      Claim cleaning = inState(CLEANING);
      // When
      Claim free = NamespaceStateMachine.scrubbed(cleaning, LATER);
      // Then
      assertThat(free).isEqualTo(new Claim(NS, FREE, null, null, LATER, null, null, false));
      assertThat(NamespaceStateMachine.isOffered(free)).isTrue();
    }

    @Test
    @DisplayName("a scrubbed namespace that is leaving is free but not offered: it should leave")
    void scrubbedWhileLeaving() {
      // Given
      Claim cleaning = leaving(inState(CLEANING));
      // When
      Claim free = NamespaceStateMachine.scrubbed(cleaning, LATER);
      // Then
      assertThat(free.state()).isEqualTo(FREE);
      assertThat(NamespaceStateMachine.isOffered(free)).isFalse();
      assertThat(NamespaceStateMachine.shouldLeavePool(free)).isTrue();
    }

    @Test
    @DisplayName(
        "a failed scrub quarantines the namespace with the caller's reason, tenant dropped")
    void scrubFailed() {
      // Given
      Claim cleaning = inState(CLEANING);
      String reason = "2 objects left after scrub: ConfigMap/airflow-cfg, Secret/fernet-key";
      // When
      Claim quarantined = NamespaceStateMachine.scrubFailed(cleaning, reason, LATER);
      // Then
      assertThat(quarantined)
          .isEqualTo(new Claim(NS, QUARANTINED, null, null, LATER, null, reason, false, null, 1));
    }

    @Test
    @DisplayName("a failed scrub without a reason is rejected")
    void scrubFailedNeedsReason() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> NamespaceStateMachine.scrubFailed(inState(CLEANING), "", LATER))
          .withMessage("reason must not be empty");
    }
  }

  @Nested
  @DisplayName("quarantine and recover")
  class QuarantineAndRecover {

    @Test
    @DisplayName("a free namespace found unusable is quarantined with the reason")
    void quarantine() {
      // Given
      Claim free = inState(FREE);
      // When
      Claim quarantined = NamespaceStateMachine.quarantine(free, REASON, LATER);
      // Then
      assertThat(quarantined)
          .isEqualTo(new Claim(NS, QUARANTINED, null, null, LATER, null, REASON, false, null, 1));
      assertThat(NamespaceStateMachine.isOffered(quarantined)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(names = {"CLAIMED", "RETAINED", "DRAINING"})
    @DisplayName("a namespace a tenant holds or retains is never quarantined")
    void notWhileHeld(ClaimState state) {
      Claim held = inState(state);
      assertThatThrownBy(() -> NamespaceStateMachine.quarantine(held, REASON, LATER))
          .isInstanceOf(IllegalTransitionException.class)
          .hasMessageContaining("cannot quarantine: only allowed from free");
    }

    @Test
    @DisplayName("a recovered namespace is scrubbed again, never freed directly")
    void recover() {
      // Given
      Claim quarantined = inState(QUARANTINED);
      // When
      Claim recovered = NamespaceStateMachine.recover(quarantined, LATER);
      // Then
      assertThat(recovered)
          .isEqualTo(new Claim(NS, CLEANING, null, null, LATER, null, null, false));
      assertThat(NamespaceStateMachine.isOffered(recovered)).isFalse();
    }
  }

  @Nested
  @DisplayName("quarantines in a row")
  class QuarantineCount {

    private static final Instant LATEST = LATER.plus(Duration.ofMinutes(5));

    @Test
    @DisplayName("a retry that fails again counts one more quarantine; the count rides in cleaning")
    void failedRetryCountsOneMore() {
      // Given a namespace quarantined twice in a row
      Claim quarantined = quarantinedTimes(2);
      // When it is retried and its scrub fails again
      Claim retrying = NamespaceStateMachine.recover(quarantined, LATER);
      Claim again = NamespaceStateMachine.scrubFailed(retrying, "still held", LATEST);
      // Then
      assertThat(retrying.state()).isEqualTo(CLEANING);
      assertThat(retrying.quarantines()).isEqualTo(2);
      assertThat(again.quarantines()).isEqualTo(3);
      assertThat(again.since()).isEqualTo(LATEST);
    }

    @Test
    @DisplayName("a clean scrub resets the count, so a later quarantine is a first one again")
    void cleanScrubResets() {
      // Given
      Claim retrying = NamespaceStateMachine.recover(quarantinedTimes(4), LATER);
      // When
      Claim free = NamespaceStateMachine.scrubbed(retrying, LATEST);
      Claim unusable = NamespaceStateMachine.quarantine(free, REASON, LATEST);
      // Then
      assertThat(free.quarantines()).isZero();
      assertThat(free).isEqualTo(Claim.free(NS, LATEST));
      assertThat(unusable.quarantines()).isEqualTo(1);
    }

    @Test
    @DisplayName("a quarantined claim written before the count existed counts as a first one")
    void legacyClaimCountsAsFirst() {
      // Given a quarantined claim without a count (0), as every claim object of before
      Claim legacy = inState(QUARANTINED);
      // When
      Claim again =
          NamespaceStateMachine.scrubFailed(
              NamespaceStateMachine.recover(legacy, LATER), "still held", LATEST);
      // Then
      assertThat(legacy.quarantines()).isZero();
      assertThat(again.quarantines()).isEqualTo(1);
    }

    @Test
    @DisplayName("draining a quarantined namespace and adding it back keeps its count")
    void drainKeepsCount() {
      Claim quarantined = quarantinedTimes(3);
      Claim drained = NamespaceStateMachine.drain(quarantined, LATER);
      assertThat(drained.quarantines()).isEqualTo(3);
      assertThat(NamespaceStateMachine.undrain(drained, LATEST)).isEqualTo(quarantined);
    }

    private Claim quarantinedTimes(int n) {
      return new Claim(NS, QUARANTINED, null, null, T0, null, REASON, false, null, n);
    }
  }

  @Nested
  @DisplayName("drain and undrain")
  class DrainAndUndrain {

    @Test
    @DisplayName("draining a claimed namespace leaves the tenant in it, marked draining")
    void drainClaimed() {
      // Given
      Claim claimed = inState(CLAIMED);
      // When
      Claim draining = NamespaceStateMachine.drain(claimed, LATER);
      // Then
      assertThat(draining)
          .isEqualTo(new Claim(NS, DRAINING, UID, DEPLOYMENT, LATER, null, null, true));
    }

    @ParameterizedTest
    @EnumSource(names = {"FREE", "RETAINED", "CLEANING", "QUARANTINED"})
    @DisplayName("draining any other namespace only marks it leaving and keeps its since")
    void drainOthers(ClaimState state) {
      // Given
      Claim claim = inState(state);
      // When
      Claim drained = NamespaceStateMachine.drain(claim, LATER);
      // Then
      assertThat(drained).isEqualTo(leaving(claim));
    }

    @Test
    @DisplayName("a drained free namespace should leave the pool at once")
    void drainFree() {
      Claim drained = NamespaceStateMachine.drain(inState(FREE), LATER);
      assertThat(NamespaceStateMachine.shouldLeavePool(drained)).isTrue();
      assertThat(NamespaceStateMachine.isOffered(drained)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ClaimState.class)
    @DisplayName("draining a namespace that is already leaving changes nothing")
    void drainTwice(ClaimState state) {
      Claim leaving = NamespaceStateMachine.drain(inState(state), LATER);
      assertThat(NamespaceStateMachine.drain(leaving, LATER.plusSeconds(5))).isEqualTo(leaving);
    }

    @Test
    @DisplayName("undraining a draining namespace gives it back to its tenant as claimed")
    void undrainDraining() {
      // Given
      Claim draining = inState(DRAINING);
      // When
      Claim claimed = NamespaceStateMachine.undrain(draining, LATER);
      // Then
      assertThat(claimed)
          .isEqualTo(new Claim(NS, CLAIMED, UID, DEPLOYMENT, LATER, null, null, false));
    }

    @ParameterizedTest
    @EnumSource(names = {"FREE", "RETAINED", "CLEANING", "QUARANTINED"})
    @DisplayName("undraining any other namespace only clears leaving")
    void undrainOthers(ClaimState state) {
      // Given
      Claim claim = leaving(inState(state));
      // When
      Claim back = NamespaceStateMachine.undrain(claim, LATER);
      // Then
      assertThat(back).isEqualTo(inState(state));
    }

    @ParameterizedTest
    @EnumSource(names = {"FREE", "CLAIMED", "RETAINED", "CLEANING", "QUARANTINED"})
    @DisplayName("undraining a namespace that is not leaving changes nothing")
    void undrainNotLeaving(ClaimState state) {
      assertThat(NamespaceStateMachine.undrain(inState(state), LATER)).isEqualTo(inState(state));
    }

    @Test
    @DisplayName("a draining namespace released and scrubbed ends free and leaving the pool")
    void drainingLifecycle() {
      // Given
      Claim draining = NamespaceStateMachine.drain(inState(CLAIMED), LATER);
      // When
      Claim retained = NamespaceStateMachine.releaseSoft(draining, RETENTION, LATER);
      Claim cleaning = NamespaceStateMachine.purge(retained, LATER.plus(RETENTION));
      Claim free = NamespaceStateMachine.scrubbed(cleaning, LATER.plus(RETENTION));
      // Then
      assertThat(retained.leaving()).isTrue();
      assertThat(NamespaceStateMachine.shouldLeavePool(free)).isTrue();
    }
  }

  @Nested
  @DisplayName("orphaned")
  class Orphaned {

    @ParameterizedTest
    @EnumSource(names = {"CLAIMED", "DRAINING", "RETAINED"})
    @DisplayName("a namespace whose deployment no longer exists goes to cleaning")
    void orphaned(ClaimState state) {
      // Given
      Claim held = inState(state);
      // When
      Claim cleaning = NamespaceStateMachine.orphaned(held, LATER);
      // Then
      assertThat(cleaning)
          .isEqualTo(new Claim(NS, CLEANING, UID, DEPLOYMENT, LATER, null, null, held.leaving()));
    }
  }

  @Nested
  @DisplayName("offering")
  class Offering {

    @ParameterizedTest
    @EnumSource(ClaimState.class)
    @DisplayName("only a free namespace that is not leaving is offered")
    void offered(ClaimState state) {
      assertThat(NamespaceStateMachine.isOffered(inState(state))).isEqualTo(state == FREE);
      assertThat(NamespaceStateMachine.isOffered(leaving(inState(state)))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ClaimState.class)
    @DisplayName("only a free namespace that is leaving should leave the pool")
    void shouldLeave(ClaimState state) {
      assertThat(NamespaceStateMachine.shouldLeavePool(inState(state))).isFalse();
      assertThat(NamespaceStateMachine.shouldLeavePool(leaving(inState(state))))
          .isEqualTo(state == FREE);
    }
  }

  @Test
  @DisplayName("the legal transitions of a retained namespace depend on purgeAfter")
  void legalTransitionsOfRetained() {
    Claim retained = inState(RETAINED);
    assertThat(NamespaceStateMachine.legalTransitions(retained, LATER))
        .containsExactly(
            Transition.RESTORE, Transition.DRAIN, Transition.UNDRAIN, Transition.ORPHANED);
    assertThat(NamespaceStateMachine.legalTransitions(retained, PURGE_AFTER))
        .containsExactly(
            Transition.PURGE, Transition.DRAIN, Transition.UNDRAIN, Transition.ORPHANED);
  }

  @Test
  @DisplayName("transition wire names are kebab-case")
  void transitionWireNames() {
    assertThat(Transition.RELEASE_SOFT.wireName()).isEqualTo("release-soft");
    assertThat(Transition.SCRUB_FAILED.wireName()).isEqualTo("scrub-failed");
  }
}
