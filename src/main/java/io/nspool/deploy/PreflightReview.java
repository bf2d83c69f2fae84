package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.nspool.rbac.NspoolRoles;
import io.nspool.rbac.RuleCoverage;
import io.nspool.rbac.RuleCoverage.Permission;
import io.nspool.rbac.RuleText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pre-flight's verdict on a chart's render, before anything is created: what a namespace-scoped
 * installer can never create (CRDs, cluster-scoped objects, objects in another namespace, kinds the
 * API server does not serve) and what it could only create holding more than it does (the
 * permissions the chart's objects and Roles need, against the rules Kubernetes says the installer
 * holds — a SelfSubjectRulesReview made as the installer, never a guess). Pure: the caller brings
 * the render, the scopes and the rules.
 */
final class PreflightReview {
  private PreflightReview() {}

  /** Empty when the chart may be installed; else the whole refusal, every problem listed. */
  static Optional<String> refusal(
      ChartRender render,
      String namespace,
      Map<String, Object> values,
      ResourceScopes scopes,
      List<ResourceRule> installerRules,
      String installer) {
    return refusal(render, namespace, List.of(), values, scopes, ns -> installerRules, installer);
  }

  /**
   * As above for a deployment that also holds {@code executorNamespaces}: its chart may put objects
   * there too (the bundled chart puts its pod-launcher Role in each) and bind its own
   * ServiceAccounts there; each object's rules are checked against what the installer holds in the
   * namespace the object goes to.
   */
  static Optional<String> refusal(
      ChartRender render,
      String namespace,
      List<String> executorNamespaces,
      Map<String, Object> values,
      ResourceScopes scopes,
      java.util.function.Function<String, List<ResourceRule>> installerRulesIn,
      String installer) {
    Set<String> own = new java.util.LinkedHashSet<>();
    own.add(namespace);
    own.addAll(executorNamespaces);
    List<ResourceRule> installerRules = installerRulesIn.apply(namespace);
    List<String> problems = new ArrayList<>();
    List<RenderedObject> objects = render.installed();

    List<String> crds = objects.stream().filter(RenderedObject::crd).map(o -> o.name()).toList();
    if (!crds.isEmpty()) {
      problems.add(
          "its crds/ folder holds the CustomResourceDefinitions "
              + String.join(", ", crds)
              + ": CRDs are cluster-scoped, and a namespace-scoped platform cannot install them."
              + " An admin installs them once for the whole cluster; the chart entry must then be"
              + " used without its crds/ folder");
    }

    List<String> unknown = new ArrayList<>();
    List<String> clusterScoped = new ArrayList<>();
    List<String> elsewhere = new ArrayList<>();
    for (RenderedObject object : objects) {
      if (object.crd()) {
        continue;
      }
      var scope = scopes.of(object.apiVersion(), object.kind());
      if (scope.isEmpty()) {
        unknown.add(object.describe() + " (" + object.apiVersion() + ")");
      } else if (!scope.get().namespaced()) {
        clusterScoped.add(object.describe());
      } else if (object.namespace() != null && !own.contains(object.namespace())) {
        elsewhere.add(
            object.describe()
                + " is aimed at namespace "
                + object.namespace()
                + Preflight.valuesKey(values, object.namespace()));
      }
    }
    if (!clusterScoped.isEmpty()) {
      problems.add(
          "it renders cluster-scoped objects: "
              + String.join(", ", clusterScoped)
              + ". A namespace-scoped platform cannot hold them: no Role can grant a"
              + " cluster-scoped kind, so no rule to add fixes this; change the values (or the"
              + " chart) so it renders none");
    }
    if (!elsewhere.isEmpty()) {
      problems.add(
          "a deployment may only reach its own namespace "
              + namespace
              + ", but "
              + String.join("; ", elsewhere)
              + ". This is tenant isolation, not a missing rule: change the values (or the"
              + " chart) so nothing is aimed outside "
              + namespace);
    }
    List<String> opened = new ArrayList<>();
    for (RenderedObject object : objects) {
      opened.addAll(foreignSubjects(object, own));
    }
    if (!opened.isEmpty()) {
      problems.add(
          "it binds identities of other namespaces or everyone: "
              + String.join("; ", opened)
              + ". A deployment may not open its namespace to others (Kubernetes allows it, tenant"
              + " isolation does not); bind this namespace's own ServiceAccounts only");
    }
    if (!unknown.isEmpty()) {
      problems.add(
          "the API server serves no such kind for "
              + String.join(", ", unknown)
              + ": an admin installs its CRD for the cluster first");
    }

    Map<String, List<Permission>> missing = new LinkedHashMap<>();
    List<Permission> record = RuleCoverage.missing(ChartRole.RELEASE_RECORD, installerRules);
    if (!record.isEmpty()) {
      missing.put("Helm's release record", record);
    }
    for (RenderedObject object : objects) {
      String target =
          object.namespace() != null && own.contains(object.namespace())
              ? object.namespace()
              : namespace;
      List<Permission> lacking =
          RuleCoverage.missing(
              ChartRole.needs(object, target, scopes),
              target.equals(namespace) ? installerRules : installerRulesIn.apply(target));
      if (!lacking.isEmpty()) {
        missing.put(object.describe(), lacking);
      }
    }
    if (!missing.isEmpty()) {
      problems.add(missingRules(missing, namespace, installer));
    }
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(message(namespace, problems));
  }

