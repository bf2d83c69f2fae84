package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.nspool.rbac.RuleCoverage.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Pre-flight's review of a render")
class PreflightReviewTest {
  private static final String NS = "team-1";
  private static final String INSTALLER = "system:serviceaccount:nspool-system:installer-team-1";

  /** What the installer's Role grants: read everything, write what charts install. */
  private static final List<ResourceRule> INSTALLER_RULES =
      List.of(
          rule(List.of("*"), List.of("*"), "get", "list", "watch"),
          rule(
              List.of(""),
              List.of("configmaps", "secrets", "serviceaccounts", "pods"),
              "create",
              "update",
              "patch",
              "delete"),
          rule(List.of("apps"), List.of("deployments"), "create", "update", "patch", "delete"),
          rule(
              List.of("rbac.authorization.k8s.io"),
              List.of("roles", "rolebindings"),
              "create",
              "update",
              "patch",
              "delete"));

  private static ResourceRule rule(List<String> groups, List<String> resources, String... verbs) {
    return new ResourceRuleBuilder()
        .withApiGroups(groups)
        .withResources(resources)
        .withVerbs(verbs)
        .build();
  }

  private static Optional<String> review(String yaml, Map<String, Object> values) {
    return review(yaml, values, INSTALLER_RULES);
  }

  private static Optional<String> review(
      String yaml, Map<String, Object> values, List<ResourceRule> rules) {
    List<RenderedObject> objects = new ArrayList<>(Manifests.parse(yaml, false));
    return PreflightReview.refusal(
        new ChartRender(objects), NS, values, ResourceScopes.builtIn(), rules, INSTALLER);
  }

