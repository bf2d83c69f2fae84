package io.nspool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("nspool rbac lint")
class RbacCommandTest {
  static final String SEED = "docs/examples/astronomer-commander-role.yaml";

  private static CliRun run(String... args) {
    return CliRun.run(Map.of(), args);
  }

  /** The findings of {@code -o json}, as "rule check" strings, e.g. "12 cluster-scoped". */
  private static List<String> findings(CliRun run, String severity) throws Exception {
    JsonNode json = new ObjectMapper().readTree(run.out());
    List<String> found = new ArrayList<>();
    for (JsonNode f : json.get("findings")) {
      if (f.get("severity").asText().equals(severity)) {
        found.add(f.get("rule").asInt() + " " + f.get("check").asText());
      }
    }
    return found;
  }

  @Test
  @DisplayName("the seed's Commander Role fails: its dead cluster-scoped rules, wildcards, roles *")
  void seedCommanderRole() throws Exception {
    CliRun r = run("rbac", "lint", SEED, "-o", "json");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.FAILURE);
    // nodes, nodes/proxy, persistentvolumes, list/watch of namespaces, tokenreviews,
    // subjectaccessreviews
    assertThat(findings(r, "error"))
        .containsExactly(
            "5 cluster-scoped",
            "12 cluster-scoped",
            "13 cluster-scoped",
            "14 cluster-scoped",
            "33 cluster-scoped",
            "34 cluster-scoped");
    assertThat(findings(r, "warning"))
        .containsExactly(
            "1 wildcard-read",
            "4 secrets-read",
            "5 namespace-write",
            "7 wildcard",
            "7 roles-any-verb");
    assertThat(findings(r, "info"))
        .contains("15 shadowed", "21 shadowed", "24 shadowed", "25 deprecated-group");
  }

  @Test
  @DisplayName("as a table: one row per finding with the rule, why and fix, then the counts")
  void table() {
    CliRun r = run("rbac", "lint", SEED);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .startsWith("SEVERITY")
        .contains("#12 {apiGroups: [\"\"], resources: [nodes], verbs: [get, list, watch]}")
        .contains("nodes is cluster-scoped")
        .contains("#7 {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [\"*\"]}")
        .contains("includes escalate and bind")
        .contains(
            "6 errors, 5 warnings, 7 infos in 1 role (Role tenant-1/deployment-commander-role)");
  }

  @Test
  @DisplayName("--pool lints nspool's own rendered Roles: no error, exit 0")
  void nspoolOwnRoles() throws Exception {
    CliRun r =
        run(
            "rbac",
            "lint",
            "--pool",
            "airflow",
            "--pool-namespaces",
            "team-a,team-b",
            "-o",
            "json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(r.out()).get("summary");
    assertThat(summary.get("error").asInt()).isZero();
    assertThat(summary.get("roles").toString())
        .contains("Role nspool-system/nspool")
        .contains("Role team-a/nspool")
        .contains("Role team-b/nspool-installer");
    assertThat(findings(r, "warning")).containsOnly("1 wildcard-read");
    assertThat(run("rbac", "lint", "--pool", "default").exitCode()).isZero();
  }

  @Test
  @DisplayName("reads stdin with -; a clean Role exits 0")
  void stdin() {
    InputStream in = System.in;
    System.setIn(
        new ByteArrayInputStream(
            """
            kind: Role
            metadata: {name: r, namespace: a}
            rules:
            - apiGroups: [""]
              resources: [configmaps]
              verbs: [get]
            """
                .getBytes(StandardCharsets.UTF_8)));
    try {
      CliRun r = run("rbac", "lint", "-");
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).isEqualTo("0 errors, 0 warnings, 0 infos in 1 role (Role a/r)\n");
    } finally {
      System.setIn(in);
    }
  }

  @Test
  @DisplayName("bad usage exits 2 naming the problem")
  void badUsage(@TempDir Path dir) throws Exception {
    assertThat(run("rbac", "lint").err()).contains("give either FILE (or - for stdin) or --pool");
    assertThat(run("rbac", "lint", SEED, "--pool", "p").exitCode()).isEqualTo(2);
    assertThat(run("rbac", "lint", "missing.yaml").err()).contains("missing.yaml: no such file");
    Path other =
        Files.writeString(dir.resolve("ns.yaml"), "kind: Namespace\nmetadata: {name: a}\n");
    CliRun none = run("rbac", "lint", other.toString());
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("no Role or ClusterRole in it (found [Namespace])");
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "kind: Role\n  x: [\n");
    assertThat(run("rbac", "lint", bad.toString()).err()).contains("not valid YAML");
    assertThat(run("rbac", "lint", "--pool", "Bad_Name").err()).contains("DNS-1123");
  }
}
