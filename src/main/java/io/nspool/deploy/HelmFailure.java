package io.nspool.deploy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed Helm operation means for the user: a permission the installer lacks in the
 * release's own namespace (named exactly, with the rule to add), a reach outside that namespace
 * (refused by design: no rule fixes it), a chart that does not render, a chart pre-flight refused,
 * or anything else (retried).
 */
public record HelmFailure(Kind kind, String reason, String message) {
  public enum Kind {
    PERMISSION_DENIED("PermissionDenied"),
    INVALID_CHART("InvalidChart"),
    PREFLIGHT_REFUSED("PreflightRefused"),
    CHART_DIGEST_MISMATCH("ChartDigestMismatch"),
    CHART_NOT_FOUND("ChartNotFound"),
    CHART_UNAVAILABLE("ChartFetchFailed"),
    TRANSIENT("InstallFailed");

    /** The reason of the deployment's {@code Installed} condition. */
    public final String reason;

    Kind(String reason) {
      this.reason = reason;
    }

    /** Whether trying again with the same chart and values could ever end differently. */
    public boolean permanent() {
      return this == INVALID_CHART
          || this == PREFLIGHT_REFUSED
          || this == CHART_DIGEST_MISMATCH
          || this == CHART_NOT_FOUND;
    }

    /** Whether a condition reason is that of a failure only new values or a chart can change. */
    public static boolean permanent(String reason) {
      return java.util.Arrays.stream(values())
          .anyMatch(k -> k.reason.equals(reason) && k.permanent());
    }
  }

  private static final Pattern FORBIDDEN =
      Pattern.compile(
          "User \"([^\"]+)\" cannot (\\w+) resource \"([^\"]+)\" in API group \"([^\"]*)\""
              + "(?: in the namespace \"([^\"]+)\")?");

  /**
   * Kubernetes' RBAC escalation check (ConfirmNoEscalation): a Role may only be created by an
   * identity holding every permission it grants. The missing rules follow, one per line.
   */
  private static final Pattern GRANT =
      Pattern.compile(
          "user \"([^\"]+)\" \\(groups=[^)]*\\) is attempting to grant RBAC permissions not"
              + " currently held:\\s*((?:\\s*\\{[^}]*\\})+)");

  /** One rule of that list, as Kubernetes prints it (rbacv1helpers.CompactString). */
  private static final Pattern GRANT_RULE =
      Pattern.compile(
          "\\{APIGroups:\\[([^\\]]*)\\], Resources:\\[([^\\]]*)\\]"
              + "(?:, ResourceNames:\\[([^\\]]*)\\])?(?:, NonResourceURLs:\\[([^\\]]*)\\])?"
              + ", Verbs:\\[([^\\]]*)\\]\\}");

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  private static final Pattern INVALID =
      Pattern.compile(
          "(?i)(parse error|template: |execution error|Chart\\.yaml|chart metadata|YAML parse"
              + "|unable to build kubernetes objects|error validating|is not one of)");

  /** Pre-flight's refusal of a chart, before anything was applied. */
  public static HelmFailure refused(String message) {
    return new HelmFailure(Kind.PREFLIGHT_REFUSED, Kind.PREFLIGHT_REFUSED.reason, message);
  }

  /** A remote chart that could not be fetched or failed verification. */
  public static HelmFailure fetch(io.nspool.chart.ChartFetchException e) {
    Kind kind =
        switch (e.kind()) {
          case DIGEST_MISMATCH -> Kind.CHART_DIGEST_MISMATCH;
          case NOT_FOUND -> Kind.CHART_NOT_FOUND;
          case UNAVAILABLE -> Kind.CHART_UNAVAILABLE;
        };
    return new HelmFailure(kind, kind.reason, e.getMessage());
  }

  /** Classifies Helm's message where the release's namespace is unknown. */
  public static HelmFailure classify(String helmMessage) {
    return classify(helmMessage, null);
  }

