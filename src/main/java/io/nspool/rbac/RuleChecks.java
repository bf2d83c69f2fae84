package io.nspool.rbac;

import static io.nspool.rbac.KubernetesResources.READ_VERBS;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.nspool.claim.ClaimCodec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The lint's checks of one rule on its own, one method each, named as the check it reports. Each
 * looks at what the rule spells out: a resource is "named" when it is listed (a {@code *} resource
 * names none of them; the wildcard checks speak for it), a verb is "held" when it is listed or the
 * verbs are {@code *}.
 */
final class RuleChecks {
  /** One rule of one Role, with the helpers the checks share. */
  record Rule(LintedRole role, int index, PolicyRule rule) {
    List<String> groups() {
      return nonNull(rule.getApiGroups());
    }

    List<String> resources() {
      return nonNull(rule.getResources());
    }

    List<String> verbs() {
      return nonNull(rule.getVerbs());
    }

    List<String> names() {
      return nonNull(rule.getResourceNames());
    }

    List<String> urls() {
      return nonNull(rule.getNonResourceURLs());
    }

    boolean inGroup(String group) {
      return groups().contains(group) || groups().contains("*");
    }

    boolean holds(String verb) {
      return verbs().contains(verb) || verbs().contains("*");
    }

    /** The held verbs among {@code wanted}, in their given order. */
    List<String> held(List<String> wanted) {
      return wanted.stream().filter(this::holds).toList();
    }

    String where() {
      return role.namespaced() && role.namespace() != null
          ? "namespace " + role.namespace()
          : "the namespaces it is bound in";
    }

    Finding finding(Severity severity, String check, String why, String fix) {
      return new Finding(severity, role.display(), index, RuleText.of(rule), check, why, fix);
    }

    private static List<String> nonNull(List<String> values) {
      return values == null ? List.of() : values;
    }
  }

  interface Check {
    Optional<Finding> check(Rule rule);
  }

  /** Every check, in the order their findings are listed for one rule. */
  static final List<Check> ALL =
      List.of(
          RuleChecks::malformed,
          RuleChecks::nonResourceUrls,
          RuleChecks::unknownVerbs,
          RuleChecks::badWildcards,
          RuleChecks::clusterScoped,
          RuleChecks::createWithNames,
          RuleChecks::wildcard,
          RuleChecks::escalateBindImpersonate,
          RuleChecks::namespaceWrite,
          RuleChecks::secretsRead,
          RuleChecks::execAndTokens,
          RuleChecks::rolesAnyVerb,
          RuleChecks::deprecatedGroup);

  private RuleChecks() {}

  static List<Finding> check(Rule rule) {
    List<Finding> findings = new ArrayList<>();
    for (Check check : ALL) {
      check.check(rule).ifPresent(findings::add);
    }
    return findings;
  }

