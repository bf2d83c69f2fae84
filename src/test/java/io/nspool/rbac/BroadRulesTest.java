package io.nspool.rbac;

import static io.nspool.rbac.RbacLintTest.core;
import static io.nspool.rbac.RbacLintTest.named;
import static io.nspool.rbac.RbacLintTest.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("broad rules: what nspool does not give a pool namespace's installer unasked")
class BroadRulesTest {
  private static final List<String> RBAC = List.of("rbac.authorization.k8s.io");
  private static final List<String> COORDINATION = List.of("coordination.k8s.io");

  private static List<String> checks(PolicyRule rule) {
    return BroadRules.findings(rule).stream().map(Finding::check).toList();
  }

  @Test
  @DisplayName("a * in verbs, resources or apiGroups that may write is broad (wildcard)")
  void wildcards() {
    assertThat(checks(core("pods", "*"))).containsExactly("wildcard");
    assertThat(checks(core("*", "create")))
        .as("* resources include serviceaccounts/token, whose tokens are no longer nspool's")
        .containsExactly("wildcard");
    assertThat(checks(rule(List.of("*"), List.of("configmaps"), "create")))
        .containsExactly("wildcard");
    assertThat(checks(rule(List.of("*"), List.of("*"), "*")))
        .as("and, * reaching it, the claim Lease")
        .containsExactly("wildcard", "nspool-objects");
    assertThat(checks(rule(RBAC, List.of("roles"), "*")))
        .containsExactly("wildcard", "roles-any-verb");
    assertThat(BroadRules.why(BroadRules.findings(core("pods", "*"))))
        .startsWith("[wildcard] \"*\" in verbs grants every present and future verb");
  }

  @Test
  @DisplayName(
      "a read-only wildcard is not broad: the installer's fixed Role reads everything already")
  void wildcardReads() {
    assertThat(BroadRules.broad(rule(List.of("*"), List.of("*"), "get", "list", "watch")))
        .isFalse();
    assertThat(BroadRules.broad(core("*", "get"))).isFalse();
  }

  @Test
  @DisplayName("escalate, bind and impersonate are broad, on whatever resource")
  void escalateBindImpersonate() {
    assertThat(checks(rule(RBAC, List.of("roles"), "get", "escalate")))
        .containsExactly("escalate-bind-impersonate");
    assertThat(checks(rule(RBAC, List.of("roles", "clusterroles"), "bind")))
        .containsExactly("escalate-bind-impersonate");
    assertThat(checks(core("serviceaccounts", "impersonate")))
        .containsExactly("escalate-bind-impersonate");
  }

  @Test
  @DisplayName("writing the Namespace is broad; reading it is not")
  void namespaces() {
    assertThat(checks(core("namespaces", "patch"))).containsExactly("namespace-write");
    assertThat(checks(core("namespaces", "delete"))).containsExactly("namespace-write");
    assertThat(BroadRules.broad(core("namespaces", "get"))).isFalse();
  }

  @Test
  @DisplayName(
      "any write on Leases reaches the claim Lease nspool-claim (nspool-objects), unless resourceNames leave it out; reading Leases is not broad")
  void claimLease() {
    for (String verb : List.of("create", "update", "patch", "delete", "deletecollection")) {
      assertThat(checks(rule(COORDINATION, List.of("leases"), "get", verb)))
          .as(verb)
          .containsExactly("nspool-objects");
    }
    assertThat(BroadRules.why(BroadRules.findings(rule(COORDINATION, List.of("leases"), "update"))))
        .contains("claim Lease nspool-claim");
    assertThat(checks(named(rule(COORDINATION, List.of("leases"), "update"), "nspool-claim")))
        .containsExactly("nspool-objects");
    assertThat(BroadRules.broad(named(rule(COORDINATION, List.of("leases"), "update"), "my-lock")))
        .isFalse();
    assertThat(BroadRules.broad(rule(COORDINATION, List.of("leases"), "get", "list", "watch")))
        .isFalse();
    assertThat(BroadRules.broad(rule(List.of("apps"), List.of("leases"), "create", "update")))
        .as("another group's leases are not the claim")
        .isFalse();
  }

  @Test
  @DisplayName(
      "minting tokens in a pool namespace is not broad: the installer's ServiceAccount is not there but in the control namespace")
  void installerTokens() {
    assertThat(BroadRules.broad(core("serviceaccounts/token", "create"))).isFalse();
    assertThat(BroadRules.broad(core("*/token", "create"))).isFalse();
    assertThat(BroadRules.broad(named(core("serviceaccounts/token", "create"), "nspool-installer")))
        .as("the old in-namespace installer's name")
        .isFalse();
  }

  @Test
  @DisplayName(
      "what normal charts' Roles grant is not broad: pods and configmaps, pods/exec and pods/log, named Secrets, the chart's own Roles, a custom resource")
  void normalCharts() {
    for (PolicyRule rule :
        List.of(
            core("pods", "create", "list", "get", "patch", "watch", "delete"),
            core("configmaps", "get", "list", "watch", "create", "update", "patch", "delete"),
            core("pods/exec", "create", "get"),
            core("pods/log", "get"),
            core("events", "create", "patch"),
            named(core("secrets", "get"), "airflow-fernet-key"),
            core("secrets", "get", "list", "watch", "create"),
            rule(RBAC, List.of("roles", "rolebindings"), "get", "create", "update", "delete"),
            rule(List.of("batch"), List.of("jobs"), "create", "delete"),
            rule(List.of("sparkoperator.k8s.io"), List.of("sparkapplications"), "create"))) {
      assertThat(BroadRules.findings(rule)).as(RuleText.of(rule)).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "nspool's own pool Role holds the claim rules, and the rbac lint does not flag them (nspool-objects is not one of its checks)")
  void notInTheLint() {
    assertThat(
            RbacLint.lint(LintedRole.of(NspoolRoles.poolRole("tenant-1", List.of()))).stream()
                .map(Finding::check))
        .doesNotContain("nspool-objects");
    assertThat(
            NspoolRoles.POOL_NSPOOL_ONLY_RULES.stream()
                .allMatch(r -> checks(r).equals(List.of("nspool-objects"))))
        .as("each rule nspool keeps from the installer is broad for an installer")
        .isTrue();
  }
}
