package io.nspool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("nspool rbac role --chart")
class RbacRoleCommandTest {
  private static final String CHARTS = "src/test/resources/charts/";

  private static CliRun run(String... args) {
    return CliRun.run(Map.of(), args);
  }

  @Test
  @DisplayName(
      "prints the Role a chart needs: Helm's verbs on each kind it creates, hooks included, the release record's Secrets and the rules its own Roles grant")
  void podLauncher() {
    CliRun r = run("rbac", "role", "--chart", CHARTS + "pod-launcher", "-n", "team-1");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
    assertThat(r.out())
        .contains("kind: Role")
        .contains("name: nspool-installer")
        .contains("namespace: team-1")
        .contains("- pods/exec")
        .contains("- pods/log")
        .contains("- deployments")
        .contains("- secrets")
        .doesNotContain("No Role can cover");
  }

  @Test
  @DisplayName("hooks count: the Role covers the hook Secrets and the migration Job")
  void hooks() {
    CliRun r = run("rbac", "role", "--chart", CHARTS + "hook-secrets");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
    assertThat(r.out()).contains("- jobs").contains("- batch").contains("- configmaps");
  }

  @Test
  @DisplayName(
      "values files and --set apply as in Helm, and what no Role can cover is listed as refused")
  void valuesAndRefusals(@TempDir Path dir) throws Exception {
    Path values = dir.resolve("values.yaml");
    Files.writeString(values, "multiNamespaceMode: false\n");
    Path more = dir.resolve("more.yaml");
    Files.writeString(more, "multiNamespaceMode: true\n");

    CliRun r =
        run(
            "rbac",
            "role",
            "--chart",
            CHARTS + "multi-namespace-mode",
            "-f",
            values.toString(),
            "-f",
            more.toString());

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
    assertThat(r.out())
        .contains(
            "# No Role can cover ClusterRole release-pod-launcher-role (cluster-scoped):"
                + " pre-flight refuses it.")
        .contains("ClusterRoleBinding release-pod-launcher-rolebinding (cluster-scoped)");

    CliRun set =
        run(
            "rbac",
            "role",
            "--chart",
            CHARTS + "multi-namespace-mode",
            "-f",
            more.toString(),
            "--set",
            "multiNamespaceMode=false");
    assertThat(set.out()).doesNotContain("No Role can cover").contains("- roles");
  }

  @Test
  @DisplayName("CRDs are listed as what no Role can cover")
  void crds() {
    CliRun r = run("rbac", "role", "--chart", CHARTS + "with-crds");

    assertThat(r.out())
        .contains(
            "# No Role can cover CustomResourceDefinition dagruns.airflow.example.com (crds/) (a"
                + " CRD)");
  }

  @Test
  @DisplayName("a chart that does not render fails with Helm's message")
  void missingDependency() {
    CliRun r = run("rbac", "role", "--chart", CHARTS + "missing-dependency");

    assertThat(r.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(r.err()).contains("the chart does not render").contains("postgresql");
  }
}
