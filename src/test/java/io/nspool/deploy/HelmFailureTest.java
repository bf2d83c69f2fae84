package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Classifying Helm failures")
class HelmFailureTest {

  @Test
  @DisplayName(
      "a forbidden error becomes PermissionDenied naming verb, resource, group, namespace, identity and the rule")
  void forbidden() {
    HelmFailure failure =
        HelmFailure.classify(
            "serviceaccounts is forbidden: User \"system:serviceaccount:astronomer:astronomer-commander\""
                + " cannot create resource \"serviceaccounts\" in API group \"\" in the namespace \"team-1\"");

    assertThat(failure.kind()).isEqualTo(HelmFailure.Kind.PERMISSION_DENIED);
    assertThat(failure.reason()).isEqualTo("PermissionDenied");
    assertThat(failure.message())
        .isEqualTo(
            "nspool's identity system:serviceaccount:astronomer:astronomer-commander may not create"
                + " serviceaccounts (API group \"\") in namespace team-1. Add this rule to nspool's"
                + " Role in team-1: {apiGroups: [\"\"], resources: [\"serviceaccounts\"], verbs:"
                + " [\"create\"]}");
  }

  @Test
  @DisplayName("a cluster-scoped forbidden error says cluster-wide")
  void forbiddenClusterWide() {
    HelmFailure failure =
        HelmFailure.classify(
            "User \"system:serviceaccount:a:b\" cannot list resource \"nodes\" in API group \"\" at the cluster scope");

    assertThat(failure.message()).contains("may not list nodes").contains("cluster-wide");
  }

  @Test
  @DisplayName("a template error becomes InvalidChart with Helm's message unchanged")
  void invalidChart() {
    String helm = "template: airflow/templates/x.yaml:3:4: executing ... nil pointer";

    HelmFailure failure = HelmFailure.classify(helm);

    assertThat(failure.kind()).isEqualTo(HelmFailure.Kind.INVALID_CHART);
    assertThat(failure.message()).isEqualTo(helm);
  }

  @Test
  @DisplayName("anything else is transient and retried")
  void transientByDefault() {
    assertThat(HelmFailure.classify("context deadline exceeded").kind())
        .isEqualTo(HelmFailure.Kind.TRANSIENT);
    assertThat(HelmFailure.classify(null).message()).isEqualTo("unknown error");
  }
}
