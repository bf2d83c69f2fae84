package io.nspool.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.nspool.chart.Values;
import io.nspool.cli.SetValues.Assignment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code -f/--values}, {@code --set} and {@code --set-string}: chart values from files and the
 * command line, combined as Helm combines them: the files merged left to right ({@link
 * Values#merge}), then the {@code --set} and {@code --set-string} arguments laid over them.
 */
final class ValuesOptions {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = {"-f", "--values"},
      paramLabel = "FILE",
      description =
          "A YAML file of chart values (repeatable): files merge left to right, a later one's"
              + " keys win, maps merge key by key; --set is applied after all files.")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      converter = SetValues.Typed.class,
      description =
          "A chart value (repeatable): dots in KEY nest, \\. is a literal dot; true, false and"
              + " numbers are typed.")
  List<Assignment> sets = new ArrayList<>();

  @Option(
      names = "--set-string",
      paramLabel = "KEY=VALUE",
      converter = SetValues.Text.class,
      description = "Like --set, but the value stays a string (applied after --set).")
  List<Assignment> setStrings = new ArrayList<>();

  boolean isEmpty() {
    return files.isEmpty() && sets.isEmpty() && setStrings.isEmpty();
  }

  /** The values the arguments set, nested. */
  Map<String, Object> values() {
    return over(Map.of());
  }

  /**
   * {@code base} with the files merged over it in order, then the assignments laid over that (see
   * {@link SetValues#overlay}).
   */
  Map<String, Object> over(Map<String, Object> base) {
    Map<String, Object> merged = base;
    for (Path file : files) {
      merged = Values.merge(merged, read(file));
    }
    List<Assignment> all = new ArrayList<>(sets);
    all.addAll(setStrings);
    try {
      return SetValues.overlay(merged, all);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--set: " + e.getMessage());
    }
  }

  /** A values file: a YAML map (an empty file is no values); anything else is a usage error. */
  private Map<String, Object> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "-f " + file + ": cannot read it (" + e.getMessage() + ")");
    }
    if (text.isBlank()) {
      return Map.of();
    }
    JsonNode tree;
    try {
      tree = YAML.readTree(text);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(),
          "-f "
              + file
              + ": not valid YAML ("
              + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                  ? j.getOriginalMessage()
                  : e.getMessage())
              + ")");
    }
    if (tree == null || tree.isNull() || tree.isMissingNode()) {
      return Map.of();
    }
    if (!tree.isObject()) {
      throw new ParameterException(
          spec.commandLine(),
          "-f "
              + file
              + ": a values file must be a YAML map of keys (e.g. size: medium), but it holds a"
              + " "
              + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> values = YAML.convertValue(tree, LinkedHashMap.class);
    return values;
  }
}
