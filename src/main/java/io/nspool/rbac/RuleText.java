package io.nspool.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A policy rule as a YAML flow one-liner: {@code {apiGroups: [""], resources: [pods], ...}}. */
public final class RuleText {
  /** What YAML reads back as the same plain string without quotes. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9._/]*");

  private RuleText() {}

  public static String of(PolicyRule rule) {
    List<String> fields = new ArrayList<>();
    field(fields, "apiGroups", rule.getApiGroups());
    field(fields, "resources", rule.getResources());
    field(fields, "resourceNames", rule.getResourceNames());
    field(fields, "nonResourceURLs", rule.getNonResourceURLs());
    field(fields, "verbs", rule.getVerbs());
    return "{" + String.join(", ", fields) + "}";
  }

  private static void field(List<String> fields, String name, List<String> values) {
    if (values == null || values.isEmpty()) {
      return;
    }
    fields.add(
        name + ": [" + String.join(", ", values.stream().map(RuleText::value).toList()) + "]");
  }

  private static String value(String value) {
    return value != null && PLAIN.matcher(value).matches() ? value : "\"" + value + "\"";
  }
}