  @Test
  @DisplayName("a chart of namespaced objects the installer may create passes")
  void passes() {
    assertThat(
            review(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: team-1}\n---\n"
                    + "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\n",
                Map.of()))
        .isEmpty();
  }

  @Test
  @DisplayName(
      "cluster-scoped objects are listed by kind and name, and no rule is suggested for them")
  void clusterScoped() {
    String refusal =
        review(
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\n"
                    + "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: mine}\n"
                    + "---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: s}\n",
                Map.of())
            .orElseThrow();

    assertThat(refusal)
        .contains("cluster-scoped objects: ClusterRole r, Namespace mine, StorageClass s")
        .contains("no rule to add fixes this")
        .doesNotContain("add to the Role");
  }

  @Test
  @DisplayName("an object in another namespace is named with the namespace and the values key")
  void otherNamespace() {
    String refusal =
        review(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: team-2}\n",
                Map.of("metrics", Map.of("namespace", "team-2")))
            .orElseThrow();

    assertThat(refusal)
        .contains("ConfigMap a is aimed at namespace team-2 (set by values key metrics.namespace)")
        .contains("tenant isolation, not a missing rule");
  }

  @Test
  @DisplayName(
      "a Role granting what the installer does not hold is refused listing each permission and the exact rule to add; what the installer holds (pods/log get, through *) is not listed")
  void missingRules() {
    String refusal =
        review(
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: launcher}\n"
                    + "rules:\n"
                    + "  - apiGroups: [\"\"]\n    resources: [pods/log]\n    verbs: [get]\n"
                    + "  - apiGroups: [\"\"]\n    resources: [pods/exec]\n    verbs: [create, get]\n"
                    + "  - apiGroups: [\"\"]\n    resources: [pods/portforward]\n"
                    + "    resourceNames: [db]\n    verbs: [create]\n"
                    + "---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n"
                    + "  annotations: {\""
                    + ChartCopy.HOOK_ANNOTATION
                    + "\": post-install}\n",
                Map.of())
            .orElseThrow();

    assertThat(refusal)
        .contains("the installer " + INSTALLER + " does not hold, in namespace team-1")
        .contains("Role launcher needs create pods/exec; create pods/portforward named db;")
        .contains("Job migrate (hook post-install) needs create, delete, patch, update jobs.batch;")
        .contains("\n  - {apiGroups: [\"\"], resources: [pods/exec], verbs: [create]}")
        .contains(
            "\n  - {apiGroups: [\"\"], resources: [pods/portforward], resourceNames: [db], verbs:"
                + " [create]}")
        .contains(
            "\n  - {apiGroups: [batch], resources: [jobs], verbs: [create, delete, patch, update]}")
        .doesNotContain("pods/log");
  }

  @Test
  @DisplayName("an installer that may not keep Helm's release record is told so")
  void releaseRecord() {
    String refusal =
        review(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
                Map.of(),
                List.of(
                    rule(List.of("*"), List.of("*"), "get", "list", "watch"),
                    rule(
                        List.of(""), List.of("configmaps"), "create", "update", "patch", "delete")))
            .orElseThrow();

    assertThat(refusal)
        .contains("Helm's release record needs create, delete, patch, update secrets");
  }

  @Test
  @DisplayName("CRDs of crds/ are refused naming each")
  void crds() {
    List<RenderedObject> objects =
        Manifests.parse(
            "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
                + "metadata: {name: dagruns.example.com}\n",
            true);

    String refusal =
        PreflightReview.refusal(
                new ChartRender(objects),
                NS,
                Map.of(),
                ResourceScopes.builtIn(),
                INSTALLER_RULES,
                INSTALLER)
            .orElseThrow();

    assertThat(refusal)
        .contains("CustomResourceDefinitions dagruns.example.com")
        .contains("cannot install them");
  }

  @Test
  @DisplayName("the Role a chart needs and pre-flight's check are one rule: ChartRole.required")
  void oneRule() {
    ChartRender render =
        new ChartRender(
            Manifests.parse(
                "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: s}\n---\n"
                    + "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\n"
                    + "rules: [{apiGroups: [\"\"], resources: [pods/exec], verbs: [create]}]\n",
                false));

    List<Permission> required = ChartRole.required(render, NS, ResourceScopes.builtIn());

    assertThat(required)
        .contains(
            new Permission("", "secrets", "create"),
            new Permission("", "serviceaccounts", "patch"),
            new Permission("rbac.authorization.k8s.io", "roles", "create"),
            new Permission("", "pods/exec", "create"));
  }

  @Test
  @DisplayName("plurals are guessed as Kubernetes guesses them")
  void plurals() {
    assertThat(ResourceScopes.plural("NetworkPolicy")).isEqualTo("networkpolicies");
    assertThat(ResourceScopes.plural("Ingress")).isEqualTo("ingresses");
    assertThat(ResourceScopes.plural("Endpoints")).isEqualTo("endpoints");
    assertThat(ResourceScopes.plural("Gateway")).isEqualTo("gateways");
    assertThat(ResourceScopes.plural("ConfigMap")).isEqualTo("configmaps");
  }

  @Test
  @DisplayName(
      "a RoleBinding opening the namespace to another namespace's ServiceAccount or to everyone is refused; this namespace's own subjects are fine")
  void foreignSubjects() {
    String refusal =
        review(
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\n"
                    + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\n"
                    + "subjects:\n"
                    + "  - {kind: ServiceAccount, name: default, namespace: team-1}\n"
                    + "  - {kind: ServiceAccount, name: spy, namespace: team-2}\n"
                    + "  - {kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io}\n"
                    + "  - {kind: Group, name: system:serviceaccounts:team-1, apiGroup: rbac.authorization.k8s.io}\n"
                    + "  - {kind: User, name: alice@example.com, apiGroup: rbac.authorization.k8s.io}\n",
                Map.of())
            .orElseThrow();

    assertThat(refusal)
        .contains(
            "it binds identities of other namespaces or everyone: RoleBinding b binds"
                + " ServiceAccount team-2/spy; RoleBinding b binds Group system:authenticated.")
        .doesNotContain("team-1/default")
        .doesNotContain("alice");
  }
}