  /**
   * @param releaseNamespace the namespace the release lives in: a refusal anywhere else is the
   *     isolation working, not a rule to add
   */
  public static HelmFailure classify(String helmMessage, String releaseNamespace) {
    String message = helmMessage == null ? "unknown error" : helmMessage.strip();
    // Every refusal, each once: Helm reports several errors at once, and the errors that follow
    // a refusal (a RoleBinding whose Role was refused is "not found") only mislead.
    java.util.Set<String> refusals = new java.util.LinkedHashSet<>();
    Matcher grant = GRANT.matcher(message);
    while (grant.find()) {
      refusals.add(grant(grant.group(1), grant.group(2), releaseNamespace));
    }
    Matcher forbidden = FORBIDDEN.matcher(message);
    while (forbidden.find()) {
      refusals.add(permission(forbidden, releaseNamespace));
    }
    if (!refusals.isEmpty()) {
      return new HelmFailure(
          Kind.PERMISSION_DENIED, Kind.PERMISSION_DENIED.reason, String.join(" ", refusals));
    }
    if (INVALID.matcher(message).find()) {
      return new HelmFailure(Kind.INVALID_CHART, Kind.INVALID_CHART.reason, message);
    }
    return new HelmFailure(Kind.TRANSIENT, Kind.TRANSIENT.reason, message);
  }

  private static String grant(String user, String rules, String releaseNamespace) {
    java.util.List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> missing =
        new java.util.ArrayList<>();
    Matcher rule = GRANT_RULE.matcher(rules);
    while (rule.find()) {
      var builder =
          new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
              .withApiGroups(quoted(rule.group(1)))
              .withResources(quoted(rule.group(2)))
              .withVerbs(quoted(rule.group(5)));
      if (rule.group(3) != null) {
        builder.withResourceNames(quoted(rule.group(3)));
      }
      if (rule.group(4) != null) {
        builder.withNonResourceURLs(quoted(rule.group(4)));
      }
      missing.add(builder.build());
    }
    String where = releaseNamespace == null ? "its namespace" : "namespace " + releaseNamespace;
    StringBuilder text =
        new StringBuilder(
            "the identity "
                + user
                + " was refused by Kubernetes when it attempted to grant RBAC permissions it does"
                + " not hold in "
                + where
                + " (a Role may only grant what its creator holds):");
    // A built-in ClusterRole can lack dozens of rules: name a few, the YAML below has them all.
    int named = Math.min(missing.size(), 6);
    text.append(" ")
        .append(
            ChartRole.describe(io.nspool.rbac.RuleCoverage.permissions(missing.subList(0, named))))
        .append(missing.size() > named ? " and " + (missing.size() - named) + " more rules" : "")
        .append(";");
    text.append(" add to the Role ")
        .append(io.nspool.rbac.NspoolRoles.INSTALLER)
        .append(" in ")
        .append(releaseNamespace == null ? "that namespace" : releaseNamespace)
        .append(" (and to nspool's Role there, which must hold whatever the installer holds):");
    missing.forEach(r -> text.append("\n  - ").append(io.nspool.rbac.RuleText.of(r)));
    return text.toString();
  }

  private static java.util.List<String> quoted(String list) {
    java.util.List<String> values = new java.util.ArrayList<>();
    Matcher m = QUOTED.matcher(list);
    while (m.find()) {
      values.add(m.group(1));
    }
    return values;
  }

  private static String permission(Matcher m, String releaseNamespace) {
    String user = m.group(1);
    String verb = m.group(2);
    String resource = m.group(3);
    String group = m.group(4);
    String namespace = m.group(5);
    String refused =
        "the identity "
            + user
            + " may not "
            + verb
            + " "
            + resource
            + " (API group \""
            + group
            + "\") "
            + (namespace == null ? "cluster-wide" : "in namespace " + namespace)
            + ". ";
    if (namespace == null) {
      return refused
          + "nspool holds namespace-scoped permissions only, so no rule can grant this: the chart"
          + " (or its values) must not need cluster-scoped access.";
    }
    if (releaseNamespace != null && !namespace.equals(releaseNamespace)) {
      return refused
          + "A deployment may only reach its own namespace "
          + releaseNamespace
          + "; this is tenant isolation, not a missing rule: change the chart or values so"
          + " nothing aims at "
          + namespace
          + ".";
    }
    return refused
        + "Add this rule to the Role "
        + io.nspool.rbac.NspoolRoles.INSTALLER
        + " in "
        + namespace
        + " (and to nspool's Role there, which must hold whatever the installer holds): {apiGroups:"
        + " [\""
        + group
        + "\"], resources: [\""
        + resource
        + "\"], verbs: [\""
        + verb
        + "\"]}";
  }
}
