package io.nspool.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.nspool.localcluster.ServiceAccountIdentity;
import io.nspool.rbac.NspoolRoles;
import io.nspool.rbac.RuleCoverage;
import io.nspool.rbac.RuleCoverage.Permission;
import io.nspool.rbac.RuleText;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("nspool doctor's fixes")
class DoctorTest {
  @Test
  @DisplayName("merges missing permissions into the fewest rules, keeping resourceNames apart")
  void rulesForMissing() {
    List<Permission> missing =
        List.of(
            new Permission("", "configmaps", "create"),
            new Permission("", "configmaps", "delete"),
            new Permission("", "secrets", "create"),
            new Permission("", "secrets", "delete"),
            new Permission("apps", "deployments", "patch"),
            new Permission(
                "",
                "serviceaccounts/token",
                "create",
                io.nspool.rbac.InstallerIdentity.serviceAccountName("tenant-1")));
    assertThat(Doctor.rulesFor(missing).stream().map(RuleText::of))
        .containsExactly(
            "{apiGroups: [\"\"], resources: [configmaps, secrets], verbs: [create, delete]}",
            "{apiGroups: [apps], resources: [deployments], verbs: [patch]}",
            "{apiGroups: [\"\"], resources: [serviceaccounts/token], resourceNames:"
                + " [installer-tenant-1], verbs: [create]}");
  }

  @Test
  @DisplayName("the rules for every permission of a Role grant exactly that Role's permissions")
  void wholeRoleRoundTrips() {
    List<Permission> all =
        RuleCoverage.permissions(NspoolRoles.poolRole("tenant-1", List.of()).getRules());
    assertThat(RuleCoverage.notGrantedBy(all, Doctor.rulesFor(all))).isEmpty();
    assertThat(RuleCoverage.permissions(Doctor.rulesFor(all)))
        .containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  @DisplayName("names the RoleBinding to create as a YAML one-liner")
  void bindingYaml() {
    assertThat(
            Doctor.bindingYaml(
                "tenant-1", "nspool", new ServiceAccountIdentity("nspool-system", "nspool")))
        .isEqualTo(
            "{apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: {name:"
                + " nspool, namespace: tenant-1}, roleRef: {apiGroup: rbac.authorization.k8s.io,"
                + " kind: Role, name: nspool}, subjects: [{kind: ServiceAccount, namespace:"
                + " nspool-system, name: nspool}]}");
  }
}
