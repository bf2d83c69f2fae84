package io.nspool.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("rbac lint")
class RbacLintTest {

  static PolicyRule rule(List<String> groups, List<String> resources, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(groups)
        .withResources(resources)
        .withVerbs(verbs)
        .build();
  }

  static PolicyRule core(String resource, String... verbs) {
    return rule(List.of(""), List.of(resource), verbs);
  }

  static PolicyRule named(PolicyRule rule, String... names) {
    return new PolicyRuleBuilder(rule).withResourceNames(names).build();
  }

  static List<Finding> lint(PolicyRule... rules) {
    return RbacLint.lint(new LintedRole("Role", "tenant-1", "r", List.of(rules)));
  }

  static List<String> checks(PolicyRule... rules) {
    return lint(rules).stream().map(Finding::check).toList();
  }

  static Finding only(String check, PolicyRule... rules) {
    List<Finding> found = lint(rules).stream().filter(f -> f.check().equals(check)).toList();
    assertThat(found).as("findings %s of %s", check, lint(rules)).hasSize(1);
    return found.get(0);
  }

  @Nested
  @DisplayName("errors")
  class Errors {
    @Test
    @DisplayName("cluster-scoped resources and their subresources can never work in a Role")
    void clusterScoped() {
      Finding f =
          only("cluster-scoped", rule(List.of(""), List.of("nodes", "nodes/proxy", "pods"), "get"));
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.why()).contains("nodes, nodes/proxy are cluster-scoped").doesNotContain("pods");
      for (PolicyRule r :
          List.of(
              core("persistentvolumes", "get"),
              rule(List.of("rbac.authorization.k8s.io"), List.of("clusterroles"), "get"),
              rule(List.of("rbac.authorization.k8s.io"), List.of("clusterrolebindings"), "get"),
              rule(List.of("apiextensions.k8s.io"), List.of("customresourcedefinitions"), "get"),
              rule(List.of("storage.k8s.io"), List.of("storageclasses"), "get"),
              rule(List.of("authentication.k8s.io"), List.of("tokenreviews"), "create"),
              rule(List.of("authorization.k8s.io"), List.of("subjectaccessreviews"), "create"),
              rule(List.of("certificates.k8s.io"), List.of("certificatesigningrequests"), "get"),
              rule(List.of("scheduling.k8s.io"), List.of("priorityclasses"), "get"),
              rule(List.of("*"), List.of("nodes"), "get"))) {
        assertThat(checks(r)).as(RuleText.of(r)).contains("cluster-scoped");
      }
    }

    @Test
    @DisplayName("namespaced look-alikes and a ClusterRole are not flagged")
    void notClusterScoped() {
      assertThat(
              checks(
                  rule(
                      List.of("authorization.k8s.io"),
                      List.of("localsubjectaccessreviews"),
                      "create")))
          .isEmpty();
      assertThat(checks(rule(List.of("example.com"), List.of("nodes"), "get"))).isEmpty();
      assertThat(
              RbacLint.lint(
                  new LintedRole("ClusterRole", null, "c", List.of(core("nodes", "get")))))
          .isEmpty();
    }

    @Test
    @DisplayName("of namespaces, list, watch, create and deletecollection never work; get does")
    void namespaces() {
      Finding f = only("cluster-scoped", core("namespaces", "get", "list", "watch"));
      assertThat(f.why()).startsWith("list, watch of namespaces are requests across the cluster");
      assertThat(checks(core("namespaces", "get"))).isEmpty();
    }

    @Test
    @DisplayName("nonResourceURLs cannot be in a Role")
    void nonResourceUrls() {
      PolicyRule r =
          new PolicyRuleBuilder().withNonResourceURLs("/healthz").withVerbs("get").build();
      assertThat(checks(r)).containsExactly("non-resource-url");
      assertThat(only("non-resource-url", r).why()).contains("/healthz");
    }

