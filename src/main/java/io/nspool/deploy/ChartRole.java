package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.nspool.rbac.RuleCoverage.Permission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The permissions an installer needs in a namespace to install, upgrade and uninstall a chart,
 * computed from what the chart renders (manifest, hooks): the seeds' top complaint is a
 * hand-written Commander Role that misses one permission.
 *
 * <ul>
 *   <li>every namespaced kind it creates, with the verbs Helm uses on its objects (get to check
 *       they are its own, create, update/patch on upgrade, delete on uninstall and for hook delete
 *       policies, list/watch to wait for them);
 *   <li>Secrets, where Helm keeps the release record;
 *   <li>every rule of every Role the chart creates, because Kubernetes only lets an identity create
 *       a Role, or bind it, if it holds those permissions itself (RBAC escalation prevention) — the
 *       alternative, {@code escalate}/{@code bind}, would let it grant anything.
 * </ul>
 *
 * Objects that no Role can cover (cluster-scoped kinds, other namespaces, CRDs) are left out:
 * pre-flight refuses them.
 */
public final class ChartRole {
  static final List<String> HELM_VERBS =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");

  /** Helm keeps each revision of the release in a Secret of the release's namespace. */
  static final List<Permission> RELEASE_RECORD =
      HELM_VERBS.stream().map(v -> new Permission("", "secrets", v)).toList();

  private ChartRole() {}

  /** Every single permission the chart needs in {@code namespace}. */
  public static List<Permission> required(
      ChartRender render, String namespace, ResourceScopes scopes) {
    Set<Permission> all = new LinkedHashSet<>(RELEASE_RECORD);
    for (RenderedObject object : render.installed()) {
      all.addAll(needs(object, namespace, scopes));
    }
    return List.copyOf(all);
  }

  /** What one object needs; nothing for an object no Role can cover (pre-flight refuses it). */
  static List<Permission> needs(RenderedObject object, String namespace, ResourceScopes scopes) {
    List<Permission> needs = new ArrayList<>(helmNeeds(object, namespace, scopes));
    if (!needs.isEmpty() && isRole(object)) {
      needs.addAll(granted(object));
    }
    return needs;
  }

  /** The verbs Helm uses on the object itself; nothing for an object no Role can cover. */
  static List<Permission> helmNeeds(
      RenderedObject object, String namespace, ResourceScopes scopes) {
    if (object.crd() || (object.namespace() != null && !object.namespace().equals(namespace))) {
      return List.of();
    }
    var scope = scopes.of(object.apiVersion(), object.kind());
    if (scope.isEmpty() || !scope.get().namespaced()) {
      return List.of();
    }
    List<Permission> needs = new ArrayList<>();
    for (String verb : HELM_VERBS) {
      needs.add(new Permission(object.group(), scope.get().resource(), verb));
    }
    return needs;
  }

  /** The Role holding exactly {@link #required}, one rule per resource, sorted. */
  public static Role role(
      ChartRender render, String namespace, String roleName, ResourceScopes scopes) {
    return new RoleBuilder()
        .withNewMetadata()
        .withName(roleName)
        .withNamespace(namespace)
        .endMetadata()
        .withRules(rules(required(render, namespace, scopes)))
        .build();
  }

  /** Permissions folded into rules: one per API group, resource and resource name. */
  public static List<PolicyRule> rules(List<Permission> permissions) {
    Map<String, Set<String>> verbs = new TreeMap<>();
    Map<String, Permission> first = new TreeMap<>();
    for (Permission p : permissions) {
      String key =
          p.apiGroup()
              + "|"
              + p.resource()
              + "|"
              + (p.resourceName() == null ? "" : p.resourceName());
      verbs.computeIfAbsent(key, k -> new TreeSet<>()).add(p.verb());
      first.putIfAbsent(key, p);
    }
    List<PolicyRule> rules = new ArrayList<>();
    verbs.forEach(
        (key, v) -> {
          Permission p = first.get(key);
          PolicyRuleBuilder rule =
              new PolicyRuleBuilder()
                  .withApiGroups(p.apiGroup())
                  .withResources(p.resource())
                  .withVerbs(new ArrayList<>(v));
          if (p.resourceName() != null) {
            rule.withResourceNames(p.resourceName());
          }
          rules.add(rule.build());
        });
    return rules;
  }

  /** Permissions in few words: {@code create, get pods/exec; create pods/portforward named db}. */
  public static String describe(List<Permission> permissions) {
    List<String> parts = new ArrayList<>();
    for (PolicyRule rule : rules(permissions)) {
      String group = rule.getApiGroups().get(0);
      parts.add(
          String.join(", ", rule.getVerbs())
              + " "
              + rule.getResources().get(0)
              + (group.isEmpty() ? "" : "." + group)
              + (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                  ? ""
                  : " named " + rule.getResourceNames().get(0)));
    }
    return String.join("; ", parts);
  }

  static boolean isRole(RenderedObject object) {
    return "rbac.authorization.k8s.io".equals(object.group()) && "Role".equals(object.kind());
  }

  /** The permissions a rendered Role grants (what its creator must hold). */
  static List<Permission> granted(RenderedObject role) {
    List<Permission> permissions = new ArrayList<>();
    if (!(role.body().get("rules") instanceof List<?> rules)) {
      return permissions;
    }
    for (Object item : rules) {
      if (item instanceof Map<?, ?> rule) {
        permissions.addAll(granted(rule));
      }
    }
    return permissions;
  }

  /** One rule of a rendered Role as written, and the permissions it grants. */
  record WrittenRule(PolicyRule rule, List<Permission> grants) {}

  /**
   * The rules of a rendered Role as written, each with the permissions it grants (what its creator
   * must hold), in the Role's order; an item that is not a mapping grants nothing and is left out.
   */
  static List<WrittenRule> writtenRules(RenderedObject role) {
    List<WrittenRule> written = new ArrayList<>();
    if (role.body().get("rules") instanceof List<?> rules) {
      for (Object item : rules) {
        if (item instanceof Map<?, ?> rule) {
          PolicyRuleBuilder asWritten =
              new PolicyRuleBuilder()
                  .withApiGroups(strings(rule.get("apiGroups")))
                  .withResources(strings(rule.get("resources")))
                  .withVerbs(strings(rule.get("verbs")));
          if (!strings(rule.get("resourceNames")).isEmpty()) {
            asWritten.withResourceNames(strings(rule.get("resourceNames")));
          }
          written.add(new WrittenRule(asWritten.build(), granted(rule)));
        }
      }
    }
    return written;
  }

  /** The permissions one rule of a Role grants; no apiGroups counts as the core group. */
  private static List<Permission> granted(Map<?, ?> rule) {
    List<Permission> permissions = new ArrayList<>();
    List<String> groups = strings(rule.get("apiGroups"));
    List<String> names = strings(rule.get("resourceNames"));
    for (String group : groups.isEmpty() ? List.of("") : groups) {
      for (String resource : strings(rule.get("resources"))) {
        for (String verb : strings(rule.get("verbs"))) {
          if (names.isEmpty()) {
            permissions.add(new Permission(group, resource, verb));
          } else {
            names.forEach(n -> permissions.add(new Permission(group, resource, verb, n)));
          }
        }
      }
    }
    return permissions;
  }

  private static List<String> strings(Object value) {
    if (!(value instanceof List<?> list)) {
      return List.of();
    }
    return list.stream().map(String::valueOf).toList();
  }
}
