package io.nspool.api;

import io.nspool.error.InvalidArgumentException;
import java.util.regex.Pattern;

/**
 * A path or query parameter of an endpoint and its one rule, checked by {@link Routes} before any
 * handler runs (so before any Kubernetes call). The OpenAPI document states the same rules; {@code
 * OpenApiContractTest} keeps the two equal.
 */
record Param(String name, Kind kind, int min, int max) {
  enum Kind {
    /** A DNS-1123 label of at most {@code max} characters. */
    NAME,
    /** {@code true} or {@code false}, nothing else. */
    BOOLEAN,
    /** A whole number from {@code min} to {@code max}. */
    INTEGER
  }

  private static final Pattern WHOLE_NUMBER = Pattern.compile("^-?[0-9]{1,10}$");

  static Param name(String name, int maxLength) {
    return new Param(name, Kind.NAME, 1, maxLength);
  }

  static Param bool(String name) {
    return new Param(name, Kind.BOOLEAN, 0, 0);
  }

  static Param integer(String name, int min, int max) {
    return new Param(name, Kind.INTEGER, min, max);
  }

  /**
   * The typed value ({@link String}, {@link Boolean} or {@link Integer}).
   *
   * @param where "path" or "query", for the message
   */
  Object parse(String where, String value) {
    String field = where + " parameter " + name;
    if (value.isEmpty()) {
      throw new InvalidArgumentException(
          field + ": empty; give a value or leave the parameter out");
    }
    return switch (kind) {
      case NAME -> Validation.label(field, value, max);
      case BOOLEAN -> {
        if (!"true".equals(value) && !"false".equals(value)) {
          throw new InvalidArgumentException(
              field + ": " + Validation.quote(value) + " is not a boolean: use true or false");
        }
        yield Boolean.valueOf(value);
      }
      case INTEGER -> {
        long number =
            WHOLE_NUMBER.matcher(value).matches() ? Long.parseLong(value) : Long.MIN_VALUE;
        if (number < min || number > max) {
          throw new InvalidArgumentException(
              field
                  + ": "
                  + Validation.quote(value)
                  + " must be a whole number from "
                  + min
                  + " to "
                  + max);
        }
        yield (int) number;
      }
    };
  }
}
