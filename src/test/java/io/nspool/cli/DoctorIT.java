package io.nspool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.cli.client.ApiClient;
import io.nspool.install.Installer;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PodSecurityLevel;
import io.nspool.rbac.NspoolRoles;
import io.nspool.testing.Testbed;
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
 * {@code nspool doctor} on the real local cluster, with an admin's and with nspool's kubeconfig.
 */
@LocalKubernetes
@DisplayName("nspool doctor")
class DoctorIT {
  private static final Duration RBAC_SETTLES = Duration.ofSeconds(30);
  private static final String SERVICEACCOUNTS_RULE =
      "{apiGroups: [\"\"], resources: [serviceaccounts], verbs: [create, update, patch, delete,"
          + " deletecollection]}";

  @Test
  @DisplayName(
      "passes after nspool install's set-up as an admin and as nspool; names exactly a removed rule of the installer's or nspool's Role, a loosened Pod Security label and a RoleBinding to the wrong ServiceAccount, exiting 1")
  void passesThenNamesWhatIsMissing(LocalCluster cluster, KubernetesClient admin, @TempDir Path dir)
      throws Exception {
    Testbed bed = new Testbed(admin, "doctor");
    List<String> names = bed.preparePoolNamespaces(2);
    String a = names.get(0);
    String b = names.get(1);
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName("p");
    pool.getMetadata().setNamespace(bed.controlNamespace());
    pool.getSpec().setNamespaces(new ArrayList<>(names));
    admin.resource(pool).create();
    Path nspoolKubeconfig =
        bed.identity()
            .writeKubeconfig(
                admin,
                dir.resolve("nspool.kubeconfig"),
                cluster.apiserverCa(),
                Duration.ofMinutes(20));
    String[] asAdmin = {
      "doctor", "--kubeconfig", cluster.adminKubeconfig().toString(), "-n", bed.controlNamespace()
    };
    String[] asNspool = {
      "doctor", "--kubeconfig", nspoolKubeconfig.toString(), "-n", bed.controlNamespace()
    };

    CliRun admins = CliRun.run(Map.of(), asAdmin);
    assertThat(admins.exitCode()).as(admins.out() + admins.err()).isZero();
    assertThat(admins.out())
        .startsWith("mode: subject-access-review")
        .contains(a, b)
        .doesNotContain("MISSING")
        .endsWith("all checks ok in 3 namespace(s)\n");
    CliRun nspools = CliRun.run(Map.of(), asNspool);
    assertThat(nspools.exitCode()).as(nspools.out() + nspools.err()).isZero();
    assertThat(nspools.out())
        .startsWith("mode: self-subject-rules-review")
        .doesNotContain("MISSING")
        .endsWith("all checks ok in 3 namespace(s)\n");

    var installerRole = Testbed.weakenInstallerRole(admin, a, "serviceaccounts");
    for (String[] args : List.of(asAdmin, asNspool)) {
      await()
          .atMost(RBAC_SETTLES)
          .untilAsserted(
              () -> {
                JsonNode report = json(args);
                assertThat(report.path("healthy").asBoolean()).isFalse();
                List<JsonNode> failed = failed(report);
                assertThat(failed).hasSize(1);
                assertThat(failed.get(0).path("namespace").asText()).isEqualTo(a);
                assertThat(failed.get(0).path("check").asText()).isEqualTo("installer-rbac");
                assertThat(failed.get(0).path("fix").asText())
                    .isEqualTo(
                        "add to the rules of Role "
                            + a
                            + "/"
                            + NspoolRoles.INSTALLER
                            + ": "
                            + SERVICEACCOUNTS_RULE);
              });
    }
    CliRun table = CliRun.run(Map.of(), asAdmin);
    assertThat(table.exitCode()).isEqualTo(1);
    assertThat(table.out())
        .contains(
            a
                + " installer-rbac: MISSING "
                + io.nspool.rbac.InstallerIdentity.of(bed.controlNamespace(), a).username())
        .contains(SERVICEACCOUNTS_RULE)
        .endsWith("1 check(s) failed in 3 namespace(s)\n");
    Installer.apply(admin, List.of(installerRole));

    var poolRole = Testbed.weakenPoolRole(admin, b, "configmaps");
    admin
        .namespaces()
        .withName(b)
        .edit(
            n -> {
              n.getMetadata()
                  .getLabels()
                  .put(PodSecurityLevel.ENFORCE_LABEL, PodSecurityLevel.PRIVILEGED.wireName());
              return n;
            });
    await()
        .atMost(RBAC_SETTLES)
        .untilAsserted(
            () -> {
              JsonNode report = json(asAdmin);
              assertThat(failed(report))
                  .extracting(c -> c.path("namespace").asText() + " " + c.path("check").asText())
                  .containsExactlyInAnyOrder(b + " nspool-rbac", b + " pod-security");
              JsonNode rbac =
                  failed(report).stream()
                      .filter(c -> c.path("check").asText().equals("nspool-rbac"))
                      .findFirst()
                      .orElseThrow();
              assertThat(rbac.path("fix").asText())
                  .isEqualTo(
                      "add to the rules of Role "
                          + b
                          + "/nspool: "
                          + SERVICEACCOUNTS_RULE.replace("serviceaccounts", "configmaps"));
            });
    CliRun labelled = CliRun.run(Map.of(), asNspool);
    assertThat(labelled.exitCode()).isEqualTo(1);
    assertThat(labelled.out())
        .contains(b + " pod-security: MISSING label pod-security.kubernetes.io/enforce=privileged")
        .contains(
            "kubectl label namespace "
                + b
                + " pod-security.kubernetes.io/enforce=baseline --overwrite");
    Installer.apply(admin, List.of(poolRole));

    // A RoleBinding naming another ServiceAccount grants the installer nothing.
    admin
        .rbac()
        .roleBindings()
        .inNamespace(a)
        .withName(NspoolRoles.INSTALLER)
        .edit(
            rb -> {
              rb.getSubjects().get(0).setName("someone-else");
              return rb;
            });
    await()
        .atMost(RBAC_SETTLES)
        .untilAsserted(
            () -> {
              CliRun run = CliRun.run(Map.of(), asAdmin);
              assertThat(run.exitCode()).isEqualTo(1);
              assertThat(run.out())
                  .contains(
                      a
                          + " installer-binding: MISSING RoleBinding "
                          + a
                          + "/nspool-installer: subjects do not include ServiceAccount "
                          + bed.controlNamespace()
                          + "/installer-"
                          + a)
                  .contains(a + " installer-rbac: MISSING");
            });

    // nspool may no longer mint (nor renew) b's installer's tokens: its RoleBinding in the control
    // namespace is gone.
    admin
        .rbac()
        .roleBindings()
        .inNamespace(bed.controlNamespace())
        .withName(io.nspool.rbac.InstallerIdentity.serviceAccountName(b))
        .delete();
    await()
        .atMost(RBAC_SETTLES)
        .untilAsserted(
            () -> {
              CliRun run = CliRun.run(Map.of(), asAdmin);
              assertThat(run.exitCode()).isEqualTo(1);
              assertThat(run.out())
                  .contains(
                      b
                          + " installer-sa: MISSING "
                          + bed.identity().username()
                          + " may not mint or renew the tokens of "
                          + io.nspool.rbac.InstallerIdentity.of(bed.controlNamespace(), b)
                              .username())
                  .contains(
                      "apply Role and RoleBinding " + bed.controlNamespace() + "/installer-" + b);
            });
  }

  private static JsonNode json(String[] args) throws Exception {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "-o";
    all[args.length + 1] = "json";
    CliRun run = CliRun.run(Map.of(), all);
    assertThat(run.exitCode()).as(run.out() + run.err()).isIn(0, 1);
    JsonNode report = ApiClient.JSON.readTree(run.out());
    assertThat(run.exitCode()).isEqualTo(report.path("healthy").asBoolean() ? 0 : 1);
    return report;
  }

  private static List<JsonNode> failed(JsonNode report) {
    return StreamSupport.stream(report.path("checks").spliterator(), false)
        .filter(c -> c.path("status").asText().equals("missing"))
        .toList();
  }
}
