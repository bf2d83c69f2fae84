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

  @Test
  @DisplayName("is ok when the installer lacks nothing any entry needs")
  void ok() {
    Check check = CatalogueCheck.check("t-1", NEEDED, required -> List.of());

    assertThat(check.failed()).isFalse();
    assertThat(check.name()).isEqualTo("installer-catalogue");
  }

  @Test
  @DisplayName(
      "names each entry lacking a permission and the exact rule to add to the installer Role")
  void namesEntryAndRule() {
    Check check =
        CatalogueCheck.check(
            "t-1", NEEDED, required -> required.stream().filter(EXEC::equals).toList());

    assertThat(check.failed()).isTrue();
    assertThat(check.problem())
        .contains("system:serviceaccount:t-1:nspool-installer")
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
            "t-1",
            new CatalogueCheck.Needed(List.of(), "chart catalogue entry \"x\": no such chart"),
            required -> List.of());

    assertThat(check.failed()).isTrue();
    assertThat(check.problem()).contains("entry \"x\"");
  }
}
