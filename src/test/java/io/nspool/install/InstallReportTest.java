package io.nspool.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An install report entry")
class InstallReportTest {

  private static ValidatingAdmissionPolicy policy(String rv, Long observed, String expression) {
    return new ValidatingAdmissionPolicyBuilder()
        .withNewMetadata()
        .withName("p")
        .withResourceVersion(rv)
        .withGeneration(1L)
        .endMetadata()
        .withNewSpec()
        .addNewValidation()
        .withExpression(expression)
        .endValidation()
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(observed)
        .endStatus()
        .build();
  }

  private static Role role(String rv, String verb) {
    return new RoleBuilder()
        .withNewMetadata()
        .withName("nspool")
        .withNamespace("t")
        .withResourceVersion(rv)
        .endMetadata()
        .addNewRule()
        .withApiGroups("")
        .withResources("pods")
        .withVerbs(verb)
        .endRule()
        .build();
  }

  @Test
  @DisplayName(
      "is unchanged when only the server's own status write moved the resourceVersion between"
          + " read and apply")
  void statusWriteIsNoChange() {
    var before = policy("10", null, "true");
    var after = policy("11", 1L, "true");

    assertThat(InstallReport.entry(before, before, after).outcome())
        .isEqualTo(InstallReport.Outcome.UNCHANGED);
  }

  @Test
  @DisplayName("is changed when the declared content differs, and a Role's entry names the rules")
  void contentChangeIsChange() {
    assertThat(
            InstallReport.entry(
                    policy("10", 1L, "true"), policy("10", 1L, "true"), policy("12", 1L, "false"))
                .outcome())
        .isEqualTo(InstallReport.Outcome.CHANGED);

    var entry = InstallReport.entry(role("1", "get"), role("1", "get"), role("2", "list"));
    assertThat(entry.outcome()).isEqualTo(InstallReport.Outcome.CHANGED);
    assertThat(entry.details()).hasSize(2);
    assertThat(entry.details().get(0)).startsWith("dropped rule");
    assertThat(entry.details().get(1)).startsWith("added rule");
  }

  @Test
  @DisplayName("is created when there was nothing before")
  void created() {
    assertThat(InstallReport.entry(role("1", "get"), null, role("1", "get")).outcome())
        .isEqualTo(InstallReport.Outcome.CREATED);
  }

  @Test
  @DisplayName(
      "the catalogue lines list, after an entry's rules, each broad rule an admin allowed, marked WARNING")
  void broadRulesAreLoud() {
    var exec =
        new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("pods")
            .withVerbs("*")
            .build();
    InstallPlan plan =
        new InstallPlan(
                "nspool-system",
                "nspool",
                "p",
                java.util.List.of("t-1"),
                "14d",
                false,
                io.nspool.pool.PodSecurityLevel.BASELINE)
            .withCatalogue(
                java.util.List.of(),
                java.util.List.of(
                    new io.nspool.deploy.CatalogueRole.EntryRules(
                        "op",
                        java.util.List.of(exec),
                        java.util.List.of("Role r-op, rule 1 {...}: [wildcard] why")),
                    new io.nspool.deploy.CatalogueRole.EntryRules("plain", java.util.List.of())));

    assertThat(InstallReport.catalogueLines(plan))
        .containsExactly(
            "catalogue entry op: adds 1 rule(s) to the installer Role of every pool namespace"
                + " (and nspool's Role):",
            "  - {apiGroups: [\"\"], resources: [pods], verbs: [\"*\"]}",
            "WARNING: catalogue entry op: grants 1 broad rule(s) to the installer Role of every"
                + " pool namespace, as --allow-broad-catalogue-rules allows:",
            "  ! Role r-op, rule 1 {...}: [wildcard] why",
            "catalogue entry plain: needs nothing beyond the fixed and declared installer rules");
  }
}
