package io.nspool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.claim.ClaimState;
import io.nspool.cli.client.ApiClient;
import io.nspool.deploy.TenantDeployment;
import io.nspool.install.InstallChart;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.rbac.NspoolRoles;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nspool install} with a chart catalogue on the real local cluster: the installer Roles get
 * what the catalogue's charts need, a deployment of such a chart reaches Ready with no extra rule
 * declared by hand, {@code --render} prints what was applied, and {@code nspool doctor} checks it.
 */
@LocalKubernetes
@DisplayName("nspool install and doctor with a chart catalogue")
class CatalogueInstallIT {
  private static final Duration RBAC_SETTLES = Duration.ofSeconds(30);
  private static final Path POD_LAUNCHER =
      Path.of("src/test/resources/charts/pod-launcher").toAbsolutePath();
  private static final Path BROAD_ROLE =
      Path.of("src/test/resources/charts/broad-role").toAbsolutePath();
  private static final PolicyRule EXEC =
      new PolicyRuleBuilder()
          .withApiGroups("")
          .withResources("pods/exec")
          .withVerbs("create")
          .build();
  private static final String EXEC_TEXT =
      "{apiGroups: [\"\"], resources: [pods/exec], verbs: [create]}";

  @Test
  @DisplayName(
      "install gives every installer the pod-launcher chart's pods/exec rule and reports its entry; --render prints exactly what was applied; a deployment of the chart gets Ready; doctor passes, then names the rule once an admin removes it, and pre-flight refuses the chart naming it")
  void catalogueRules(LocalCluster cluster, KubernetesClient admin, @TempDir Path dir)
      throws Exception {
    Testbed bed = new Testbed(admin, "catrules");
    String control = bed.controlNamespace();
    List<String> names = bed.poolNamespaces(2);
    String a = names.get(0);
    String b = names.get(1);
    Path catalogue = dir.resolve("catalogue.yaml");
    Files.writeString(
        catalogue, "- name: launcher\n  path: " + POD_LAUNCHER + "\n  default: true\n");
    List<String> args =
        List.of(
            "install",
            "--kubeconfig",
            cluster.adminKubeconfig().toString(),
            "-n",
            control,
            "--pool",
            "p",
            "--pool-namespaces",
            a + "," + b,
            "--hard-delete",
            "--catalogue",
            catalogue.toString(),
            "--chart-cache",
            dir.resolve("cache").toString());

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        "- name: launcher\n  path: "
            + POD_LAUNCHER
            + "\n- name: gone\n  path: "
            + dir.resolve("no-such-chart")
            + "\n");
    List<String> badArgs = new ArrayList<>(args);
    badArgs.set(badArgs.indexOf(catalogue.toString()), bad.toString());
    Result refused = install(badArgs);
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err())
        .contains("chart catalogue entry \"gone\"")
        .contains("Nothing was changed");
    assertThat(admin.namespaces().withName(a).get()).as("nothing applied").isNull();
    assertThat(admin.resources(NamespacePool.class).inNamespace(control).withName("p").get())
        .isNull();

    Result installed = install(args);

    assertThat(installed.code()).as(installed.out() + installed.err()).isZero();
    assertThat(installed.out())
        .contains("catalogue entry launcher: adds 1 rule(s)")
        .contains("  - " + EXEC_TEXT);
    for (String ns : names) {
      assertThat(role(admin, ns, NspoolRoles.INSTALLER).getRules()).endsWith(EXEC);
      assertThat(role(admin, ns, NspoolRoles.ROLE_NAME).getRules()).endsWith(EXEC);
    }
    NamespacePool pool =
        admin.resources(NamespacePool.class).inNamespace(control).withName("p").get();
    assertThat(pool.getSpec().getInstallerRules()).containsExactly(EXEC);
    assertThat(pool.getSpec().getCharts()).extracting(e -> e.getName()).containsExactly("launcher");
    Result again = install(args);
    assertThat(again.out()).as("a second run").contains("no change");

    List<String> renderArgs = new ArrayList<>(args);
    renderArgs.add("--render");
    Result rendered = install(renderArgs);
    assertThat(rendered.code()).as(rendered.err()).isZero();
    List<HasMetadata> objects =
        InstallChart.objects(rendered.out(), admin.getKubernetesSerialization());
    List<Role> roles =
        objects.stream().filter(Role.class::isInstance).map(Role.class::cast).toList();
    // nspool's in the control namespace and, per pool namespace (2), its installer's token Role
    // there, nspool's Role and the installer's Role.
    assertThat(roles).hasSize(7);
    for (Role r : roles) {
      assertThat(role(admin, r.getMetadata().getNamespace(), r.getMetadata().getName()).getRules())
          .as("Role %s/%s as applied", r.getMetadata().getNamespace(), r.getMetadata().getName())
          .isEqualTo(r.getRules());
    }
    NamespacePool renderedPool =
        admin
            .getKubernetesSerialization()
            .convertValue(
                objects.stream()
                    .filter(o -> o.getKind().equals("NamespacePool"))
                    .findFirst()
                    .orElseThrow(),
                NamespacePool.class);
    assertThat(renderedPool.getSpec().getInstallerRules())
        .isEqualTo(pool.getSpec().getInstallerRules());
    assertThat(renderedPool.getSpec().getCharts())
        .extracting(e -> e.getName() + " " + e.getPath())
        .containsExactly("launcher " + POD_LAUNCHER);

    try (RunningController nspool = new RunningController(bed, admin)) {
      names.forEach(ns -> nspool.awaitState("p", ns, ClaimState.FREE));
      nspool.createDeployment("d", "p", a, "launcher");
      await()
          .atMost(RunningController.WAIT)
          .untilAsserted(
              () -> {
                TenantDeployment d = nspool.deployment("d");
                assertThat(d.getStatus()).isNotNull();
                assertThat(d.getStatus().getPhase())
                    .as("%s", d.getStatus().getConditions())
                    .isEqualTo("Ready");
              });
      assertThat(admin.rbac().roles().inNamespace(a).withName("d-pod-launcher-role").get())
          .isNotNull();
      nspool.deleteDeployment("d");
      nspool.awaitState("p", a, ClaimState.FREE);
      assertThat(role(admin, a, NspoolRoles.INSTALLER).getRules())
          .as("the handover keeps the derived rule: the pool declares it")
          .endsWith(EXEC);

      String[] doctor = {
        "doctor",
        "--kubeconfig",
        cluster.adminKubeconfig().toString(),
        "-n",
        control,
        "--chart-cache",
        dir.resolve("cache").toString()
      };
      CliRun healthy = CliRun.run(Map.of(), doctor);
      assertThat(healthy.exitCode()).as(healthy.out() + healthy.err()).isZero();
      assertThat(healthy.out()).contains("INSTALLER-CATALOGUE").doesNotContain("MISSING");

      admin
          .rbac()
          .roles()
          .inNamespace(b)
          .withName(NspoolRoles.INSTALLER)
          .edit(
              r -> {
                r.getRules().remove(EXEC);
                return r;
              });

      await()
          .atMost(RBAC_SETTLES)
          .untilAsserted(
              () -> {
                JsonNode report = json(doctor);
                assertThat(report.path("healthy").asBoolean()).isFalse();
                List<JsonNode> failed = failed(report);
                assertThat(failed)
                    .extracting(c -> c.path("namespace").asText() + " " + c.path("check").asText())
                    .containsExactlyInAnyOrder(b + " installer-rbac", b + " installer-catalogue");
                JsonNode catalogueCheck =
                    failed.stream()
                        .filter(c -> c.path("check").asText().equals("installer-catalogue"))
                        .findFirst()
                        .orElseThrow();
                assertThat(catalogueCheck.path("problem").asText())
                    .contains("chart entry launcher needs create pods/exec");
                assertThat(catalogueCheck.path("fix").asText())
                    .startsWith("add to the rules of Role " + b + "/" + NspoolRoles.INSTALLER)
                    .endsWith(EXEC_TEXT);
              });
      CliRun table = CliRun.run(Map.of(), doctor);
      assertThat(table.exitCode()).isEqualTo(1);
      assertThat(table.out()).contains(b + " installer-catalogue: MISSING").contains(EXEC_TEXT);

      nspool.createDeployment("e", "p", b, "launcher");
      await()
          .atMost(RunningController.WAIT)
          .untilAsserted(
              () -> {
                TenantDeployment e = nspool.deployment("e");
                assertThat(e.getStatus()).isNotNull();
                var condition =
                    e.getStatus().getConditions().stream()
                        .filter(c -> c.getType().equals("Installed"))
                        .findFirst()
                        .orElseThrow();
                assertThat(condition.getReason())
                    .as(condition.getMessage())
                    .isEqualTo("PreflightRefused");
                assertThat(condition.getMessage())
                    .contains("needs create pods/exec")
                    .contains("- " + EXEC_TEXT);
              });
      assertThat(admin.rbac().roles().inNamespace(b).withName("e-pod-launcher-role").get())
          .as("pre-flight created nothing")
          .isNull();
    }
  }

  @Test
  @DisplayName(
      "a catalogue whose chart's Role grants *, Lease writes and escalate/bind is refused naming the entry, each rule as written and why, creating nothing; with --allow-broad-catalogue-rules it is installed, the report and doctor say so loudly; a later install from the pool's catalogue without the flag is refused and changes nothing")
  void broadCatalogueRules(LocalCluster cluster, KubernetesClient admin, @TempDir Path dir)
      throws Exception {
    Testbed bed = new Testbed(admin, "catbroad");
    String control = bed.controlNamespace();
    List<String> names = bed.poolNamespaces(3);
    String a = names.get(0);
    String b = names.get(1);
    String c = names.get(2);
    Path catalogue = dir.resolve("catalogue.yaml");
    Files.writeString(catalogue, "- name: operator\n  path: " + BROAD_ROLE + "\n  default: true\n");
    List<String> args =
        new ArrayList<>(
            List.of(
                "install",
                "--kubeconfig",
                cluster.adminKubeconfig().toString(),
                "-n",
                control,
                "--pool",
                "p",
                "--pool-namespaces",
                a + "," + b,
                "--catalogue",
                catalogue.toString(),
                "--chart-cache",
                dir.resolve("cache").toString()));

    Result refused = install(args);

    assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(1);
    String entry = "catalogue entry operator (chart broad-role 0.2.0): Role release-operator";
    assertThat(refused.err())
        .contains("the chart catalogue needs broad rules")
        .contains(
            entry + ", rule 2 {apiGroups: [\"\"], resources: [pods], verbs: [\"*\"]}: [wildcard]")
        .contains(
            entry
                + ", rule 3 {apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get,"
                + " create, update]}: [nspool-objects]")
        .contains("claim Lease nspool-claim")
        .contains(
            entry
                + ", rule 4 {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs:"
                + " [get, escalate, bind]}: [escalate-bind-impersonate]")
        .doesNotContain("rule 1 ")
        .contains("--allow-broad-catalogue-rules")
        .contains("Nothing was changed");
    for (String ns : names) {
      assertThat(admin.namespaces().withName(ns).get()).as("namespace %s", ns).isNull();
    }
    assertThat(admin.resources(NamespacePool.class).inNamespace(control).withName("p").get())
        .isNull();
    List<String> render = new ArrayList<>(args);
    render.add("--render");
    Result renderRefused = install(render);
    assertThat(renderRefused.code()).isEqualTo(1);
    assertThat(renderRefused.out()).as("nothing printed to apply").isEmpty();
    assertThat(renderRefused.err()).contains("the chart catalogue needs broad rules");

    List<String> allowed = new ArrayList<>(args);
    allowed.add("--allow-broad-catalogue-rules");
    Result installed = install(allowed);

    assertThat(installed.code()).as(installed.out() + installed.err()).isZero();
    assertThat(installed.out())
        .contains(
            "WARNING: catalogue entry operator: grants 3 broad rule(s) to the installer Role of"
                + " every pool namespace")
        .contains("  ! Role release-operator, rule 2 {apiGroups: [\"\"], resources: [pods]")
        .contains("WARNING: 3 broad catalogue rule(s) granted");
    List<PolicyRule> broad =
        List.of(
            rule("", "pods", "*"),
            rule("coordination.k8s.io", "leases", "create", "update"),
            rule("rbac.authorization.k8s.io", "roles", "bind", "escalate"));
    for (String ns : List.of(a, b)) {
      assertThat(role(admin, ns, NspoolRoles.INSTALLER).getRules()).containsAll(broad);
      assertThat(role(admin, ns, NspoolRoles.ROLE_NAME).getRules()).containsAll(broad);
    }
    NamespacePool pool =
        admin.resources(NamespacePool.class).inNamespace(control).withName("p").get();
    assertThat(pool.getSpec().getInstallerRules()).containsExactlyInAnyOrderElementsOf(broad);

    String[] doctor = {
      "doctor",
      "--kubeconfig",
      cluster.adminKubeconfig().toString(),
      "-n",
      control,
      "--chart-cache",
      dir.resolve("cache").toString()
    };
    await()
        .atMost(RBAC_SETTLES)
        .untilAsserted(
            () -> {
              CliRun report = CliRun.run(Map.of(), doctor);
              assertThat(report.exitCode()).as(report.out() + report.err()).isZero();
              assertThat(report.out())
                  .contains(a + " installer-catalogue: WARNING")
                  .contains(b + " installer-catalogue: WARNING")
                  .contains("[nspool-objects]")
                  .doesNotContain("MISSING");
            });

    String resourceVersion =
        role(admin, a, NspoolRoles.INSTALLER).getMetadata().getResourceVersion();
    List<String> again =
        new ArrayList<>(
            List.of(
                "install",
                "--kubeconfig",
                cluster.adminKubeconfig().toString(),
                "-n",
                control,
                "--pool",
                "p",
                "--pool-namespaces",
                a + "," + b + "," + c,
                "--retention",
                "7d",
                "--chart-cache",
                dir.resolve("cache").toString()));
    Result fromPool = install(again);

    assertThat(fromPool.code()).as(fromPool.out() + fromPool.err()).isEqualTo(1);
    assertThat(fromPool.err())
        .as("the pool's own catalogue is linted too")
        .contains(entry + ", rule 2")
        .contains("Nothing was changed");
    assertThat(admin.namespaces().withName(c).get()).as("no namespace added").isNull();
    assertThat(
            admin
                .resources(NamespacePool.class)
                .inNamespace(control)
                .withName("p")
                .get()
                .getSpec()
                .getRetention())
        .isEqualTo(pool.getSpec().getRetention());
    assertThat(role(admin, a, NspoolRoles.INSTALLER).getMetadata().getResourceVersion())
        .as("the installer Role was not written")
        .isEqualTo(resourceVersion);
  }

  private static PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resource)
        .withVerbs(verbs)
        .build();
  }

  record Result(int code, String out, String err) {}

  /** {@code nspool install} in-process; it prints its report on stdout. */
  private static synchronized Result install(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    java.io.StringWriter err = new java.io.StringWriter();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      picocli.CommandLine cli = Main.commandLine();
      cli.setErr(new java.io.PrintWriter(err, true));
      int code = cli.execute(args.toArray(String[]::new));
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(stdout);
    }
  }

  private static Role role(KubernetesClient admin, String ns, String name) {
    return admin.rbac().roles().inNamespace(ns).withName(name).get();
  }

  private static JsonNode json(String[] args) throws Exception {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "-o";
    all[args.length + 1] = "json";
    CliRun run = CliRun.run(Map.of(), all);
    assertThat(run.exitCode()).as(run.out() + run.err()).isIn(0, 1);
    return ApiClient.JSON.readTree(run.out());
  }

  private static List<JsonNode> failed(JsonNode report) {
    return StreamSupport.stream(report.path("checks").spliterator(), false)
        .filter(c -> c.path("status").asText().equals("missing"))
        .toList();
  }
}
