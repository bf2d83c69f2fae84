package io.nspool.rbac;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of the permissions nspool needs are missing from the rules Kubernetes says it has
 * (SelfSubjectRulesReview), so a pool namespace can be quarantined with a reason naming exactly the
 * rule to add, instead of failing later with a bare 403.
 */
public final class RuleCoverage {
  private RuleCoverage() {}

  /**
   * One permission: a verb on a resource of an API group ("" is the core group), on every object of
   * that resource or, with {@code resourceName}, on that one object only.
   */
  public record Permission(String apiGroup, String resource, String verb, String resourceName) {
    public Permission(String apiGroup, String resource, String verb) {
      this(apiGroup, resource, verb, null);
    }

    @Override
    public String toString() {
      return verb
          + " "
          + resource
          + (apiGroup.isEmpty() ? "" : "." + apiGroup)
          + (resourceName == null ? "" : " named " + resourceName);
    }
  }

  /** Every single permission the given policy rules spell out, one per resource name if any. */
  public static List<Permission> permissions(List<PolicyRule> rules) {
    List<Permission> all = new ArrayList<>();
    for (PolicyRule rule : rules) {
      List<String> names =
          rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
              ? java.util.Collections.singletonList(null)
              : rule.getResourceNames();
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            for (String name : names) {
              all.add(new Permission(group, resource, verb, name));
            }
          }
        }
      }
    }
    return all;
  }

  /** The required permissions that no granted rule covers. */
  public static List<Permission> missing(List<Permission> required, List<ResourceRule> granted) {
    return required.stream().filter(p -> granted.stream().noneMatch(r -> covers(r, p))).toList();
  }

  /** The permissions of {@code required} that no rule of {@code granted} covers. */
  public static List<Permission> notGrantedBy(List<Permission> required, List<PolicyRule> granted) {
    List<ResourceRule> rules =
        granted.stream()
            .map(
                r ->
                    new ResourceRule(
                        r.getApiGroups(), r.getResourceNames(), r.getResources(), r.getVerbs()))
            .toList();
    return missing(required, rules);
  }

  static boolean covers(ResourceRule rule, Permission p) {
    boolean unrestricted = rule.getResourceNames() == null || rule.getResourceNames().isEmpty();
    boolean named =
        unrestricted
            || (p.resourceName() != null && rule.getResourceNames().contains(p.resourceName()));
    return named
        && matches(rule.getApiGroups(), p.apiGroup())
        && matches(rule.getResources(), p.resource())
        && matches(rule.getVerbs(), p.verb());
  }

  private static boolean matches(List<String> values, String wanted) {
    return values != null && (values.contains("*") || values.contains(wanted));
  }
}
