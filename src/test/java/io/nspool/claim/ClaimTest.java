package io.nspool.claim;

import static io.nspool.claim.ClaimFixtures.DEPLOYMENT;
import static io.nspool.claim.ClaimFixtures.NS;
import static io.nspool.claim.ClaimFixtures.PURGE_AFTER;
import static io.nspool.claim.ClaimFixtures.REASON;
import static io.nspool.claim.ClaimFixtures.T0;
import static io.nspool.claim.ClaimFixtures.UID;
import static io.nspool.claim.ClaimState.CLAIMED;
import static io.nspool.claim.ClaimState.CLEANING;
import static io.nspool.claim.ClaimState.DRAINING;
import static io.nspool.claim.ClaimState.FREE;
import static io.nspool.claim.ClaimState.QUARANTINED;
import static io.nspool.claim.ClaimState.RETAINED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClaimTest {

  @ParameterizedTest
  @EnumSource(ClaimState.class)
  @DisplayName("the fixture claim of every state is consistent")
  void fixturesAreValid(ClaimState state) {
    assertThat(ClaimFixtures.inState(state).state()).isEqualTo(state);
  }

  @Test
  @DisplayName("a namespace joining the pool starts free, unheld and not leaving")
  void free() {
    assertThat(Claim.free(NS, T0))
        .isEqualTo(new Claim(NS, FREE, null, null, T0, null, null, false));
  }

  @Test
  @DisplayName("a claim without a namespace is rejected")
  void noNamespace() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Claim.free(" ", T0))
        .withMessage("claim: namespace must not be empty");
  }

  @Test
  @DisplayName("a free claim naming a holder is rejected")
  void freeWithHolder() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Claim(NS, FREE, UID, null, T0, null, null, false))
        .withMessage(
            "claim of namespace \"pool-ns-1\" in state free: must not name a holder or deployment");
  }

  @Test
  @DisplayName("a quarantined claim naming a deployment is rejected")
  void quarantinedWithDeployment() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Claim(NS, QUARANTINED, null, DEPLOYMENT, T0, null, REASON, false))
        .withMessageContaining("must not name a holder or deployment");
  }

  @ParameterizedTest
  @EnumSource(names = {"CLAIMED", "RETAINED", "DRAINING"})
  @DisplayName("a held claim without a holder is rejected")
  void heldWithoutHolder(ClaimState state) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Claim(NS, state, null, DEPLOYMENT, T0, PURGE_AFTER, null, true))
        .withMessageContaining("in state " + state.wireName() + ": needs a holderUid");
  }

  @Test
  @DisplayName("a retained claim without purgeAfter is rejected")
  void retainedWithoutPurgeAfter() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Claim(NS, RETAINED, UID, DEPLOYMENT, T0, null, null, false))
        .withMessageContaining("purgeAfter is set when, and only when, retained");
  }

  @Test
  @DisplayName("purgeAfter on a claim that is not retained is rejected")
  void purgeAfterWhenNotRetained() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Claim(NS, CLAIMED, UID, DEPLOYMENT, T0, PURGE_AFTER, null, false))
        .withMessageContaining("purgeAfter is set when, and only when, retained");
  }

  @Test
  @DisplayName("a quarantined claim must say why, and only a quarantined one has a reason")
  void reasonOnlyWhenQuarantined() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Claim(NS, QUARANTINED, null, null, T0, null, null, false))
        .withMessageContaining("reason is set when, and only when, quarantined");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Claim(NS, CLEANING, null, null, T0, null, REASON, false))
        .withMessageContaining("reason is set when, and only when, quarantined");
  }

  @Test
  @DisplayName("a draining claim that is not leaving is rejected")
  void drainingNotLeaving() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Claim(NS, DRAINING, UID, DEPLOYMENT, T0, null, null, false))
        .withMessageContaining("a draining namespace is always leaving");
  }

  @Test
  @DisplayName("a cleaning claim may or may not still name the tenant being scrubbed")
  void cleaningHolderOptional() {
    assertThat(new Claim(NS, CLEANING, UID, DEPLOYMENT, T0, null, null, false).holderUid())
        .isEqualTo(UID);
    assertThat(new Claim(NS, CLEANING, null, null, T0, null, null, false).holderUid()).isNull();
  }

  @ParameterizedTest
  @EnumSource(
      value = ClaimState.class,
      names = {"QUARANTINED", "CLEANING"},
      mode = EnumSource.Mode.EXCLUDE)
  @DisplayName("only a quarantined or cleaning claim counts quarantines")
  void quarantineCountOnlyWhereItMeansSomething(ClaimState state) {
    Claim c = ClaimFixtures.inState(state);
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new Claim(
                    c.namespace(),
                    c.state(),
                    c.holderUid(),
                    c.deploymentName(),
                    c.since(),
                    c.purgeAfter(),
                    c.reason(),
                    c.leaving(),
                    c.executorOf(),
                    1))
        .withMessageContaining("quarantines is counted only while quarantined or cleaning");
  }

  @Test
  @DisplayName("a negative quarantine count is rejected")
  void negativeQuarantineCount() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Claim(NS, QUARANTINED, null, null, T0, null, REASON, false, null, -1))
        .withMessageContaining("quarantines must not be negative, got -1");
  }
}
