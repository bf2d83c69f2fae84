package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.rbac.InstallerIdentity;
import io.nspool.rbac.NspoolRoles;
import io.nspool.rbac.RuleText;
import io.nspool.testing.Testbed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each trait chart of real-world charts reaches its documented outcome (docs/preflight.md) through
 * Helm's real code path, as the installer identity of its namespace: installed, or refused by
 * pre-flight naming the object or the missing rule, with nothing created and no Helm revision. The
 * refusal messages are printed: docs/preflight.md quotes them.
 */
@LocalKubernetes
@DisplayName("Pre-flight on the trait charts")
class PreflightIT {
  private static final Path CHARTS = Path.of("src/test/resources/charts");

  private static Path chart(String name) {
    return CHARTS.resolve(name);
  }

  @Test
  @DisplayName(
      "a pod-launcher Role granting pods/exec is refused naming the missing rule and the YAML to add, nothing is created; once the rule is added to the installer's Role it installs")
  void podLauncherNeedsTheRule(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "pf-launcher");
    String ns = bed.preparePoolNamespaces(1).get(0);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      Commander commander = new Commander(nspool);

      assertRefused(
          () -> commander.apply(chart("pod-launcher"), ns, "r", Map.of()),
          message ->
              assertThat(message)
                  .contains("pre-flight refused the chart before installing anything")
                  .contains(InstallerIdentity.of(bed.controlNamespace(), ns).username())
                  .contains("in namespace " + ns)
                  .contains("Role r-pod-launcher-role needs create pods/exec;")
                  .contains("- {apiGroups: [\"\"], resources: [pods/exec], verbs: [create]}")
                  .doesNotContain("pods/log"));
      assertNothingCreated(admin, commander, ns, "r");

      addToInstallerRole(admin, ns, rule("", "pods/exec", "create"));
      Commander.ReleaseInfo installed = commander.apply(chart("pod-launcher"), ns, "r", Map.of());

