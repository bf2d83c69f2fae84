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
            "the identity system:serviceaccount:astronomer:astronomer-commander may not create"
                + " serviceaccounts (API group \"\") in namespace team-1. Add this rule to the Role"
                + " nspool-installer in team-1 (and to nspool's Role there, which must hold whatever"
                + " the installer holds): {apiGroups: [\"\"], resources: [\"serviceaccounts\"],"
                + " verbs: [\"create\"]}");
  }

  @Test
  @DisplayName("a cluster-scoped forbidden error says cluster-wide")
  void forbiddenClusterWide() {
    HelmFailure failure =
        HelmFailure.classify(
            "User \"system:serviceaccount:a:b\" cannot list resource \"nodes\" in API group \"\" at the cluster scope");

    assertThat(failure.message())
        .contains("may not list nodes")
        .contains("cluster-wide")
        .contains("no rule can grant this")
        .doesNotContain("Add this rule");
  }

  @Test
  @DisplayName(
      "a refusal in another namespace than the release's is isolation at work, never a rule to add")
  void forbiddenInAnotherNamespace() {
    HelmFailure failure =
        HelmFailure.classify(
            "User \"system:serviceaccount:team-1:nspool-installer\" cannot get resource"
                + " \"secrets\" in API group \"\" in the namespace \"team-2\"",
            "team-1");

    assertThat(failure.kind()).isEqualTo(HelmFailure.Kind.PERMISSION_DENIED);
    assertThat(failure.message())
        .contains("in namespace team-2")
        .contains("may only reach its own namespace team-1")
        .doesNotContain("Add this rule");
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
