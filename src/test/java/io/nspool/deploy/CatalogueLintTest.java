package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.nspool.chart.ChartCache;
import io.nspool.chart.ChartEntry;
import io.nspool.rbac.NspoolRoles;
import io.nspool.rbac.RuleCoverage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("nspool install's lint of a chart catalogue's broad rules")
class CatalogueLintTest {
  private static final Path CHARTS = Path.of("src/test/resources/charts").toAbsolutePath();
  private static final List<PolicyRule> FIXED =
      NspoolRoles.installerRole("tenant-1", List.of()).getRules();

  private static PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resource)
        .withVerbs(verbs)
        .build();
  }

  /** An entry whose chart's Role {@code r-op} writes exactly {@code rules}. */
  private static CatalogueRole.Needs entry(String name, PolicyRule... rules) {
    List<CatalogueRole.Grant> grants = new java.util.ArrayList<>();
    for (int i = 0; i < rules.length; i++) {
      grants.add(
          new CatalogueRole.Grant(
              "Role r-op, rule " + (i + 1), rules[i], RuleCoverage.permissions(List.of(rules[i]))));
    }
    return new CatalogueRole.Needs(
        name,
        name + "-chart 1.2.3",
        grants.stream().flatMap(g -> g.permissions().stream()).toList(),
        grants);
  }

  @Test
  @DisplayName(
      "refuses a catalogue needing broad rules, naming each entry with its chart, where the rule is written, the rule as written and why, the flag, and that nothing changed")
  void refuses() {
    var needs =
        List.of(
            entry("plain", rule("", "configmaps", "get", "create")),
            entry(
                "operator",
                rule("", "pods", "*"),
                rule("", "configmaps", "create"),
                rule("coordination.k8s.io", "leases", "get", "create", "update")));

    assertThatThrownBy(() -> CatalogueLint.plan(needs, FIXED, false))
        .isInstanceOf(CatalogueLint.Refused.class)
        .hasMessageStartingWith("the chart catalogue needs broad rules")
        .hasMessageContaining(
            "catalogue entry operator (chart operator-chart 1.2.3): Role r-op, rule 1"
                + " {apiGroups: [\"\"], resources: [pods], verbs: [\"*\"]}: [wildcard]")
        .hasMessageContaining(
            "Role r-op, rule 3 {apiGroups: [coordination.k8s.io], resources: [leases], verbs:"
                + " [get, create, update]}: [nspool-objects] create, update of leases reaches the"
                + " claim Lease nspool-claim")
        .hasMessageNotContaining("rule 2")
        .hasMessageNotContaining("entry plain")
        .hasMessageContaining("--allow-broad-catalogue-rules")
        .hasMessageEndingWith("Nothing was changed.");
    assertThat(CatalogueLint.broad(needs, FIXED)).hasSize(2);
  }

  @Test
  @DisplayName("a normal catalogue passes and adds what it needs, no broad rule listed")
  void normalPasses() {
    var needs =
        List.of(
            entry(
                "launcher",
                rule("", "pods", "create", "get", "list", "watch", "delete"),
                rule("", "pods/exec", "create", "get"),
                rule("", "pods/log", "get")));

    assertThat(CatalogueLint.plan(needs, FIXED, false))
        .containsExactly(
            new CatalogueRole.EntryRules("launcher", List.of(rule("", "pods/exec", "create"))));
  }

  @Test
  @DisplayName(
      "allowed, the broad rules are granted all the same and listed with their entry, the others not")
  void allowed() {
    var needs =
        List.of(
            entry("operator", rule("rbac.authorization.k8s.io", "roles", "get", "escalate")),
            entry("plain", rule("", "configmaps", "create")));

    var planned = CatalogueLint.plan(needs, FIXED, true);

    assertThat(planned.get(0).rules())
        .containsExactly(rule("rbac.authorization.k8s.io", "roles", "escalate"));
    assertThat(planned.get(0).broad())
        .singleElement()
        .asString()
        .startsWith(
            "Role r-op, rule 1 {apiGroups: [rbac.authorization.k8s.io], resources: [roles],"
                + " verbs: [get, escalate]}: [escalate-bind-impersonate] escalate lets it");
    assertThat(planned.get(1).broad()).isEmpty();
  }

  @Test
  @DisplayName(
      "a broad rule the installer already holds (declared by the admin with --extra-rules) adds nothing and is not refused")
  void declaredIsTheAdminsChoice() {
    PolicyRule leases = rule("coordination.k8s.io", "leases", "get", "create", "update");
    List<PolicyRule> declared = NspoolRoles.installerRole("tenant-1", List.of(leases)).getRules();

    assertThat(CatalogueLint.plan(List.of(entry("op", leases)), declared, false))
        .containsExactly(new CatalogueRole.EntryRules("op", List.of()));
  }

  @Test
  @DisplayName(
      "the broad-role test chart, rendered as its entry: its Role's *, Lease and escalate rules are refused, its configmaps rule is not; with them turned off in the entry's values it passes")
  void broadRoleChart(@TempDir Path cache) {
    ChartEntry broad = ChartEntry.path("operator", CHARTS.resolve("broad-role").toString());
    var needs = CatalogueRole.of(List.of(broad), new ChartCache(cache), "tenant-1", List.of());

    assertThat(CatalogueLint.broad(needs, FIXED))
        .extracting(b -> b.label() + " | " + b.grant().origin())
        .containsExactly(
            "operator (chart broad-role 0.2.0) | Role release-operator, rule 2",
            "operator (chart broad-role 0.2.0) | Role release-operator, rule 3",
            "operator (chart broad-role 0.2.0) | Role release-operator, rule 4");

    ChartEntry tamed = ChartEntry.path("tamed", CHARTS.resolve("broad-role").toString());
    tamed.setValues(
        new java.util.LinkedHashMap<>(
            Map.of("wildcardVerbs", false, "leaderElection", false, "escalate", false)));
    var tamedNeeds = CatalogueRole.of(List.of(tamed), new ChartCache(cache), "tenant-1", List.of());
    assertThat(CatalogueLint.plan(tamedNeeds, FIXED, false))
        .containsExactly(new CatalogueRole.EntryRules("tamed", List.of()));
  }

  @Test
  @DisplayName(
      "a chart that creates a Lease of its own needs Helm's verbs on leases, which reach the claim: refused, naming the Lease")
  void leaseObject(@TempDir Path dir) throws Exception {
    Path chart = dir.resolve("lease-maker");
    java.nio.file.Files.createDirectories(chart.resolve("templates"));
    java.nio.file.Files.writeString(
        chart.resolve("Chart.yaml"), "apiVersion: v2\nname: lease-maker\nversion: 0.1.0\n");
    java.nio.file.Files.writeString(
        chart.resolve("templates/lease.yaml"),
        "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: lock\n");
    var needs =
        CatalogueRole.of(
            List.of(ChartEntry.path("locks", chart.toString())),
            new ChartCache(dir.resolve("cache")),
            "tenant-1",
            List.of());

    assertThatThrownBy(() -> CatalogueLint.plan(needs, FIXED, false))
        .hasMessageContaining(
            "catalogue entry locks (chart lease-maker 0.1.0): Lease lock {apiGroups:"
                + " [coordination.k8s.io], resources: [leases], verbs: [create, delete, get,"
                + " list, patch, update, watch]}: [nspool-objects]");
  }
}
