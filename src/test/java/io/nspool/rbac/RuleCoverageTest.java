package io.nspool.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.nspool.rbac.RuleCoverage.Permission;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rule coverage")
class RuleCoverageTest {
  static final Permission DELETE_SECRETS = new Permission("", "secrets", "delete");

  @Test
  @DisplayName("a rule naming the group, resource and verb covers the permission")
  void exactRuleCovers() {
    ResourceRule rule = rule(List.of(""), List.of("configmaps", "secrets"), List.of("delete"));

    assertThat(RuleCoverage.missing(List.of(DELETE_SECRETS), List.of(rule))).isEmpty();
  }

  @Test
  @DisplayName("wildcards cover every group, resource or verb")
  void wildcardsCover() {
    ResourceRule rule = rule(List.of("*"), List.of("*"), List.of("*"));

    assertThat(RuleCoverage.missing(List.of(DELETE_SECRETS), List.of(rule))).isEmpty();
  }

  @Test
  @DisplayName("a rule limited to resource names does not cover the whole resource")
  void resourceNamesDoNotCover() {
    ResourceRule rule =
        new ResourceRuleBuilder(rule(List.of(""), List.of("secrets"), List.of("delete")))
            .withResourceNames("only-this")
            .build();

    assertThat(RuleCoverage.missing(List.of(DELETE_SECRETS), List.of(rule)))
        .containsExactly(DELETE_SECRETS);
  }

  @Test
  @DisplayName("a missing verb is reported as verb and qualified resource")
  void missingIsNamed() {
    ResourceRule rule = rule(List.of("apps"), List.of("deployments"), List.of("get", "list"));
    Permission delete = new Permission("apps", "deployments", "delete");

    assertThat(RuleCoverage.missing(List.of(delete), List.of(rule))).containsExactly(delete);
    assertThat(delete).hasToString("delete deployments.apps");
  }

  @Test
  @DisplayName("nspool's own pool Role covers everything its health check requires")
  void poolRoleCoversItself() {
    var role = NspoolRoles.poolRole("pool-a", List.of());
    List<ResourceRule> granted =
        role.getRules().stream()
            .map(r -> rule(r.getApiGroups(), r.getResources(), r.getVerbs()))
            .toList();

    assertThat(RuleCoverage.missing(RuleCoverage.permissions(role.getRules()), granted)).isEmpty();
  }

  private static ResourceRule rule(
      List<String> groups, List<String> resources, List<String> verbs) {
    return new ResourceRuleBuilder()
        .withApiGroups(groups)
        .withResources(resources)
        .withVerbs(verbs)
        .build();
  }
}
