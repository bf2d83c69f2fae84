package io.nspool.cli;

import io.nspool.cli.SetValues.Assignment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --set} and {@code --set-string}: chart values typed on the command line, as in Helm. */
final class ValuesOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

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
    return sets.isEmpty() && setStrings.isEmpty();
  }

  /** The values the arguments set, nested. */
  Map<String, Object> values() {
    return over(Map.of());
  }

  /** {@code base} with the arguments laid over it (see {@link SetValues#overlay}). */
  Map<String, Object> over(Map<String, Object> base) {
    List<Assignment> all = new ArrayList<>(sets);
    all.addAll(setStrings);
    try {
      return SetValues.overlay(base, all);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--set: " + e.getMessage());
    }
  }
}
