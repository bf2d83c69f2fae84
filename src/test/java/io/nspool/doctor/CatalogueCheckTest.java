package io.nspool.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.nspool.deploy.CatalogueRole;
import io.nspool.rbac.RuleCoverage.Permission;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("doctor's installer-catalogue check")
class CatalogueCheckTest {
  private static final Permission EXEC = new Permission("", "pods/exec", "create");
  private static final Permission LOG = new Permission("", "pods/log", "get");

  private static final CatalogueCheck.Needed NEEDED =
      new CatalogueCheck.Needed(
          List.of(
              new CatalogueRole.Needs("launcher", List.of(LOG, EXEC)),
              new CatalogueRole.Needs("plain", List.of(LOG))),
          null);

  private static final String INSTALLER =
      io.nspool.rbac.InstallerIdentity.of("nspool-system", "t-1").username();

  @Test
  @DisplayName("is ok when the installer lacks nothing any entry needs")
  void ok() {
    Check check = CatalogueCheck.check(INSTALLER, "t-1", NEEDED, required -> List.of());

    assertThat(check.failed()).isFalse();
    assertThat(check.name()).isEqualTo("installer-catalogue");
  }

  @Test
  @DisplayName(
      "names each entry lacking a permission and the exact rule to add to the installer Role")
  void namesEntryAndRule() {
    Check check =
        CatalogueCheck.check(
            INSTALLER, "t-1", NEEDED, required -> required.stream().filter(EXEC::equals).toList());

    assertThat(check.failed()).isTrue();
    assertThat(check.problem())
        .contains("system:serviceaccount:nspool-system:installer-t-1")
        .contains("chart entry launcher needs create pods/exec")
        .doesNotContain("plain");
    assertThat(check.fix())
        .startsWith("add to the rules of Role t-1/nspool-installer")
        .endsWith("{apiGroups: [\"\"], resources: [pods/exec], verbs: [create]}");
  }

  @Test
  @DisplayName("an entry that cannot be rendered fails the check with the reason, naming the entry")
  void unrenderable() {
    Check check =
        CatalogueCheck.check(
            INSTALLER,
            "t-1",
            new CatalogueCheck.Needed(List.of(), "chart catalogue entry \"x\": no such chart"),
            required -> List.of());

    assertThat(check.failed()).isTrue();
    assertThat(check.problem()).contains("entry \"x\"");
  }

  @Test
  @DisplayName(
      "warns, without failing, about a pool whose declared installer rules hold broad ones, naming each rule and why")
  void broadDeclaredRules() {
    var leases =
        new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
            .withApiGroups("coordination.k8s.io")
            .withResources("leases")
            .withVerbs("get", "update")
            .build();
    var exec =
        new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("pods/exec")
            .withVerbs("create")
            .build();

    Check check =
        CatalogueCheck.check(INSTALLER, "t-1", NEEDED, List.of(exec, leases), r -> List.of());

    assertThat(check.failed()).isFalse();
    assertThat(check.status()).isEqualTo(Check.Status.WARNING);
    assertThat(check.problem())
        .contains("spec.installerRules")
        .contains(
            "{apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, update]}:"
                + " [nspool-objects]")
        .doesNotContain("pods/exec");
    assertThat(check.fix()).contains("--allow-broad-catalogue-rules");
    assertThat(
            CatalogueCheck.check(INSTALLER, "t-1", NEEDED, List.of(exec), r -> List.of()).status())
        .isEqualTo(Check.Status.OK);

    Check missingToo =
        CatalogueCheck.check(
            INSTALLER,
            "t-1",
            NEEDED,
            List.of(leases),
            r -> r.stream().filter(EXEC::equals).toList());
    assertThat(missingToo.failed()).isTrue();
    assertThat(missingToo.problem()).contains("needs create pods/exec").contains("nspool-objects");
  }
}
