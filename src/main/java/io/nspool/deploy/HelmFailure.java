package io.nspool.deploy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed Helm operation means for the user: a permission nspool's Role lacks (named exactly,
 * with the rule to add), a chart that does not render, or anything else (retried).
 */
public record HelmFailure(Kind kind, String reason, String message) {
  public enum Kind {
    PERMISSION_DENIED,
    INVALID_CHART,
    TRANSIENT
  }

  private static final Pattern FORBIDDEN =
      Pattern.compile(
          "User \"([^\"]+)\" cannot (\\w+) resource \"([^\"]+)\" in API group \"([^\"]*)\""
              + "(?: in the namespace \"([^\"]+)\")?");
  private static final Pattern INVALID =
      Pattern.compile(
          "(?i)(parse error|template: |execution error|Chart\\.yaml|chart metadata|YAML parse"
              + "|unable to build kubernetes objects|error validating|is not one of)");

  public static HelmFailure classify(String helmMessage) {
    String message = helmMessage == null ? "unknown error" : helmMessage.strip();
    Matcher forbidden = FORBIDDEN.matcher(message);
    if (forbidden.find()) {
      return new HelmFailure(Kind.PERMISSION_DENIED, "PermissionDenied", permission(forbidden));
    }
    if (INVALID.matcher(message).find()) {
      return new HelmFailure(Kind.INVALID_CHART, "InvalidChart", message);
    }
    return new HelmFailure(Kind.TRANSIENT, "InstallFailed", message);
  }

  private static String permission(Matcher m) {
    String user = m.group(1);
    String verb = m.group(2);
    String resource = m.group(3);
    String group = m.group(4);
    String namespace = m.group(5);
    String where = namespace == null ? "cluster-wide" : "in namespace " + namespace;
    return "nspool's identity "
        + user
        + " may not "
        + verb
        + " "
        + resource
        + " (API group \""
        + group
        + "\") "
        + where
        + ". Add this rule to nspool's Role"
        + (namespace == null ? "" : " in " + namespace)
        + ": {apiGroups: [\""
        + group
        + "\"], resources: [\""
        + resource
        + "\"], verbs: [\""
        + verb
        + "\"]}";
  }
}
