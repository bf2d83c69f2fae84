package io.nspool.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.nspool.claim.Claim;
import io.nspool.claim.NamespaceStateMachine;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClaimHoldersTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private final ClaimHolders holders = new ClaimHolders();

  private static Claim claimed(String namespace, String uid) {
    return NamespaceStateMachine.claim(Claim.free(namespace, NOW), uid, "control/" + uid, NOW);
  }

  @Test
  void aClaimedNamespaceIsItsDeploymentsUntilItIsReleased() {
    holders.changed("ns-1", claimed("ns-1", "uid-a"));
    assertThat(holders.namespaceOf("uid-a")).contains("ns-1");

    holders.changed("ns-1", NamespaceStateMachine.releaseHard(claimed("ns-1", "uid-a"), NOW));
    assertThat(holders.namespaceOf("uid-a")).isEmpty();
  }

  @Test
  void aFreeOrDeletedClaimObjectHoldsNothing() {
    holders.changed("ns-1", Claim.free("ns-1", NOW));
    holders.changed("ns-2", null);
    assertThat(holders.namespaceOf("uid-a")).isEmpty();
  }

  @Test
  void aNamespaceTakenOverByAnotherDeploymentIsNoLongerTheFormerHolders() {
    holders.changed("ns-1", claimed("ns-1", "uid-a"));
    holders.changed("ns-1", claimed("ns-1", "uid-b"));
    assertThat(holders.namespaceOf("uid-a")).isEmpty();
    assertThat(holders.namespaceOf("uid-b")).contains("ns-1");
  }

  @Test
  void anExecutorNamespaceIsNotTheDeploymentsOwn() {
    holders.changed(
        "ns-2",
        NamespaceStateMachine.claimExecutor(
            Claim.free("ns-2", NOW), "uid-a", "control/uid-a", "ns-1", NOW));
    assertThat(holders.namespaceOf("uid-a")).isEmpty();
  }

  @Test
  void releasingAnOldNamespaceKeepsTheOneNowHeld() {
    holders.changed("ns-1", claimed("ns-1", "uid-a"));
    holders.changed("ns-2", claimed("ns-2", "uid-a"));
    holders.changed("ns-1", Claim.free("ns-1", NOW));
    assertThat(holders.namespaceOf("uid-a")).contains("ns-2");
  }
}
