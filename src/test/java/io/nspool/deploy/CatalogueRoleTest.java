package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.nspool.chart.ChartCache;
import io.nspool.chart.ChartEntry;
import io.nspool.rbac.NspoolRoles;
import io.nspool.rbac.RuleCoverage.Permission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The Role a chart catalogue needs")
class CatalogueRoleTest {
  private static final Path CHARTS = Path.of("src/test/resources/charts").toAbsolutePath();

  private static PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resource)
        .withVerbs(verbs)
        .build();
  }

  @Test
  @DisplayName(
      "keeps, per entry, only what the granted rules do not cover, folded one rule per resource")
  void beyondGranted() {
    var needs =
        List.of(
            new CatalogueRole.Needs(
                "launcher",
                List.of(
                    new Permission("", "pods", "get"),
                    new Permission("", "pods/exec", "get"),
                    new Permission("", "pods/exec", "create"))),
            new CatalogueRole.Needs("plain", List.of(new Permission("", "configmaps", "create"))));

    var beyond =
        CatalogueRole.beyond(needs, NspoolRoles.installerRole("tenant-1", List.of()).getRules());

    assertThat(beyond)
        .containsExactly(
            new CatalogueRole.EntryRules("launcher", List.of(rule("", "pods/exec", "create"))),
            new CatalogueRole.EntryRules("plain", List.of()));
  }

  @Test
  @DisplayName(
      "the union holds each permission once, verbs sorted, rules in ChartRole's order (by group|resource|name), whatever the entries' order")
  void unionIsDeduplicatedAndSorted() {
    var a =
        new CatalogueRole.EntryRules(
            "a", List.of(rule("keda.sh", "scaledobjects", "delete", "create")));
    var b =
        new CatalogueRole.EntryRules(
            "b",
            List.of(
                rule("", "pods/exec", "get", "create"),
                rule("keda.sh", "scaledobjects", "create", "patch")));

    List<PolicyRule> union = CatalogueRole.union(List.of(a, b));

    assertThat(union)
        .containsExactly(
            rule("keda.sh", "scaledobjects", "create", "delete", "patch"),
            rule("", "pods/exec", "create", "get"));
    assertThat(CatalogueRole.union(List.of(b, a))).isEqualTo(union);
    assertThat(CatalogueRole.union(List.of(a, a)))
        .containsExactly(rule("keda.sh", "scaledobjects", "create", "delete"));
    assertThat(CatalogueRole.union(List.of())).isEmpty();
  }

  @Test
  @DisplayName(
      "the pod-launcher trait chart, rendered with its entry's default values, needs create pods/exec beyond the fixed installer rules (which read everything); with allowPodExec off, nothing")
  void podLauncher(@TempDir Path cache) {
    ChartEntry launcher = ChartEntry.path("launcher", CHARTS.resolve("pod-launcher").toString());
    ChartEntry noExec = ChartEntry.path("no-exec", CHARTS.resolve("pod-launcher").toString());
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("allowPodExec", false);
    noExec.setValues(values);

    var needs =
        CatalogueRole.of(List.of(launcher, noExec), new ChartCache(cache), "tenant-1", List.of());
    var beyond =
        CatalogueRole.beyond(needs, NspoolRoles.installerRole("tenant-1", List.of()).getRules());

    assertThat(beyond)
        .containsExactly(
            new CatalogueRole.EntryRules("launcher", List.of(rule("", "pods/exec", "create"))),
            new CatalogueRole.EntryRules("no-exec", List.of()));
    assertThat(needs.get(0).permissions())
        .contains(new Permission("", "pods/log", "get"), new Permission("", "secrets", "create"));
  }

  @Test
  @DisplayName("an entry whose path holds no chart fails naming the entry and the path")
  void missingPath(@TempDir Path cache) {
    ChartEntry gone = ChartEntry.path("gone", "/nowhere/chart");

    assertThatThrownBy(
            () -> CatalogueRole.of(List.of(gone), new ChartCache(cache), "tenant-1", List.of()))
        .isInstanceOf(CatalogueRole.EntryFailed.class)
        .hasMessageContaining("chart catalogue entry \"gone\"")
        .hasMessageContaining("/nowhere/chart");
  }

  @Test
  @DisplayName(
      "a chart of a Helm repository is fetched, verified against the index's digest and rendered; a tampered archive fails naming the entry and the digests")
  void fromRepository(@TempDir Path dir) {
    new com.marcnuri.helm.Helm(CHARTS.resolve("pod-launcher"))
        .packageIt()
        .withDestination(dir)
        .call();
    Path tgz;
    try (var files = Files.list(dir)) {
      tgz = files.filter(f -> f.toString().endsWith(".tgz")).findFirst().orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (var repo = new io.nspool.testing.HelmRepositoryServer()) {
      repo.publish("pod-launcher", "1.0.0", tgz);
      repo.publish("tampered", "1.0.0", tgz, "0".repeat(64));
      ChartCache cache = new ChartCache(dir.resolve("cache"));
      ChartEntry remote = ChartEntry.repository("remote", repo.url(), "pod-launcher", "1.0.0");

      var beyond =
          CatalogueRole.beyond(
              CatalogueRole.of(List.of(remote), cache, "tenant-1", List.of()),
              NspoolRoles.installerRole("tenant-1", List.of()).getRules());

      assertThat(beyond)
          .containsExactly(
              new CatalogueRole.EntryRules("remote", List.of(rule("", "pods/exec", "create"))));
      ChartEntry tampered = ChartEntry.repository("bad", repo.url(), "tampered", "1.0.0");
      assertThatThrownBy(() -> CatalogueRole.of(List.of(tampered), cache, "tenant-1", List.of()))
          .isInstanceOf(CatalogueRole.EntryFailed.class)
          .hasMessageStartingWith("chart catalogue entry \"bad\": cannot fetch its chart")
          .hasMessageContaining("digest mismatch");
    }
  }

  @Test
  @DisplayName("a remote entry whose source cannot be reached fails naming the entry")
  void unreachable(@TempDir Path cache) {
    ChartEntry offline = ChartEntry.repository("offline", "http://127.0.0.1:1", "airflow", "1.0.0");

    assertThatThrownBy(
            () -> CatalogueRole.of(List.of(offline), new ChartCache(cache), "tenant-1", List.of()))
        .isInstanceOf(CatalogueRole.EntryFailed.class)
        .hasMessageStartingWith("chart catalogue entry \"offline\": cannot fetch its chart");
  }

  @Test
  @DisplayName("an entry whose chart does not render fails naming the entry and Helm's error")
  void unrenderable(@TempDir Path dir) throws Exception {
    Path chart = dir.resolve("broken");
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(
        chart.resolve("Chart.yaml"), "apiVersion: v2\nname: broken\nversion: 0.1.0\n");
    Files.writeString(chart.resolve("templates/cm.yaml"), "{{ .Values.nope.deeper }}\n");
    ChartEntry broken = ChartEntry.path("broken", chart.toString());

    assertThatThrownBy(
            () ->
                CatalogueRole.of(
                    List.of(broken), new ChartCache(dir.resolve("cache")), "tenant-1", List.of()))
        .isInstanceOf(CatalogueRole.EntryFailed.class)
        .hasMessageContaining("chart catalogue entry \"broken\"")
        .hasMessageContaining("does not render")
        .hasMessageContaining("nope");
  }
}
