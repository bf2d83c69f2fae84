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
            "User \"system:serviceaccount:nspool-system:installer-team-1\" cannot get resource"
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

  @Test
  @DisplayName(
      "Kubernetes' refusal to let the installer grant what it does not hold becomes PermissionDenied naming each rule, the identity and the YAML to add, without the errors it caused")
  void attemptingToGrant() {
    // As Helm reported it installing the pod-launcher trait chart (PreflightIT).
    HelmFailure failure =
        HelmFailure.classify(
            "2 errors occurred:\n"
                + "\t* roles.rbac.authorization.k8s.io \"r-pod-launcher-role\" is forbidden: user"
                + " \"system:serviceaccount:nspool-system:installer-team-1\""
                + " (groups=[\"system:serviceaccounts\" \"system:serviceaccounts:team-1\""
                + " \"system:authenticated\"]) is attempting to grant RBAC permissions not currently"
                + " held:\n"
                + "{APIGroups:[\"\"], Resources:[\"pods/exec\"], Verbs:[\"create\" \"get\"]}\n"
                + "{APIGroups:[\"\"], Resources:[\"pods/portforward\"], ResourceNames:[\"db\"],"
                + " Verbs:[\"create\"]}\n"
                + "\t* rolebindings.rbac.authorization.k8s.io \"r-pod-launcher-role\" not found",
            "team-1");

    assertThat(failure.kind()).isEqualTo(HelmFailure.Kind.PERMISSION_DENIED);
    assertThat(failure.message())
        .isEqualTo(
            "the identity system:serviceaccount:nspool-system:installer-team-1 was refused by Kubernetes"
                + " when it attempted to grant RBAC permissions it does not hold in namespace"
                + " team-1 (a Role may only grant what its creator holds): create, get pods/exec;"
                + " create pods/portforward named db; add to the Role nspool-installer"
                + " in team-1 (and to nspool's Role there, which must hold whatever the installer"
                + " holds):\n"
                + "  - {apiGroups: [\"\"], resources: [pods/exec], verbs: [create, get]}\n"
                + "  - {apiGroups: [\"\"], resources: [pods/portforward], resourceNames: [db],"
                + " verbs: [create]}");
  }

  @Test
  @DisplayName("every forbidden refusal in one Helm message is named, not only the first")
  void everyForbidden() {
    HelmFailure failure =
        HelmFailure.classify(
            "2 errors occurred:\n"
                + "\t* networkpolicies.networking.k8s.io \"x\" is forbidden: User"
                + " \"system:serviceaccount:nspool-system:installer-team-1\" cannot create resource"
                + " \"networkpolicies\" in API group \"networking.k8s.io\" in the namespace"
                + " \"team-1\"\n"
                + "\t* clusterroles.rbac.authorization.k8s.io \"y\" is forbidden: User"
                + " \"system:serviceaccount:nspool-system:installer-team-1\" cannot create resource"
                + " \"clusterroles\" in API group \"rbac.authorization.k8s.io\" at the cluster scope",
            "team-1");

    assertThat(failure.kind()).isEqualTo(HelmFailure.Kind.PERMISSION_DENIED);
    assertThat(failure.message())
        .contains(
            "may not create networkpolicies (API group \"networking.k8s.io\") in namespace team-1")
        .contains("resources: [\"networkpolicies\"]")
        .contains(
            "may not create clusterroles (API group \"rbac.authorization.k8s.io\") cluster-wide")
        .contains("no rule can grant this");
  }
}