  /** error {@code malformed}: a rule Kubernetes refuses, or a field it does not know. */
  static Optional<Finding> malformed(Rule r) {
    List<String> problems = new ArrayList<>();
    if (r.rule().getAdditionalProperties() != null
        && !r.rule().getAdditionalProperties().isEmpty()) {
      problems.add(
          "unknown field(s) "
              + String.join(", ", r.rule().getAdditionalProperties().keySet())
              + " (a rule has apiGroups, resources, resourceNames, nonResourceURLs and verbs)");
    }
    if (r.verbs().isEmpty()) {
      problems.add("no verbs");
    }
    if (r.resources().isEmpty() && r.urls().isEmpty()) {
      problems.add("neither resources nor nonResourceURLs");
    }
    if (!r.resources().isEmpty() && r.groups().isEmpty()) {
      problems.add("resources without apiGroups (the core group is \"\")");
    }
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        r.finding(
            Severity.ERROR,
            "malformed",
            "The rule has " + String.join("; ", problems) + ": Kubernetes refuses it.",
            "Spell the rule out: apiGroups, resources and verbs (resourceNames optional), each a"
                + " non-empty list, with no other field."));
  }

  /** error {@code non-resource-url}: a Role cannot hold nonResourceURLs. */
  static Optional<Finding> nonResourceUrls(Rule r) {
    if (!r.role().namespaced() || r.urls().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        r.finding(
            Severity.ERROR,
            "non-resource-url",
            "nonResourceURLs ("
                + String.join(", ", r.urls())
                + ") are not in any namespace: Kubernetes refuses a Role that lists them.",
            "Remove them; only a ClusterRole bound with a ClusterRoleBinding grants them."));
  }

  /** error {@code unknown-verb}: a verb no request is ever authorized with. */
  static Optional<Finding> unknownVerbs(Rule r) {
    List<String> unknown =
        r.verbs().stream().filter(v -> !KubernetesResources.VERBS.contains(v)).toList();
    if (unknown.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        r.finding(
            Severity.ERROR,
            "unknown-verb",
            "No request is ever authorized with verb(s) "
                + String.join(", ", unknown)
                + " (verbs are case-sensitive), so they grant nothing.",
            "Use get, list, watch, create, update, patch, delete or deletecollection (or use,"
                + " bind, escalate, impersonate, approve, sign on the resources that have them)."));
  }

  /** error {@code bad-wildcard}: a {@code *} inside a name, which RBAC matches literally. */
  static Optional<Finding> badWildcards(Rule r) {
    List<String> bad = new ArrayList<>();
    r.groups().stream().filter(g -> g.contains("*") && !g.equals("*")).forEach(bad::add);
    r.resources().stream()
        .filter(s -> s.contains("*") && !s.equals("*") && !wildcardSubresource(s))
        .forEach(bad::add);
    if (bad.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        r.finding(
            Severity.ERROR,
            "bad-wildcard",
            String.join(", ", bad)
                + ": RBAC knows only the whole-field wildcard \"*\" and \"*/SUBRESOURCE\"; any"
                + " other * is compared literally and matches nothing.",
            "List the groups or (sub)resources meant, e.g. pods/log, pods/exec."));
  }

  private static boolean wildcardSubresource(String resource) {
    return resource.startsWith("*/") && resource.indexOf('*', 1) < 0 && resource.length() > 2;
  }

  /**
   * error {@code cluster-scoped}: cluster-scoped resources, and the verbs on {@code namespaces}
   * that are cluster-wide requests, in a Role: requests for them are not in any namespace, so no
   * Role ever matches them.
   */
  static Optional<Finding> clusterScoped(Rule r) {
    if (!r.role().namespaced()) {
      return Optional.empty();
    }
    Set<String> dead = new LinkedHashSet<>();
    for (String group : r.groups()) {
      for (String resource : r.resources()) {
        if (!resource.equals("*") && KubernetesResources.clusterScoped(group, resource)) {
          dead.add(resource);
        }
      }
    }
    List<String> parts = new ArrayList<>();
    if (!dead.isEmpty()) {
      parts.add(String.join(", ", dead) + (dead.size() == 1 ? " is" : " are") + " cluster-scoped");
    }
    List<String> namespaceVerbs =
        r.inGroup("") && r.resources().contains("namespaces")
            ? r.verbs().stream()
                .filter(v -> !v.equals("*") && KubernetesResources.VERBS.contains(v))
                .filter(v -> !KubernetesResources.NAMESPACE_SCOPED_VERBS.contains(v))
                .toList()
            : List.of();
    if (!namespaceVerbs.isEmpty()) {
      parts.add(
          String.join(", ", namespaceVerbs)
              + " of namespaces "
              + (namespaceVerbs.size() == 1 ? "is a request" : "are requests")
              + " across the cluster (a Role may only get, update, patch or delete its own"
              + " Namespace)");
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        r.finding(
            Severity.ERROR,
            "cluster-scoped",
            String.join("; ", parts)
                + ": a Role grants only requests inside its namespace, so this never matches"
                + " and the permission is silently missing.",
            "Remove "
                + (dead.isEmpty() ? "those verbs" : dead.size() == 1 ? "it" : "them")
                + " from the Role; if they are truly needed, that is a ClusterRole with a"
                + " ClusterRoleBinding, i.e. access across the whole cluster."
                + (namespaceVerbs.isEmpty()
                    ? ""
                    : " Instead of listing namespaces, give the workload its namespaces'"
                        + " names.")));
  }

  /**
   * error {@code create-with-names}: create and deletecollection carry no object name when they are
   * authorized, so a rule limited to resourceNames never grants them (a subresource such as {@code
   * serviceaccounts/token} is apart: its parent's name is in the request).
   */
  static Optional<Finding> createWithNames(Rule r) {
    List<String> verbs =
        r.verbs().stream().filter(v -> v.equals("create") || v.equals("deletecollection")).toList();
    List<String> topLevel = r.resources().stream().filter(s -> !s.contains("/")).toList();
    if (r.names().isEmpty() || verbs.isEmpty() || topLevel.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        r.finding(
            Severity.ERROR,
            "create-with-names",
            String.join(" and ", verbs)
                + " of "
                + String.join(", ", topLevel)
                + (verbs.size() == 1 ? " carries" : " carry")
                + " no object name when authorized, so resourceNames never match"
                + (verbs.size() == 1 ? " it." : " them."),
            "Move "
                + String.join(" and ", verbs)
                + " to a rule without resourceNames (a name cannot limit "
                + (verbs.size() == 1 ? "it" : "them")
                + "), or drop "
                + (verbs.size() == 1 ? "it." : "them.")));
  }

  /**
   * warning {@code wildcard}: {@code *} in verbs, resources or apiGroups. A {@code *} covers every
   * value there is and every one added later (a CRD installed next year, a new verb); a rule that
   * only reads with {@code *} resources is told apart ({@code wildcard-read}) and says exactly what
   * those reads reach.
   */
  static Optional<Finding> wildcard(Rule r) {
    List<String> fields = new ArrayList<>();
    if (r.groups().contains("*")) {
      fields.add("apiGroups");
    }
    if (r.resources().contains("*")) {
      fields.add("resources");
    }
    if (r.verbs().contains("*")) {
      fields.add("verbs");
    }
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    boolean readOnly = !r.verbs().isEmpty() && READ_VERBS.containsAll(r.verbs());
    if (readOnly && r.names().isEmpty()) {
      return Optional.of(wildcardRead(r));
    }
    return Optional.of(
        r.finding(
            Severity.WARNING,
            "wildcard",
            "\"*\" in "
                + String.join(", ", fields)
                + " grants every present and future "
                + String.join(
                    " and ",
                    fields.stream()
                        .map(
                            f ->
                                switch (f) {
                                  case "apiGroups" -> "API group";
                                  case "resources" -> "resource (subresources included)";
                                  default -> "verb (escalate, bind, impersonate included)";
                                })
                        .toList())
                + " in "
                + r.where()
                + ".",
            "List the groups, resources and verbs actually used."));
  }

  private static Finding wildcardRead(Rule r) {
    List<String> reach = new ArrayList<>();
    List<String> lists = r.held(List.of("list", "watch"));
    boolean secrets =
        r.inGroup("") && (r.resources().contains("*") || r.resources().contains("secrets"));
    if (!lists.isEmpty() && secrets) {
      reach.add(String.join("/", lists) + " returns every Secret with its data");
    }
    if (r.holds("get") && r.inGroup("") && r.resources().contains("*")) {
      reach.add(
          "get includes pods/exec, pods/attach and pods/portforward, which a WebSocket opens with"
              + " get alone before Kubernetes 1.35 (or with AuthorizePodWebsocketUpgradeCreatePermission"
              + " off), and pods/proxy and services/proxy into every workload");
    }
    reach.add("every type a CRD adds later is readable too");
    return r.finding(
        Severity.WARNING,
        "wildcard-read",
        "Read-only, but \"*\" reads everything in "
            + r.where()
            + ": "
            + String.join("; ", reach)
            + ".",
        "List the types read, or accept it knowingly: a Role that may create Pods there"
            + " already reaches every Secret and ServiceAccount of the namespace through a Pod.");
  }

  /** warning {@code escalate-bind-impersonate}: the verbs that step around RBAC's own limits. */
  static Optional<Finding> escalateBindImpersonate(Rule r) {
    List<String> why = new ArrayList<>();
    if (r.verbs().contains("escalate")) {
      why.add("escalate lets it write Roles granting what it does not hold itself");
    }
    if (r.verbs().contains("bind")) {
      why.add("bind lets it bind any Role or ClusterRole, granting what it does not hold");
    }
    if (r.verbs().contains("impersonate")) {
      why.add("impersonate lets it act as the impersonated identity, with all its rights");
    }
    if (why.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        r.finding(
            Severity.WARNING,
            "escalate-bind-impersonate",
            String.join("; ", why) + ".",
            "Drop them: without escalate and bind, Kubernetes lets it create Roles and"
                + " RoleBindings only up to the permissions it holds; limit any that stay to"
                + " resourceNames."));
  }

  /** warning {@code namespace-write}: writing the Namespace object the Role lives in. */
  static Optional<Finding> namespaceWrite(Rule r) {
    if (!r.inGroup("") || !r.resources().contains("namespaces")) {
      return Optional.empty();
    }
    List<String> held = r.held(List.of("update", "patch", "delete"));
    if (held.isEmpty()) {
      return Optional.empty();
    }
    List<String> why = new ArrayList<>();
    if (held.contains("update") || held.contains("patch")) {
      why.add(
          "update/patch of its own Namespace can relabel it, e.g. set"
              + " pod-security.kubernetes.io/enforce=privileged and run privileged pods");
    }
    if (held.contains("delete")) {
      why.add("delete removes the namespace and everything in it");
    }
    return Optional.of(
        r.finding(
            Severity.WARNING,
            "namespace-write",
            String.join("; ", why) + ".",
            "Keep only get on namespaces; let an admin (or nspool install) label them."));
  }

  /** warning {@code secrets-read}: list or watch of every Secret. */
  static Optional<Finding> secretsRead(Rule r) {
    if (!r.inGroup("") || !r.resources().contains("secrets") || !r.names().isEmpty()) {
      return Optional.empty();
    }
    List<String> held = r.held(List.of("list", "watch"));
    if (held.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        r.finding(
            Severity.WARNING,
            "secrets-read",
            String.join(" and ", held)
                + " of secrets return every Secret in "
                + r.where()
                + " with its data, tokens and keys included.",
            "Get the Secrets needed by name: get with resourceNames (list/watch with resourceNames"
                + " work too, with a metadata.name field selector)."));
  }

  /**
   * warning {@code exec-token}: running commands in any pod or minting any ServiceAccount's token.
   */
  static Optional<Finding> execAndTokens(Rule r) {
    if (!r.inGroup("") || !r.names().isEmpty()) {
      return Optional.empty();
    }
    List<String> why = new ArrayList<>();
    boolean opens = !r.held(List.of("create", "get")).isEmpty();
    if (named(r, "pods/exec") && opens) {
      why.add("pods/exec runs any command in every pod of " + r.where());
    }
    if (named(r, "pods/attach") && opens) {
      why.add("pods/attach attaches to every running container of " + r.where());
    }
    if (named(r, "serviceaccounts/token") && r.holds("create")) {
      why.add(
          "serviceaccounts/token mints a token for every ServiceAccount of "
              + r.where()
              + ", acting with each one's rights");
    }
    if (why.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        r.finding(
            Severity.WARNING,
            "exec-token",
            String.join("; ", why) + ".",
            "Limit the rule to the pods or ServiceAccounts meant, by resourceNames."));
  }

  private static boolean named(Rule r, String resource) {
    String sub = resource.substring(resource.indexOf('/'));
    return r.resources().contains(resource) || r.resources().contains("*" + sub);
  }

  /**
   * warning {@code nspool-objects}: writes on what nspool keeps in a pool namespace out of the
   * installer's reach ({@link NspoolRoles#POOL_NSPOOL_ONLY_RULES}): the claim Lease {@value
   * ClaimCodec#LEASE_NAME}, whose holder and state say who occupies the namespace (rewritten, a
   * namespace still in use looks free and goes to a second tenant). A rule limited by resourceNames
   * to other objects does not reach it. Not in {@link #ALL}: nspool's own Role must hold exactly
   * these, and the lint does not know which Role is whose; {@link BroadRules} applies it to the
   * rules given to an installer.
   */
  static Optional<Finding> nspoolObjects(Rule r) {
    List<String> why = new ArrayList<>();
    List<String> writes =
        r.held(List.of("create", "update", "patch", "delete", "deletecollection"));
    if (r.inGroup("coordination.k8s.io")
        && (r.resources().contains("leases") || r.resources().contains("*"))
        && reaches(r, ClaimCodec.LEASE_NAME)
        && !writes.isEmpty()) {
      why.add(
          String.join(", ", writes)
              + " of leases reaches the claim Lease "
              + ClaimCodec.LEASE_NAME
              + ": whoever holds it can rewrite which deployment occupies the namespace, or mark it"
              + " free while a tenant still uses it");
    }
    // Tokens of ServiceAccounts of the pool namespace are no longer nspool's: the installer's
    // ServiceAccount lives in the control namespace (InstallerIdentity), out of any Role's reach
    // here.
    if (why.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        r.finding(
            Severity.WARNING,
            "nspool-objects",
            String.join("; ", why) + ".",
            "Limit the rule by resourceNames to the chart's own objects, or drop it."));
  }

  /** Whether a rule reaches the object {@code name}: no resourceNames, or that name among them. */
  private static boolean reaches(Rule r, String name) {
    return r.names().isEmpty() || r.names().contains(name);
  }

  /** warning {@code roles-any-verb}: {@code *} on Roles includes escalate and bind. */
  static Optional<Finding> rolesAnyVerb(Rule r) {
    if (!r.verbs().contains("*") || !r.inGroup("rbac.authorization.k8s.io")) {
      return Optional.empty();
    }
    List<String> roles =
        r.resources().stream().filter(Set.of("roles", "clusterroles")::contains).toList();
    if (roles.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        r.finding(
            Severity.WARNING,
            "roles-any-verb",
            "\"*\" on "
                + String.join(", ", roles)
                + " includes escalate and bind: it may write a Role granting anything in "
                + r.where()
                + " and, with rolebindings, bind it to any identity.",
            "List the verbs: get, list, watch, create, update, patch, delete. Kubernetes then"
                + " refuses any Role granting more than this Role holds."));
  }

  /** info {@code deprecated-group}: resources the extensions group no longer serves. */
  static Optional<Finding> deprecatedGroup(Rule r) {
    if (!r.groups().contains("extensions")) {
      return Optional.empty();
    }
    List<String> moved =
        r.resources().stream()
            .filter(s -> KubernetesResources.movedFromExtensions(s).isPresent())
            .map(s -> s + " (in " + KubernetesResources.movedFromExtensions(s).orElseThrow() + ")")
            .toList();
    if (moved.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        r.finding(
            Severity.INFO,
            "deprecated-group",
            "extensions no longer serves "
                + String.join("; ", moved)
                + ": the rule matches no request on a current cluster.",
            "Grant them in their current group (and keep the extensions rule only for clusters"
                + " older than that)."));
  }
}
