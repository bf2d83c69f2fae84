package io.nspool.api;

import io.nspool.chart.ChartEntry;
import io.nspool.error.InvalidArgumentException;
import io.nspool.pool.Names;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks of request fields; every failure names the field, the value and the rule. */
final class Validation {
  static final String DNS_LABEL_PATTERN = Names.DNS_LABEL;
  private static final Pattern DNS_LABEL = Pattern.compile(DNS_LABEL_PATTERN);
  static final Set<String> SIZES = Set.of("small", "medium", "large");

  /** Kubernetes' limit for a DNS-1123 label: namespaces, pools, workspaces, users. */
  static final int MAX_LABEL = Names.MAX_LABEL;

  /** Helm release names are limited to 53 characters; a deployment is its release. */
  static final int MAX_DEPLOYMENT_NAME = Names.MAX_DEPLOYMENT_NAME;

  /** How much of a rejected value a message repeats: enough to recognise it, not a flood. */
  private static final int QUOTED_MAX = 80;

  private Validation() {}

  static String label(String field, String value, int max) {
    if (value == null) {
      throw new InvalidArgumentException(field + ": required");
    }
    if (value.length() > max || !DNS_LABEL.matcher(value).matches()) {
      throw new InvalidArgumentException(
          field
              + ": "
              + quote(value)
              + " is not a valid name: use at most "
              + max
              + " lowercase letters, digits and '-', starting and ending with a letter or digit");
    }
    return value;
  }

  /** An optional name: null (or absent) is "not given"; anything else, "" too, must be valid. */
  static String optionalLabel(String field, String value) {
    return value == null ? null : label(field, value, MAX_LABEL);
  }

  private static final Pattern VERSION = Pattern.compile(ChartEntry.VERSION);

  /** An optional chart version: null is "not given"; anything else must look like a version. */
  static String optionalVersion(String field, String value) {
    if (value == null) {
      return null;
    }
    if (value.length() > ChartEntry.MAX_VERSION || !VERSION.matcher(value).matches()) {
      throw new InvalidArgumentException(
          field
              + ": "
              + quote(value)
              + " is not a chart version: use at most "
              + ChartEntry.MAX_VERSION
              + " letters, digits and . + _ -, e.g. 1.2.3");
    }
    return value;
  }

  /**
   * A rejected value as a message shows it: in quotes, control characters escaped (a message is one
   * line in a terminal), and cut after {@value #QUOTED_MAX} characters.
   */
  static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    int shown = Math.min(value.length(), QUOTED_MAX);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    out.append('"');
    if (value.length() > shown) {
      out.append("… (").append(value.length()).append(" characters)");
    }
    return out.toString();
  }

  /**
   * {@code executorNamespaces}: absent, or exactly one of a count (1 to {@value
   * io.nspool.deploy.ExecutorNamespaces#MAX}) and a list of that many distinct namespace names,
   * none of them the deployment's own requested namespace.
   */
  static io.nspool.deploy.ExecutorNamespaces executorNamespaces(
      io.nspool.api.model.ExecutorNamespacesRequest request, String namespace) {
    if (request == null) {
      return null;
    }
    int max = io.nspool.deploy.ExecutorNamespaces.MAX;
    if ((request.count() == null) == (request.names() == null)) {
      throw new InvalidArgumentException(
          "executorNamespaces: give either count (1-"
              + max
              + ") or names, not both and not neither");
    }
    if (request.count() != null) {
      if (request.count() < 1 || request.count() > max) {
        throw new InvalidArgumentException(
            "executorNamespaces.count: " + request.count() + " is not between 1 and " + max);
      }
      return io.nspool.deploy.ExecutorNamespaces.count(request.count());
    }
    List<String> names = request.names();
    if (names.isEmpty() || names.size() > max) {
      throw new InvalidArgumentException(
          "executorNamespaces.names: give 1 to " + max + " names, not " + names.size());
    }
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = label("executorNamespaces.names[" + i + "]", names.get(i), MAX_LABEL);
      if (!seen.add(name)) {
        throw new InvalidArgumentException(
            "executorNamespaces.names: " + quote(name) + " is listed twice");
      }
      if (name.equals(namespace)) {
        throw new InvalidArgumentException(
            "executorNamespaces.names: "
                + quote(name)
                + " is the deployment's own namespace; executor namespaces are extra ones");
      }
    }
    return io.nspool.deploy.ExecutorNamespaces.names(names);
  }

  static void values(Map<String, Object> values) {
    if (values == null) {
      return;
    }
    Object size = values.get("size");
    if (size != null && !SIZES.contains(size)) {
      throw new InvalidArgumentException(
          "values.size: "
              + (size instanceof String s ? quote(s) : String.valueOf(size))
              + " is not one of small, medium, large");
    }
    if (values.containsKey("nspool")) {
      throw new InvalidArgumentException(
          "values.nspool: set by nspool itself (namespace list, pull secrets); remove it");
    }
  }
}
