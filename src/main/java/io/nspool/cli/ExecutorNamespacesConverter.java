package io.nspool.cli;

import io.nspool.api.model.ExecutorNamespacesRequest;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --executor-namespaces 2} (a count) or {@code --executor-namespaces a,b} (names). */
final class ExecutorNamespacesConverter implements ITypeConverter<ExecutorNamespacesRequest> {
  @Override
  public ExecutorNamespacesRequest convert(String value) {
    String trimmed = value.trim();
    if (trimmed.matches("[0-9]+")) {
      try {
        return new ExecutorNamespacesRequest(Integer.parseInt(trimmed), null);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is too large a count (at most 8)");
      }
    }
    List<String> names = Arrays.stream(trimmed.split(",", -1)).map(String::trim).toList();
    if (names.stream().anyMatch(String::isEmpty)) {
      throw new TypeConversionException(
          "'"
              + value
              + "' has an empty name: give a count (e.g. 2) or namespaces separated by"
              + " commas (e.g. tenant-4,tenant-5)");
    }
    return new ExecutorNamespacesRequest(null, names);
  }
}
