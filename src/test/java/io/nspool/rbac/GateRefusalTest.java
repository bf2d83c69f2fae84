package io.nspool.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Telling the admission gate's refusal of the probe from any other answer")
class GateRefusalTest {
  private static final String CONTROL = "nspool-system";
  private static final String POLICY = "nspool-nspool-system-dynamic";

  /** What kube-apiserver answers when a ValidatingAdmissionPolicy without a reason denies. */
  private static Status denial(String policy, String binding, String message) {
    String cause =
        "ValidatingAdmissionPolicy '"
            + policy
            + "' with binding '"
            + binding
            + "' denied request: "
            + message;
    return new StatusBuilder()
        .withStatus("Failure")
        .withCode(422)
        .withReason("Invalid")
        .withMessage(
            "rolebindings.rbac.authorization.k8s.io \"nspool-gate-probe\" is forbidden: " + cause)
        .withNewDetails()
        .withGroup("rbac.authorization.k8s.io")
        .withKind("rolebindings")
        .withName(DynamicRoles.GATE_PROBE)
        .addNewCause()
        .withMessage(cause)
        .endCause()
        .endDetails()
        .build();
  }

  @Test
  @DisplayName("the gate's denial is recognised by code, reason, details and the policy's name")
  void recognisesTheGate() {
    assertThat(DynamicRoles.isGateRefusal(denial(POLICY, POLICY, "anything"), CONTROL)).isTrue();
  }

  @Test
  @DisplayName(
      "whatever the policy's own message says (edited, translated, empty), and whichever binding")
  void notByMessageText() {
    assertThat(DynamicRoles.isGateRefusal(denial(POLICY, POLICY, "nein"), CONTROL)).isTrue();
    assertThat(DynamicRoles.isGateRefusal(denial(POLICY, "admins-own", ""), CONTROL)).isTrue();
  }

  @Test
  @DisplayName("another policy's denial, even quoting the gate's message, is not the gate")
  void anotherPolicyIsNot() {
    Status other =
        denial(
            "someone-elses",
            "someone-elses",
            "nspool's pool ClusterRole nspool-nspool-system-pool may be bound only in a namespace");
    assertThat(DynamicRoles.isGateRefusal(other, CONTROL)).isFalse();
    assertThat(DynamicRoles.isGateRefusal(denial(POLICY, POLICY, "x"), "other-control")).isFalse();
  }

  @Test
  @DisplayName("an RBAC refusal, a webhook's, or a denial of another object is not the gate")
  void otherRefusalsAreNot() {
    Status forbidden = denial(POLICY, POLICY, "x");
    forbidden.setCode(403);
    forbidden.setReason("Forbidden");
    assertThat(DynamicRoles.isGateRefusal(forbidden, CONTROL)).isFalse();

    Status otherObject = denial(POLICY, POLICY, "x");
    otherObject.getDetails().setName("nspool-join");
    assertThat(DynamicRoles.isGateRefusal(otherObject, CONTROL)).isFalse();

    Status noCause = denial(POLICY, POLICY, "x");
    noCause.getDetails().setCauses(null);
    assertThat(DynamicRoles.isGateRefusal(noCause, CONTROL)).isFalse();

    assertThat(DynamicRoles.isGateRefusal(null, CONTROL)).isFalse();
    assertThat(DynamicRoles.isGateRefusal(new Status(), CONTROL)).isFalse();
  }
}