    @Test
    @DisplayName("unknown verbs (and verbs in the wrong case) grant nothing")
    void unknownVerbs() {
      Finding f = only("unknown-verb", core("pods", "get", "GET", "read", "exec"));
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.why()).contains("GET, read, exec");
      assertThat(checks(core("serviceaccounts", "impersonate"))).doesNotContain("unknown-verb");
    }

    @Test
    @DisplayName("a * inside a name matches nothing; */SUBRESOURCE is a real wildcard")
    void badWildcards() {
      assertThat(only("bad-wildcard", core("pods/*", "get")).why()).startsWith("pods/*:");
      assertThat(checks(rule(List.of("*.k8s.io"), List.of("pods"), "get")))
          .contains("bad-wildcard");
      assertThat(checks(core("*/status", "get"))).doesNotContain("bad-wildcard");
    }

    @Test
    @DisplayName("create and deletecollection cannot be limited by resourceNames; subresources can")
    void createWithNames() {
      Finding f = only("create-with-names", named(core("secrets", "get", "create"), "a"));
      assertThat(f.why()).startsWith("create of secrets carries no object name");
      assertThat(checks(named(core("serviceaccounts/token", "create"), "installer"))).isEmpty();
    }

    @Test
    @DisplayName("a rule without verbs, resources or apiGroups, or with unknown fields, is refused")
    void malformed() {
      assertThat(checks(new PolicyRuleBuilder().withResources("pods").withVerbs("get").build()))
          .contains("malformed");
      assertThat(checks(new PolicyRuleBuilder().withApiGroups("").withResources("pods").build()))
          .contains("malformed");
      PolicyRule typo = core("pods", "get");
      typo.setAdditionalProperty("resource", List.of("secrets"));
      assertThat(only("malformed", typo).why()).contains("unknown field(s) resource");
    }
  }

  @Nested
  @DisplayName("warnings")
  class Warnings {
    @Test
    @DisplayName("wildcards in verbs, resources or apiGroups name the fields")
    void wildcards() {
      Finding f = only("wildcard", rule(List.of("apps"), List.of("*"), "*"));
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.why()).startsWith("\"*\" in resources, verbs grants every present and future");
      assertThat(checks(rule(List.of("*"), List.of("pods"), "create"))).containsExactly("wildcard");
    }

    @Test
    @DisplayName("read-only * says what reads reach: Secrets, exec over WebSocket, proxies")
    void wildcardRead() {
      Finding f = only("wildcard-read", rule(List.of("*"), List.of("*"), "get", "list", "watch"));
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.why())
          .contains("list/watch returns every Secret")
          .contains("pods/exec")
          .contains("1.35")
          .contains("services/proxy");
      assertThat(only("wildcard-read", rule(List.of("*"), List.of("*"), "list")).why())
          .doesNotContain("pods/exec");
      assertThat(checks(rule(List.of("*"), List.of("*"), "get", "delete")))
          .containsExactly("wildcard");
    }

    @Test
    @DisplayName("escalate, bind and impersonate")
    void escalateBindImpersonate() {
      Finding f =
          only(
              "escalate-bind-impersonate",
              rule(List.of("rbac.authorization.k8s.io"), List.of("roles"), "escalate", "bind"));
      assertThat(f.why()).contains("escalate lets it").contains("bind lets it");
      assertThat(checks(core("serviceaccounts", "impersonate")))
          .containsExactly("escalate-bind-impersonate");
    }

    @Test
    @DisplayName("update or patch of namespaces can loosen Pod Security; get cannot")
    void namespaceWrite() {
      assertThat(only("namespace-write", core("namespaces", "get", "patch")).why())
          .contains("pod-security.kubernetes.io/enforce");
      assertThat(checks(core("namespaces", "get"))).doesNotContain("namespace-write");
    }

    @Test
    @DisplayName("list or watch of Secrets; get, or any verb by name, is fine")
    void secretsRead() {
      assertThat(only("secrets-read", core("secrets", "get", "watch")).why())
          .startsWith("watch of secrets return every Secret in namespace tenant-1");
      assertThat(checks(core("secrets", "get", "create"))).isEmpty();
      assertThat(checks(named(core("secrets", "get", "list", "watch"), "mine"))).isEmpty();
    }

    @Test
    @DisplayName("pods/exec, pods/attach and serviceaccounts/token without resourceNames")
    void execAndTokens() {
      Finding f =
          only("exec-token", rule(List.of(""), List.of("pods/exec", "pods/attach"), "create"));
      assertThat(f.why()).contains("pods/exec runs any command").contains("pods/attach attaches");
      assertThat(only("exec-token", core("*/exec", "get")).why()).contains("pods/exec");
      assertThat(only("exec-token", core("serviceaccounts/token", "create")).why())
          .contains("mints a token for every ServiceAccount");
      assertThat(checks(named(core("pods/exec", "create"), "debug-pod"))).isEmpty();
      assertThat(checks(named(core("serviceaccounts/token", "create"), "installer-tenant-1")))
          .isEmpty();
    }

    @Test
    @DisplayName("* verbs on roles include escalate and bind")
    void rolesAnyVerb() {
      PolicyRule r = rule(List.of("rbac.authorization.k8s.io"), List.of("roles"), "*");
      assertThat(checks(r)).containsExactly("wildcard", "roles-any-verb");
      assertThat(only("roles-any-verb", r).why()).contains("escalate and bind");
    }
  }

  @Nested
  @DisplayName("infos")
  class Infos {
    @Test
    @DisplayName("a duplicate, in any order of its values, is reported once, pointing at the first")
    void duplicates() {
      Finding f = only("duplicate", core("pods", "get", "list"), core("pods", "list", "get"));
      assertThat(f.severity()).isEqualTo(Severity.INFO);
      assertThat(f.rule()).isEqualTo(2);
      assertThat(f.why()).contains("rule 1");
    }

    @Test
    @DisplayName("a rule whose every permission others grant is shadowed, naming them")
    void shadowed() {
      Finding f =
          only(
              "shadowed",
              rule(List.of(""), List.of("pods", "configmaps"), "get"),
              rule(List.of(""), List.of("services", "secrets"), "get"),
              rule(List.of(""), List.of("pods", "services"), "get"));
      assertThat(f.rule()).isEqualTo(3);
      assertThat(f.why()).endsWith("granted by rules 1, 2.");
    }

    @Test
    @DisplayName("* covers: a * rule shadows the rules it includes, subresources too")
    void wildcardCovers() {
      assertThat(
              only(
                      "shadowed",
                      rule(List.of("*"), List.of("*"), "list"),
                      rule(List.of("apps"), List.of("deployments", "deployments/scale"), "list"))
                  .rule())
          .isEqualTo(2);
      assertThat(checks(core("*/status", "get"), core("pods/status", "get")))
          .containsExactly("shadowed");
    }

    @Test
    @DisplayName("a written * is covered only by *, never by listing every value")
    void writtenWildcardNeedsWildcard() {
      String[] every =
          KubernetesResources.VERBS.stream().filter(v -> !v.equals("*")).toArray(String[]::new);
      List<Finding> findings =
          lint(
              rule(List.of("apps"), List.of("deployments"), "*"),
              rule(List.of("apps"), List.of("deployments"), every));
      assertThat(findings)
          .filteredOn(f -> f.severity() == Severity.INFO)
          .extracting(Finding::rule, Finding::check)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "shadowed"));
    }

    @Test
    @DisplayName("resourceNames restrict: a named rule never covers all objects, an open one does")
    void resourceNamesRestrict() {
      assertThat(checks(named(core("secrets", "get"), "a"), core("secrets", "get")))
          .containsExactly("shadowed");
      assertThat(checks(core("secrets", "get"), named(core("secrets", "get"), "a")))
          .containsExactly("shadowed");
      assertThat(checks(named(core("secrets", "get"), "a"), named(core("secrets", "get"), "b")))
          .isEmpty();
      assertThat(
              checks(named(core("secrets", "get"), "a", "b"), named(core("secrets", "get"), "b")))
          .containsExactly("shadowed");
    }

    @Test
    @DisplayName("removing every redundant rule at once keeps what the Role grants")
    void removingAllRedundantKeepsPermissions() {
      List<PolicyRule> rules =
          List.of(
              rule(List.of(""), List.of("pods", "services"), "get"),
              core("pods", "get"),
              core("services", "get"),
              core("pods", "get"));
      List<Finding> findings = RbacLint.lint(new LintedRole("Role", "tenant-1", "r", rules));
      List<Integer> redundant = findings.stream().map(Finding::rule).toList();
      assertThat(redundant).hasSize(2);
      List<PolicyRule> kept =
          java.util.stream.IntStream.range(0, rules.size())
              .filter(i -> !redundant.contains(i + 1))
              .mapToObj(rules::get)
              .toList();
      for (PolicyRule r : rules) {
        for (Redundancy.Permission p : Redundancy.permissions(r)) {
          assertThat(kept.stream().anyMatch(k -> Redundancy.covers(k, p)))
              .as(p.toString())
              .isTrue();
        }
      }
    }

    @Test
    @DisplayName("the extensions group no longer serves deployments, ingresses and their kin")
    void deprecatedGroup() {
      Finding f =
          only("deprecated-group", rule(List.of("extensions"), List.of("ingresses"), "get"));
      assertThat(f.severity()).isEqualTo(Severity.INFO);
      assertThat(f.why())
          .contains("ingresses (in networking.k8s.io; extensions stopped serving it in 1.22)");
    }
  }

  @Test
  @DisplayName("nspool's own Roles have no error; only the read-only * of the pool namespace warns")
  void nspoolRoles() {
    List<LintedRole> roles =
        List.of(
            LintedRole.of(NspoolRoles.controlRole("nspool-system")),
            LintedRole.of(NspoolRoles.poolRole("tenant-1", List.of())),
            LintedRole.of(NspoolRoles.installerRole("tenant-1", List.of())));
    List<Finding> findings = RbacLint.lint(roles);

    assertThat(RbacLint.failed(findings)).isFalse();
    assertThat(findings)
        .extracting(Finding::role, Finding::rule, Finding::check)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Role tenant-1/nspool", 1, "wildcard-read"),
            org.assertj.core.groups.Tuple.tuple(
                "Role tenant-1/nspool-installer", 1, "wildcard-read"));
  }

  @Test
  @DisplayName("rules print as YAML flow one-liners, quoting what YAML would read otherwise")
  void ruleText() {
    assertThat(RuleText.of(named(rule(List.of("", "apps"), List.of("*"), "get"), "a-b")))
        .isEqualTo(
            "{apiGroups: [\"\", apps], resources: [\"*\"], resourceNames: [a-b], verbs: [get]}");
  }

  @Nested
  @DisplayName("documents")
  class Documents {
    @Test
    @DisplayName("reads Roles and ClusterRoles from many documents and Lists, skipping other kinds")
    void parses() {
      RoleDocuments.Parsed parsed =
          RoleDocuments.parse(
              """
              apiVersion: v1
              kind: Namespace
              metadata: {name: a}
              ---
              kind: Role
              metadata: {name: r, namespace: a}
              rules:
              - apiGroups: [""]
                resources: [pods]
                verbs: [get]
              ---
              kind: List
              items:
              - kind: ClusterRole
                metadata: {name: c}
                rules: []
              """,
              "x.yaml");
      assertThat(parsed.roles())
          .extracting(LintedRole::display)
          .containsExactly("Role a/r", "ClusterRole c");
      assertThat(parsed.roles().get(0).rules()).containsExactly(core("pods", "get"));
      assertThat(parsed.skipped()).containsExactly("Namespace");
    }

    @Test
    @DisplayName("bad YAML or a bad rule names the source, the document and the rule")
    void badInput() {
      assertThatThrownBy(() -> RoleDocuments.parse("kind: Role\n  metadata: x\n:", "x.yaml"))
          .hasMessageStartingWith("x.yaml: not valid YAML (document 1)")
          .hasMessageContaining("line");
      assertThatThrownBy(
              () ->
                  RoleDocuments.parse(
                      "kind: Role\nmetadata: {name: r}\nrules:\n- verbs: get\n", "x.yaml"))
          .hasMessageStartingWith("x.yaml: document 1: Role r: rule 1:");
    }
  }
}
