package io.nspool.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Chart values from {@code --set a.b=c}, as Helm reads them: dots nest ({@code \.} is a literal
 * dot), {@code true}/{@code false} and numbers are typed, anything else is a string; {@code
 * --set-string} keeps the value a string. A later assignment of the same key wins.
 */
final class SetValues {
  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");
  private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)\\.[0-9]+");

  /** One {@code KEY=VALUE} argument: the key's path and its typed value. */
  record Assignment(String argument, List<String> path, Object value) {}

  private SetValues() {}

  /** Parses {@code a.b=c}; the message of a failure says what is wrong with it. */
  static Assignment parse(String argument, boolean typed) {
    int equals = argument.indexOf('=');
    if (equals < 0) {
      throw new IllegalArgumentException("expected KEY=VALUE, e.g. size=medium, but has no '='");
    }
    List<String> path = path(argument.substring(0, equals));
    String raw = argument.substring(equals + 1);
    return new Assignment(argument, path, typed ? typed(raw) : raw);
  }

  /** {@code true}, {@code false} and numbers as such; everything else (e.g. "007") a string. */
  static Object typed(String raw) {
    if (raw.equals("true") || raw.equals("false")) {
      return Boolean.valueOf(raw);
    }
    if (INTEGER.matcher(raw).matches()) {
      long value = Long.parseLong(raw);
      return value == (int) value ? (Object) (int) value : (Object) value;
    }
    if (DECIMAL.matcher(raw).matches()) {
      return Double.valueOf(raw);
    }
    return raw;
  }

  /** The nested values of all assignments, in order; a key cannot be both a value and a map. */
  static Map<String, Object> merge(List<Assignment> assignments) {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<List<String>, String> setBy = new LinkedHashMap<>();
    for (Assignment assignment : assignments) {
      Map<String, Object> node = root;
      List<String> path = assignment.path();
      for (int i = 0; i < path.size() - 1; i++) {
        Object child = node.computeIfAbsent(path.get(i), k -> new LinkedHashMap<String, Object>());
        if (!(child instanceof Map)) {
          throw new IllegalArgumentException(
              "'"
                  + assignment.argument()
                  + "' sets a key inside "
                  + String.join(".", path.subList(0, i + 1))
                  + ", which '"
                  + setBy.get(path.subList(0, i + 1))
                  + "' set to a value");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) child;
        node = map;
      }
      String leaf = path.get(path.size() - 1);
      if (node.get(leaf) instanceof Map) {
        throw new IllegalArgumentException(
            "'"
                + assignment.argument()
                + "' sets "
                + String.join(".", path)
                + " to a value, but other --set arguments set keys inside it");
      }
      node.put(leaf, assignment.value());
      setBy.put(path, assignment.argument());
    }
    return root;
  }

  /**
   * {@code base} with the assignments laid over it, as {@code helm upgrade --reuse-values --set}
   * does: maps merge key by key, anything else is replaced. {@code base} is not changed.
   */
  static Map<String, Object> overlay(Map<String, Object> base, List<Assignment> assignments) {
    Map<String, Object> result = deepCopy(base);
    laid(result, merge(assignments));
    return result;
  }

  @SuppressWarnings("unchecked")
  private static void laid(Map<String, Object> target, Map<String, Object> over) {
    over.forEach(
        (key, value) -> {
          if (value instanceof Map<?, ?> map && target.get(key) instanceof Map<?, ?> existing) {
            laid((Map<String, Object>) existing, (Map<String, Object>) map);
          } else {
            target.put(
                key, value instanceof Map<?, ?> map ? deepCopy((Map<String, Object>) map) : value);
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> source) {
    Map<String, Object> copy = new LinkedHashMap<>();
    source.forEach(
        (key, value) ->
            copy.put(
                key, value instanceof Map<?, ?> map ? deepCopy((Map<String, Object>) map) : value));
    return copy;
  }

  private static List<String> path(String key) {
    List<String> path = new ArrayList<>();
    StringBuilder segment = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '\\' && i + 1 < key.length() && key.charAt(i + 1) == '.') {
        segment.append('.');
        i++;
      } else if (c == '.') {
        path.add(segment(segment, key));
        segment.setLength(0);
      } else {
        segment.append(c);
      }
    }
    path.add(segment(segment, key));
    return path;
  }

  private static String segment(StringBuilder segment, String key) {
    if (segment.toString().isBlank()) {
      throw new IllegalArgumentException(
          key.isEmpty()
              ? "the key before '=' is empty"
              : "the key '" + key + "' has an empty part (keys look like a.b.c)");
    }
    return segment.toString();
  }

  /** picocli: {@code --set KEY=VALUE}, typed. */
  static final class Typed implements ITypeConverter<Assignment> {
    @Override
    public Assignment convert(String value) {
      try {
        return parse(value, true);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "': " + e.getMessage());
      }
    }
  }

  /** picocli: {@code --set-string KEY=VALUE}, always a string. */
  static final class Text implements ITypeConverter<Assignment> {
    @Override
    public Assignment convert(String value) {
      try {
        return parse(value, false);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "': " + e.getMessage());
      }
    }
  }
}
