package io.nspool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.nspool.install.InstallChart;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@DisplayName("nspool install")
class InstallCommandTest {

  record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter err = new StringWriter();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      CommandLine cli = Main.commandLine();
      cli.setErr(new PrintWriter(err));
      int code = cli.execute(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(stdout);
    }
  }

  @Test
  @DisplayName(
      "--render prints CRDs, nspool's Roles in every pool namespace and the pool, applying nothing")
  void renders() {
    Result r =
        run("install", "--render", "--pool-namespaces", "team-a,team-b", "--pool", "airflow");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("kind: \"CustomResourceDefinition\"")
        .contains("name: \"namespacepools.nspool.io\"")
        .contains("kind: NamespacePool")
        .contains("name: airflow")
        .contains("namespace: team-a")
        .contains("namespace: team-b")
        .contains("kind: RoleBinding")
        .contains("name: nspool-installer")
        .contains("pod-security.kubernetes.io/enforce: baseline")
        .contains("name: nspool-users")
        .doesNotContain("kind: ClusterRole")
        .doesNotContain("kind: Deployment");
  }

  @Test
  @DisplayName(
      "--render prints exactly what the chart charts/nspool renders with the same settings (helm template --include-crds)")
  void rendersTheChart() throws Exception {
    Path rules = Files.createTempFile("rules", ".yaml");
    Files.writeString(
        rules, "- {apiGroups: [keda.sh], resources: [scaledobjects], verbs: [get]}\n");
    Result r =
        run(
            "install",
            "--render",
            "-n",
            "platform",
            "--pool",
            "airflow",
            "--pool-namespaces",
            "team-a,team-b",
            "--retention",
            "36h",
            "--hard-delete",
            "--pod-security",
            "restricted",
            "--pull-secret",
            "regcred",
            "--extra-rules",
            rules.toString());
    String values =
        """
        serviceAccount: nspool
        controlNamespace: {create: true}
        server: {enabled: false}
        pool:
          name: airflow
          namespaces: [team-a, team-b]
          createNamespaces: true
          retention: 36h
          hardDelete: true
          podSecurity: restricted
          pullSecrets: [regcred]
          installerRules:
            - {apiGroups: [keda.sh], resources: [scaledobjects], verbs: [get]}
        """;
    Map<String, Object> map =
        new ObjectMapper(new YAMLFactory()).readValue(values, new TypeReference<>() {});

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "# nspool install --render: apply with kubectl apply --server-side -f -\n"
                + InstallChart.render(Path.of("charts/nspool"), "platform", map))
        .contains("- keda.sh");
  }

  @Test
  @DisplayName("--extra-rules refuses a file that is not a list of rules a Role can grant")
  void badExtraRules() throws Exception {
    Path rules = Files.createTempFile("rules", ".yaml");
    Files.writeString(
        rules, "- {apiGroups: [''], nonResourceURLs: [/metrics], resources: [x], verbs: [get]}\n");
    assertThat(run("install", "--render", "--extra-rules", rules.toString()).err())
        .contains("rule 1 has nonResourceURLs, which a Role can never grant");
    Files.writeString(rules, "- {resources: [pods], verbs: [get]}\n");
    assertThat(run("install", "--render", "--extra-rules", rules.toString()).err())
        .contains("rule 1 needs apiGroups");
    Files.writeString(rules, "apiGroups: nope\n");
    assertThat(run("install", "--render", "--extra-rules", rules.toString()).err())
        .contains("not a YAML list of PolicyRules");
  }

  @Test
  @DisplayName("--pod-security labels every pool namespace with the level the pool enforces")
  void podSecurity() {
    Result r =
        run("install", "--render", "--pool-namespaces", "team-a", "--pod-security", "restricted");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("pod-security.kubernetes.io/enforce: restricted")
        .contains("podSecurity: \"restricted\"");
    assertThat(run("install", "--render", "--pod-security", "lax").err())
        .contains("--pod-security \"lax\": must be one of privileged, baseline, restricted");
  }

  @Test
  @DisplayName(
      "--pull-secret names the pool's pull secrets and lets nspool's control Role read exactly those, by name and read-only")
  void pullSecrets() {
    Result r =
        run(
            "install",
            "--render",
            "--pool-namespaces",
            "team-a",
            "--pull-secret",
            "regcred",
            "--pull-secret",
            "mirror.io");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("  pullSecrets: [\"regcred\",\"mirror.io\"]\n")
        .contains(
            "- apiGroups: [\"\"]\n  resources: [secrets]\n  resourceNames: [\"mirror.io\",\"regcred\"]\n"
                + "  verbs: [get, list, watch]\n");
    assertThat(run("install", "--render", "--pull-secret", "Reg_Cred").err())
        .contains("--pull-secret \"Reg_Cred\"");
    assertThat(run("install", "--render", "--pull-secret", "nspool-users").err())
        .contains("other than nspool-users");
  }

  @Test
  @DisplayName("rejects bad input naming the option, the value and the rule")
  void badInput() {
    assertThat(run("install", "--render", "--pool-namespaces", "Team_A").err())
        .contains("--pool-namespaces \"Team_A\"")
        .contains("DNS-1123");
    assertThat(run("install", "--render", "--pool-namespaces", "a,a").err())
        .contains("more than once");
    assertThat(run("install", "--render", "--pool-size", "0").err())
        .contains("--pool-size 0: must be from 1 to 5000");
    assertThat(run("install", "--render", "--pool-size", "2", "--pool-namespaces", "a").err())
        .contains("not both");
    assertThat(run("install", "--render", "--retention", "14x").err())
        .contains("retention")
        .contains("14x");
    assertThat(run("install", "--render", "--pool-namespaces", "nspool-system").err())
        .contains("control namespace");
    assertThat(run("install", "--render", "--pool-size", "0").code()).isEqualTo(2);
  }

  private static final Path CHARTS = Path.of("src/test/resources/charts").toAbsolutePath();

  private static Path catalogue(Path dir, String yaml) throws Exception {
    Path file = dir.resolve("catalogue.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  @DisplayName(
      "--render --catalogue FILE: every pool namespace's installer Role and nspool's Role get the rule the pod-launcher chart needs, the pool declares it and lists the catalogue, and stderr names the entry it comes from")
  void rendersCatalogueRules(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file =
        catalogue(
            dir,
            "- name: launcher\n  path: " + CHARTS.resolve("pod-launcher") + "\n  default: true\n");

    Result r =
        run("install", "--render", "--pool-namespaces", "team-a,team-b", "--catalogue", "" + file);

    assertThat(r.code()).as(r.err()).isZero();
    var objects =
        InstallChart.objects(
            r.out(), new io.fabric8.kubernetes.client.utils.KubernetesSerialization());
    var exec =
        new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("pods/exec")
            .withVerbs("create")
            .build();
    assertThat(objects)
        .filteredOn(io.fabric8.kubernetes.api.model.rbac.Role.class::isInstance)
        .map(io.fabric8.kubernetes.api.model.rbac.Role.class::cast)
        .filteredOn(role -> !role.getMetadata().getNamespace().equals("nspool-system"))
        .hasSize(4)
        .allSatisfy(role -> assertThat(role.getRules()).contains(exec));
    var pool =
        new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
            .convertValue(
                objects.stream()
                    .filter(o -> o.getKind().equals("NamespacePool"))
                    .findFirst()
                    .orElseThrow(),
                io.nspool.pool.NamespacePool.class);
    assertThat(pool.getSpec().getInstallerRules()).containsExactly(exec);
    assertThat(pool.getSpec().getCharts())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getName()).isEqualTo("launcher");
              assertThat(e.isMarkedDefault()).isTrue();
            });
    assertThat(r.err())
        .contains("catalogue entry launcher: adds 1 rule(s)")
        .contains("{apiGroups: [\"\"], resources: [pods/exec], verbs: [create]}");
  }

  @Test
  @DisplayName(
      "--namespace-selector renders dynamic mode: the pool by label, the ClusterRoles, binding and"
          + " admission policy, and no pool namespace")
  void rendersDynamicMode() {
    Result r = run("install", "--render", "--namespace-selector", "nspool.io/pool=airflow");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("kind: ClusterRole")
        .contains("name: nspool-nspool-system-dynamic")
        .contains("name: nspool-nspool-system-pool")
        .contains("kind: ClusterRoleBinding")
        .contains("kind: ValidatingAdmissionPolicy")
        .contains("namespaceSelector: {\"matchLabels\":{\"nspool.io/pool\":\"airflow\"}}")
        .doesNotContain("namespace: tenant-1");
  }

  @Test
  @DisplayName(
      "a catalogue entry that cannot be had or rendered stops install naming the entry, printing nothing to apply; a malformed catalogue is a usage error naming the entry and the rule")
  void badCatalogue(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Result missing =
        run(
            "install",
            "--render",
            "--catalogue",
            "" + catalogue(dir, "- name: gone\n  path: /nowhere/chart\n"));
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err())
        .contains("chart catalogue entry \"gone\"")
        .contains("/nowhere/chart")
        .contains("Nothing was changed");

    Path broken = dir.resolve("broken");
    Files.createDirectories(broken.resolve("templates"));
    Files.writeString(
        broken.resolve("Chart.yaml"), "apiVersion: v2\nname: broken\nversion: 0.1.0\n");
    Files.writeString(broken.resolve("templates/cm.yaml"), "{{ .Values.nope.deeper }}\n");
    Result unrenderable =
        run(
            "install",
            "--render",
            "--catalogue",
            "" + catalogue(dir, "- name: broken\n  path: " + broken + "\n"));
    assertThat(unrenderable.code()).isEqualTo(1);
    assertThat(unrenderable.out()).isEmpty();
    assertThat(unrenderable.err())
        .contains("chart catalogue entry \"broken\": its chart does not render");

    for (var bad :
        Map.of(
                "- name: a\n  path: /x\n- name: a\n  path: /y\n",
                    "entry 2 (a): name is listed more than once",
                "- name: a\n", "entry 1 (a): give exactly one source",
                "- name: a\n  path: relative/chart\n", "must be absolute",
                "- name: a\n  oci: oci://r/c\n", "version is required",
                "- name: A\n  path: /x\n", "entry 1: name must be a DNS-1123 label",
                "- name: a\n  path: /x\n  colour: red\n", "not a YAML list of chart entries")
            .entrySet()) {
      Result r = run("install", "--render", "--catalogue", "" + catalogue(dir, bad.getKey()));
      assertThat(r.code()).as(bad.getKey()).isEqualTo(2);
      assertThat(r.err()).as(bad.getKey()).contains(bad.getValue());
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "--namespace-selector with --pool-namespaces, or a bad label, is refused naming the rule")
  void refusesBadDynamicMode() {
    Result both =
        run("install", "--render", "--namespace-selector", "a=b", "--pool-namespaces", "x");
    assertThat(both.code()).isNotZero();
    assertThat(both.err()).contains("either --namespace-selector", "not both");

    Result bad = run("install", "--render", "--namespace-selector", "a=-x-");
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("--namespace-selector", "\"-x-\"", "not a label value");

    Result noValue = run("install", "--render", "--namespace-selector", "justakey");
    assertThat(noValue.code()).isNotZero();
    assertThat(noValue.err()).contains("must be KEY=VALUE");
  }
}
