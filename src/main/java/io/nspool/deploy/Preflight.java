package io.nspool.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the installer's dry run ran into outside the deployment's own namespace into a
 * pre-flight refusal that names the object (or lookup) and the values key that aimed it. The dry
 * run ({@code helm upgrade --install --dry-run=server} as the installer) looks up every object of
 * the manifest where it would be created and runs every {@code lookup}; the installer holds no
 * permission outside its namespace, so each reach elsewhere comes back as a refusal from Kubernetes
 * itself. helm-java returns no rendered manifest, so this reads Helm's own words.
 */
final class Preflight {
  /** Helm's check that an object to create does not exist yet, refused by RBAC. */
  private static final Pattern EXISTING =
      Pattern.compile(
          "resource (\\w+) \"([^\"]+)\" in namespace \"([^\"]+)\": .*? is forbidden: User"
              + " \"[^\"]+\" cannot \\w+ resource");

  /** A template's {@code lookup}, refused by RBAC. */
  private static final Pattern LOOKUP =
      Pattern.compile(
          "error calling lookup: (\\S+) (?:\"([^\"]*)\" )?is forbidden: User \"[^\"]+\" cannot"
              + " (\\w+) resource \"([^\"]+)\" in API group \"[^\"]*\""
              + "(?: in the namespace \"([^\"]+)\"| at the cluster scope)");

  /** Anything else refused in a namespace, or cluster-wide. */
  private static final Pattern FORBIDDEN =
      Pattern.compile(
          "cannot (\\w+) resource \"([^\"]+)\" in API group \"([^\"]*)\""
              + "(?: in the namespace \"([^\"]+)\"| at the cluster scope)");

  private Preflight() {}

  /**
   * The refusal for a failed dry run, when it failed by reaching outside {@code namespace}; empty
   * when it failed for another reason (a permission missing in its own namespace, a chart that does
   * not render), which the caller reports as it is.
   */
  static Optional<String> refusal(
      String helmMessage, String namespace, Map<String, Object> values) {
    if (helmMessage == null) {
      return Optional.empty();
    }
    Matcher existing = EXISTING.matcher(helmMessage);
    if (existing.find() && !existing.group(3).equals(namespace)) {
      return Optional.of(
          message(
              namespace,
              existing.group(1)
                  + " "
                  + existing.group(2)
                  + " is aimed at namespace "
                  + existing.group(3)
                  + valuesKey(values, existing.group(3))));
    }
    Matcher lookup = LOOKUP.matcher(helmMessage);
    if (lookup.find()) {
      String target = lookup.group(5);
      if (target == null || !target.equals(namespace)) {
        String what =
            lookup.group(4) + (lookup.group(2) == null ? "" : " \"" + lookup.group(2) + "\"");
        return Optional.of(
            message(
                namespace,
                "a template's lookup of "
                    + what
                    + (target == null
                        ? " cluster-wide"
                        : " in namespace " + target + valuesKey(values, target))
                    + " is refused: a chart sees nothing outside its own namespace"));
      }
    }
    Matcher forbidden = FORBIDDEN.matcher(helmMessage);
    if (forbidden.find()) {
      String target = forbidden.group(4);
      if (target == null) {
        return Optional.of(
            message(
                namespace,
                "it needs to "
                    + forbidden.group(1)
                    + " "
                    + forbidden.group(2)
                    + " cluster-wide, which a namespace-scoped platform can never grant"));
      }
      if (!target.equals(namespace)) {
        return Optional.of(
            message(
                namespace,
                "it reaches "
                    + forbidden.group(2)
                    + " in namespace "
                    + target
                    + valuesKey(values, target)));
      }
    }
    return Optional.empty();
  }

  private static String message(String namespace, String why) {
    return "pre-flight refused the chart before installing anything: a deployment may only reach"
        + " its own namespace "
        + namespace
        + ", but "
        + why
        + ". Change the values (or the chart) so nothing reaches outside "
        + namespace
        + ".";
  }

  /** " (set by values key a.b)" when a value the tenant gave holds exactly that namespace. */
  static String valuesKey(Map<String, Object> values, String namespace) {
    return find(values, "", namespace).map(k -> " (set by values key " + k + ")").orElse("");
  }

  private static Optional<String> find(Object node, String path, String wanted) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey();
        Optional<String> found = find(e.getValue(), key, wanted);
        if (found.isPresent()) {
          return found;
        }
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        Optional<String> found = find(list.get(i), path + "[" + i + "]", wanted);
        if (found.isPresent()) {
          return found;
        }
      }
    } else if (wanted.equals(node)) {
      return Optional.of(path);
    }
    return Optional.empty();
  }
}
