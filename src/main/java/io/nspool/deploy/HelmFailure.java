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
    Matcher forbidden = FORBIDDEN.matcher(message);
    if (forbidden.find()) {
      return new HelmFailure(
          Kind.PERMISSION_DENIED,
          Kind.PERMISSION_DENIED.reason,
          permission(forbidden, releaseNamespace));
    }
    if (INVALID.matcher(message).find()) {
      return new HelmFailure(Kind.INVALID_CHART, Kind.INVALID_CHART.reason, message);
    }
    return new HelmFailure(Kind.TRANSIENT, Kind.TRANSIENT.reason, message);
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