      assertThat(installed.revision()).isEqualTo(1);
      assertThat(admin.rbac().roles().inNamespace(ns).withName("r-pod-launcher-role").get())
          .isNotNull();
      assertThat(admin.apps().deployments().inNamespace(ns).withName("r-scheduler").get())
          .isNotNull();
    }
  }

  @Test
  @DisplayName(
      "without pre-flight, Kubernetes' own refusal to let the installer grant pods/exec becomes PermissionDenied naming the rule and the identity")
  void kubernetesRefusesTheGrant(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "pf-grant");
    String ns = bed.preparePoolNamespaces(1).get(0);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      assertThatThrownBy(
              () -> new Commander(nspool, false).apply(chart("pod-launcher"), ns, "r", Map.of()))
          .isInstanceOfSatisfying(
              HelmException.class,
              e -> {
                System.out.println("KUBERNETES-GRANT-REFUSAL: " + e.failure().message());
                assertThat(e.failure().kind()).isEqualTo(HelmFailure.Kind.PERMISSION_DENIED);
                assertThat(e.failure().message())
                    .contains(InstallerIdentity.of(bed.controlNamespace(), ns).username())
                    .contains("attempted to grant")
                    .contains("create pods/exec")
                    .contains("{apiGroups: [\"\"], resources: [pods/exec], verbs: [create]}");
              });
    }
  }

  @Test
  @DisplayName(
      "multiNamespaceMode=true renders a ClusterRole and a ClusterRoleBinding: refused naming both, with no Role rule suggested, nothing created")
  void clusterScopedObjects(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "pf-cluster");
    String ns = bed.preparePoolNamespaces(1).get(0);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      Commander commander = new Commander(nspool);

      assertRefused(
          () ->
              commander.apply(
                  chart("multi-namespace-mode"), ns, "r", Map.of("multiNamespaceMode", true)),
          message ->
              assertThat(message)
                  .contains(
                      "cluster-scoped objects: ClusterRole r-pod-launcher-role, ClusterRoleBinding"
                          + " r-pod-launcher-rolebinding")
                  .contains("namespace-scoped platform cannot hold them")
                  .doesNotContain("add to the Role"));
      assertNothingCreated(admin, commander, ns, "r");
      assertThat(admin.rbac().clusterRoles().withName("r-pod-launcher-role").get()).isNull();

      assertThat(commander.apply(chart("multi-namespace-mode"), ns, "r", Map.of()).revision())
          .as("the same chart with multiNamespaceMode=false installs")
          .isEqualTo(1);
    }
  }

  @Test
  @DisplayName("CRDs in crds/ are refused naming each, and none is created")
  void crds(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "pf-crds");
    String ns = bed.preparePoolNamespaces(1).get(0);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      Commander commander = new Commander(nspool);

      assertRefused(
          () -> commander.apply(chart("with-crds"), ns, "r", Map.of()),
          message ->
              assertThat(message)
                  .contains("CustomResourceDefinitions dagruns.airflow.example.com")
                  .contains("cannot install them"));
      assertNothingCreated(admin, commander, ns, "r");
      assertThat(
              admin
                  .apiextensions()
                  .v1()
                  .customResourceDefinitions()
                  .withName("dagruns.airflow.example.com")
                  .get())
          .isNull();
    }
  }

  @Test
  @DisplayName(
      "an explicit metadata.namespace equal to the release's installs; one set by a value to another namespace is refused naming object, namespace and values key")
  void explicitNamespace(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "pf-explicit");
    List<String> namespaces = bed.preparePoolNamespaces(2);
    String ns = namespaces.get(0);
    String other = namespaces.get(1);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      Commander commander = new Commander(nspool);

      assertRefused(
          () ->
              commander.apply(
                  chart("explicit-namespace"), ns, "r", Map.of("metricsNamespace", other)),
          message ->
              assertThat(message)
                  .contains(
                      "ConfigMap r-metrics is aimed at namespace "
                          + other
                          + " (set by values key metricsNamespace)")
                  .doesNotContain("r-settings"));
      assertNothingCreated(admin, commander, ns, "r");
      assertThat(admin.configMaps().inNamespace(other).withName("r-metrics").get()).isNull();

      assertThat(commander.apply(chart("explicit-namespace"), ns, "r", Map.of()).revision())
          .isEqualTo(1);
      assertThat(admin.configMaps().inNamespace(ns).withName("r-metrics").get()).isNotNull();
    }
  }

  @Test
  @DisplayName(
      "random hook Secrets (before-hook-creation), a post-install migration Job and whitespace-only lines in a block scalar install")
  void hookSecretsInstall(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "pf-hooks");
    String ns = bed.preparePoolNamespaces(1).get(0);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      Commander commander = new Commander(nspool);

      assertThat(commander.apply(chart("hook-secrets"), ns, "r", Map.of()).revision()).isEqualTo(1);

      assertThat(admin.secrets().inNamespace(ns).withName("r-fernet-key").get().getData())
          .containsKey("fernet-key");
      assertThat(admin.secrets().inNamespace(ns).withName("r-webserver-secret-key").get())
          .isNotNull();
      assertThat(
              admin
                  .configMaps()
                  .inNamespace(ns)
                  .withName("r-config")
                  .get()
                  .getData()
                  .get("airflow.cfg"))
          .contains("namespace = " + ns);
    }
  }

  @Test
  @DisplayName("a vendored subchart installs with its parent")
  void vendoredSubchart(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "pf-sub");
    String ns = bed.preparePoolNamespaces(1).get(0);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      new Commander(nspool).apply(chart("vendored-subchart"), ns, "r", Map.of());

      assertThat(admin.apps().deployments().inNamespace(ns).list().getItems())
          .extracting(d -> d.getMetadata().getName())
          .containsExactlyInAnyOrder("r-web", "r-log-groomer");
    }
  }

  @Test
  @DisplayName(
      "a dependency declared in Chart.yaml but missing from charts/ is InvalidChart in Helm's words, permanent, nothing created")
  void missingDependency(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "pf-dep");
    String ns = bed.preparePoolNamespaces(1).get(0);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      Commander commander = new Commander(nspool);

      assertThatThrownBy(() -> commander.apply(chart("missing-dependency"), ns, "r", Map.of()))
          .isInstanceOfSatisfying(
              HelmException.class,
              e -> {
                System.out.println("MISSING-DEPENDENCY: " + e.failure().message());
                assertThat(e.failure().kind()).isEqualTo(HelmFailure.Kind.INVALID_CHART);
                assertThat(e.failure().kind().permanent()).isTrue();
                assertThat(e.failure().message())
                    .contains("postgresql")
                    .contains("missing in charts/ directory");
              });
      assertNothingCreated(admin, commander, ns, "r");
    }
  }

  @Test
  @DisplayName(
      "a RoleBinding to the ClusterRole edit, which the installer does not hold whole, is refused with Kubernetes' own list of what is missing")
  void bindingAClusterRole(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "pf-bind");
    String ns = bed.preparePoolNamespaces(1).get(0);
    addToInstallerRole(admin, ns, rule("", "pods/exec", "create", "get"));
    try (KubernetesClient nspool = bed.nspoolClient()) {
      Commander commander = new Commander(nspool);

      assertRefused(
          () -> commander.apply(chart("pod-launcher"), ns, "r", Map.of("bindClusterRole", "edit")),
          message ->
              assertThat(message)
                  .contains("RoleBinding r-edit binds the ClusterRole edit")
                  .contains("attempted to grant"));
      assertNothingCreated(admin, commander, ns, "r");
    }
  }

  @Test
  @DisplayName(
      "an installer holding exactly the Role `rbac role` derives installs the chart; without any one of its rules pre-flight names that rule")
  void derivedRoleIsExactlyEnough(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "pf-exact");
    String ns = bed.poolNamespace(1);
    bed.namespace(ns);
    ChartRender render = ChartRender.asCaller(chart("pod-launcher"), "r", ns, Map.of());
    Role derived =
        ChartRole.role(render, ns, NspoolRoles.INSTALLER, ResourceScopes.discovery(admin));
    installerHolding(admin, bed, ns, derived);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      Commander commander = new Commander(nspool);
      for (PolicyRule removed : derived.getRules()) {
        List<PolicyRule> fewer = new ArrayList<>(derived.getRules());
        fewer.remove(removed);
        admin.resource(new RoleBuilder(derived).withRules(fewer).build()).update();

        assertRefused(
            () -> commander.apply(chart("pod-launcher"), ns, "r", Map.of()),
            message ->
                assertThat(message)
                    .as("without " + RuleText.of(removed))
                    .contains("\n  - " + RuleText.of(removed)));
      }
      admin.resource(derived).update();

      assertThat(commander.apply(chart("pod-launcher"), ns, "r", Map.of()).revision()).isEqualTo(1);
      assertThat(commander.apply(chart("pod-launcher"), ns, "r", Map.of()).revision())
          .as("upgrade")
          .isEqualTo(2);
      commander.uninstall(ns, "r");
    }
    assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
  }

  /** The installer of {@code ns} holds {@code role} only; nspool only mints its token. */
  private static void installerHolding(KubernetesClient admin, Testbed bed, String ns, Role role) {
    // In the control namespace: the installer's ServiceAccount and what lets nspool mint its token.
    NspoolRoles.installerInControl(bed.controlNamespace(), ns, bed.identity().name())
        .forEach(o -> admin.resource(o).create());
    admin.resource(role).create();
    admin.resource(NspoolRoles.installerBinding(bed.controlNamespace(), ns)).create();
  }

  private static PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resource)
        .withVerbs(verbs)
        .build();
  }

  /** What an admin does with the rule pre-flight names (the installer cannot grant it itself). */
  private static void addToInstallerRole(KubernetesClient admin, String ns, PolicyRule rule) {
    admin
        .rbac()
        .roles()
        .inNamespace(ns)
        .withName(NspoolRoles.INSTALLER)
        .edit(r -> new RoleBuilder(r).addToRules(rule).build());
  }

  private static void assertRefused(Runnable apply, Consumer<String> message) {
    assertThatThrownBy(apply::run)
        .isInstanceOfSatisfying(
            HelmException.class,
            e -> {
              System.out.println("PREFLIGHT-REFUSAL: " + e.failure().message());
              assertThat(e.failure().kind()).isEqualTo(HelmFailure.Kind.PREFLIGHT_REFUSED);
              assertThat(e.failure().kind().permanent()).as("never retried").isTrue();
              message.accept(e.failure().message());
            });
  }

  /** No object of the chart and no Helm release record: pre-flight refused before creating. */
  private static void assertNothingCreated(
      KubernetesClient admin, Commander commander, String ns, String release) {
    assertThat(commander.history(ns, release)).as("Helm history").isEmpty();
    assertThat(admin.secrets().inNamespace(ns).withLabel("owner", "helm").list().getItems())
        .as("Helm release secrets")
        .isEmpty();
    assertThat(admin.configMaps().inNamespace(ns).list().getItems())
        .extracting(c -> c.getMetadata().getName())
        .allMatch(n -> !n.startsWith(release + "-"));
    assertThat(admin.rbac().roles().inNamespace(ns).list().getItems())
        .extracting(r -> r.getMetadata().getName())
        .allMatch(n -> !n.startsWith(release + "-"));
    assertThat(admin.rbac().roleBindings().inNamespace(ns).list().getItems())
        .extracting(r -> r.getMetadata().getName())
        .allMatch(n -> !n.startsWith(release + "-"));
    assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(admin.serviceAccounts().inNamespace(ns).list().getItems())
        .extracting(s -> s.getMetadata().getName())
        .allMatch(n -> !n.startsWith(release + "-"));
  }
}
