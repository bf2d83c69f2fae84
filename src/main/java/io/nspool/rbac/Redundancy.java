package io.nspool.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rules of a Role that grant nothing the Role's other rules do not: exact duplicates and rules
 * shadowed by others. Computed the way Kubernetes compares rules (its RBAC escalation check):
 *
 * <ul>
 *   <li>a rule is split into single permissions: one API group, one resource, one verb and one
 *       resource name, or "any name" when it lists no resourceNames;
 *   <li>another rule covers a permission when its apiGroups, resources and verbs each hold the
 *       value or {@code *} (resources also {@code *}/SUBRESOURCE for a subresource), and it lists
 *       no resourceNames or lists that name. resourceNames restrict: a rule limited to names never
 *       covers "any name"; {@code *} covers: a {@code *} written in the covered rule is covered
 *       only by {@code *}, since it also means every value added later;
 *   <li>a rule is shadowed when every one of its permissions is covered by some other rule.
 * </ul>
 *
 * Duplicates are found first (the later copy is reported, pointing at the first); then rules are
 * judged in order, and a rule found redundant no longer covers the rules judged after it. So
 * removing every rule reported here at once leaves the Role granting exactly what it granted: a
 * narrow rule before a broad one is reported, the broad one kept. Rules with nonResourceURLs are
 * left out (a Role cannot hold them; {@code malformed} and {@code non-resource-url} speak for
 * them).
 */
final class Redundancy {
  /** One permission a rule spells out; a null name stands for every object. */
  record Permission(String group, String resource, String verb, String name) {}

  private Redundancy() {}

  static List<Finding> check(LintedRole role) {
    List<PolicyRule> rules = role.rules();
    Set<Integer> redundant = new HashSet<>();
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Optional<Integer> same =
          judged(rules.get(i)) ? duplicateOf(rules, i, redundant) : Optional.empty();
      if (same.isPresent()) {
        redundant.add(i);
        findings.add(
            new RuleChecks.Rule(role, i + 1, rules.get(i))
                .finding(
                    Severity.INFO,
                    "duplicate",
                    "The same rule as rule " + (same.get() + 1) + ": it grants nothing more.",
                    "Remove it."));
      }
    }
    for (int i = 0; i < rules.size(); i++) {
      if (!judged(rules.get(i)) || redundant.contains(i)) {
        continue;
      }
      RuleChecks.Rule rule = new RuleChecks.Rule(role, i + 1, rules.get(i));
      Optional<Set<Integer>> by = shadowedBy(rules, i, redundant);
      if (by.isPresent()) {
        redundant.add(i);
        findings.add(
            rule.finding(
                Severity.INFO,
                "shadowed",
                "Every permission of this rule is already granted by rule"
                    + (by.get().size() == 1 ? " " : "s ")
                    + String.join(", ", by.get().stream().map(n -> "" + (n + 1)).toList())
                    + ".",
                "Remove it (or narrow the broader rule"
                    + (by.get().size() == 1 ? "" : "s")
                    + ", if this one is what was meant)."));
      }
    }
    return findings;
  }

  /** Rules with resources, verbs and groups, and no nonResourceURLs, take part. */
  private static boolean judged(PolicyRule rule) {
    return notEmpty(rule.getApiGroups())
        && notEmpty(rule.getResources())
        && notEmpty(rule.getVerbs())
        && !notEmpty(rule.getNonResourceURLs());
  }

  private static Optional<Integer> duplicateOf(
      List<PolicyRule> rules, int index, Set<Integer> redundant) {
    for (int j = 0; j < index; j++) {
      if (!redundant.contains(j) && judged(rules.get(j)) && same(rules.get(j), rules.get(index))) {
        return Optional.of(j);
      }
    }
    return Optional.empty();
  }

  /** The other rules that together cover every permission of rule {@code index}, if they do. */
  private static Optional<Set<Integer>> shadowedBy(
      List<PolicyRule> rules, int index, Set<Integer> redundant) {
    Set<Integer> by = new TreeSet<>();
    for (Permission p : permissions(rules.get(index))) {
      Optional<Integer> covering = Optional.empty();
      for (int j = 0; j < rules.size() && covering.isEmpty(); j++) {
        if (j != index && !redundant.contains(j) && judged(rules.get(j))) {
          if (covers(rules.get(j), p)) {
            covering = Optional.of(j);
          }
        }
      }
      if (covering.isEmpty()) {
        return Optional.empty();
      }
      by.add(covering.get());
    }
    return Optional.of(by);
  }

  /** Every single permission a rule spells out, wildcards kept as written. */
  static List<Permission> permissions(PolicyRule rule) {
    List<String> names =
        notEmpty(rule.getResourceNames())
            ? rule.getResourceNames()
            : Collections.singletonList(null);
    List<Permission> all = new ArrayList<>();
    for (String group : rule.getApiGroups()) {
      for (String resource : rule.getResources()) {
        for (String verb : rule.getVerbs()) {
          for (String name : names) {
            all.add(new Permission(group, resource, verb, name));
          }
        }
      }
    }
    return all;
  }

  /** Whether {@code rule} grants permission {@code p} (see the class comment). */
  static boolean covers(PolicyRule rule, Permission p) {
    boolean anyName = !notEmpty(rule.getResourceNames());
    return (anyName || (p.name() != null && rule.getResourceNames().contains(p.name())))
        && holds(rule.getApiGroups(), p.group())
        && holds(rule.getVerbs(), p.verb())
        && resourceCovers(rule.getResources(), p.resource());
  }

  private static boolean resourceCovers(List<String> resources, String resource) {
    if (holds(resources, resource)) {
      return true;
    }
    int slash = resource.indexOf('/');
    return slash > 0 && resources.contains("*" + resource.substring(slash));
  }

  private static boolean holds(List<String> values, String value) {
    return values.contains("*") || values.contains(value);
  }

  private static boolean same(PolicyRule a, PolicyRule b) {
    return set(a.getApiGroups()).equals(set(b.getApiGroups()))
        && set(a.getResources()).equals(set(b.getResources()))
        && set(a.getVerbs()).equals(set(b.getVerbs()))
        && set(a.getResourceNames()).equals(set(b.getResourceNames()));
  }

  private static Set<String> set(List<String> values) {
    return values == null ? Set.of() : new HashSet<>(values);
  }

  private static boolean notEmpty(List<String> values) {
    return values != null && !values.isEmpty();
  }
}