  /** Groups whose members are identities of every namespace (or anyone at all). */
  private static final Set<String> EVERYONE =
      Set.of(
          "system:authenticated",
          "system:unauthenticated",
          "system:serviceaccounts",
          "system:anonymous");

  /** The subjects of a RoleBinding that are not of {@code namespace}: each described. */
  static List<String> foreignSubjects(RenderedObject object, String namespace) {
    return foreignSubjects(object, Set.of(namespace));
  }

  /** The subjects of a RoleBinding that are not of the deployment's own namespaces. */
  static List<String> foreignSubjects(RenderedObject object, Set<String> own) {
    if (!"RoleBinding".equals(object.kind())
        || !"rbac.authorization.k8s.io".equals(object.group())
        || !(object.body().get("subjects") instanceof List<?> subjects)) {
      return List.of();
    }
    List<String> foreign = new ArrayList<>();
    for (Object item : subjects) {
      if (!(item instanceof Map<?, ?> subject)) {
        continue;
      }
      String kind = String.valueOf(subject.get("kind"));
      String name = String.valueOf(subject.get("name"));
      Object ns = subject.get("namespace");
      boolean other =
          switch (kind) {
            case "ServiceAccount" -> ns != null && !own.contains(String.valueOf(ns));
            case "Group" ->
                EVERYONE.contains(name)
                    || (name.startsWith("system:serviceaccounts:")
                        && !own.contains(name.substring("system:serviceaccounts:".length())));
            case "User" ->
                EVERYONE.contains(name)
                    || (name.startsWith("system:serviceaccount:")
                        && !own.contains(
                            name.split(":", 4).length > 2 ? name.split(":", 4)[2] : ""));
            default -> false;
          };
      if (other) {
        foreign.add(
            object.describe()
                + " binds "
                + kind
                + " "
                + (ns == null || !"ServiceAccount".equals(kind) ? "" : ns + "/")
                + name);
      }
    }
    return foreign;
  }

  static String missingRules(
      Map<String, List<Permission>> missing, String namespace, String installer) {
    StringBuilder text =
        new StringBuilder(
            "the installer "
                + installer
                + " does not hold, in namespace "
                + namespace
                + ", every permission the chart needs (Helm needs them on each object it creates,"
                + " and Kubernetes lets a Role be created only by an identity holding what it"
                + " grants):");
    Set<Permission> all = new LinkedHashSet<>();
    missing.forEach(
        (needer, lacking) -> {
          text.append(" ").append(needer).append(" needs ").append(ChartRole.describe(lacking));
          text.append(";");
          all.addAll(lacking);
        });
    text.append(" add to the Role ")
        .append(NspoolRoles.INSTALLER)
        .append(" in ")
        .append(namespace)
        .append(" (and to nspool's Role there, which must hold whatever the installer holds):");
    for (PolicyRule rule : ChartRole.rules(List.copyOf(all))) {
      text.append("\n  - ").append(RuleText.of(rule));
    }
    return text.toString();
  }

  static String message(String namespace, List<String> problems) {
    StringBuilder text =
        new StringBuilder(
            "pre-flight refused the chart before installing anything in namespace "
                + namespace
                + ":");
    for (int i = 0; i < problems.size(); i++) {
      String problem = problems.get(i);
      // A problem ending in YAML rules ends there: a full stop would not be YAML.
      text.append("\n").append(i + 1).append(". ").append(problem);
      text.append(problem.endsWith("}") ? "" : ".");
    }
    return text.toString();
  }
}
