package io.nspool.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.nspool.deploy.DeploymentStatus;
import io.nspool.deploy.TenantDeployment;
import org.junit.jupiter.api.Test;

/** Which deployments a claim object's change requeues. */
class ClaimEventConcernTest {

  private static TenantDeployment deployment(String uid, String boundTo) {
    TenantDeployment d = new TenantDeployment();
    d.getMetadata().setUid(uid);
    if (boundTo != null) {
      DeploymentStatus status = new DeploymentStatus();
      status.setNamespace(boundTo);
      d.setStatus(status);
    }
    return d;
  }

  @Test
  void aNamespaceOfferedAgainConcernsEveryDeploymentWithoutANamespace() {
    assertThat(Controller.concernedBy(deployment("u1", null), "ns-1", null, true)).isTrue();
  }

  @Test
  void aNamespaceJustClaimedOffersNothingToTheOthersWaiting() {
    assertThat(Controller.concernedBy(deployment("u1", null), "ns-1", "u2", false)).isFalse();
  }

  @Test
  void itsHolderAndTheDeploymentWhoseStatusNamesItAreAlwaysConcerned() {
    assertThat(Controller.concernedBy(deployment("u2", null), "ns-1", "u2", false)).isTrue();
    assertThat(Controller.concernedBy(deployment("u3", "ns-1"), "ns-1", "u2", false)).isTrue();
    assertThat(Controller.concernedBy(deployment("u3", "ns-1"), "ns-1", null, true)).isTrue();
  }

  @Test
  void aDeploymentBoundElsewhereIsNotConcerned() {
    assertThat(Controller.concernedBy(deployment("u3", "ns-9"), "ns-1", "u2", true)).isFalse();
  }
}
