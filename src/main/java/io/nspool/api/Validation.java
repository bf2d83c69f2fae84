package io.nspool.api;

import io.nspool.error.InvalidArgumentException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks of request fields; every failure names the field, the value and the rule. */
final class Validation {
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  static final Set<String> SIZES = Set.of("small", "medium", "large");

  /** Helm release names are limited to 53 characters; a deployment is its release. */
  static final int MAX_DEPLOYMENT_NAME = 53;

  private Validation() {}

  static String label(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      throw new InvalidArgumentException(field + ": required");
    }
    if (value.length() > max || !DNS_LABEL.matcher(value).matches()) {
      throw new InvalidArgumentException(
          field
              + ": \""
              + value
              + "\" is not a valid name: use at most "
              + max
              + " lowercase letters, digits and '-', starting and ending with a letter or digit");
    }
    return value;
  }

  static String optionalLabel(String field, String value) {
    return value == null || value.isEmpty() ? null : label(field, value, 63);
  }

  static void values(Map<String, Object> values) {
    if (values == null) {
      return;
    }
    Object size = values.get("size");
    if (size != null && !SIZES.contains(String.valueOf(size))) {
      throw new InvalidArgumentException(
          "values.size: \"" + size + "\" is not one of small, medium, large");
    }
    if (values.containsKey("nspool")) {
      throw new InvalidArgumentException(
          "values.nspool: set by nspool itself (namespace list, pull secrets); remove it");
    }
  }
}
