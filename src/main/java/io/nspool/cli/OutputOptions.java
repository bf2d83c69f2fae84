package io.nspool.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.nspool.cli.client.ApiClient;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code -o table|json|yaml}: a table for people, the API's own objects for scripts. */
final class OutputOptions {
  enum Format {
    table,
    json,
    yaml
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description =
          "table, json or yaml (default: ${DEFAULT-VALUE}); json and yaml print the API's"
              + " objects.")
  Format format = Format.table;

  boolean table() {
    return format == Format.table;
  }

  /**
   * Prints a list answer: as the API sent it for {@code -o json|yaml}; otherwise its items as a
   * table, or {@code none} on stderr when there are none (so scripts reading stdout see nothing).
   */
  <T> int printItems(
      CommandSpec spec,
      JsonNode answer,
      Class<T> type,
      String none,
      java.util.function.Function<List<T>, Table> table) {
    if (!table()) {
      print(spec.commandLine().getOut(), answer);
      return ExitCode.OK;
    }
    List<T> items = ApiClient.items(answer, type);
    if (items.isEmpty()) {
      spec.commandLine().getErr().println(none);
    } else {
      table.apply(items).print(spec.commandLine().getOut());
    }
    return ExitCode.OK;
  }

  /** Prints an API object (or {@code {"items":[...]}}) as JSON or YAML. */
  void print(PrintWriter out, JsonNode object) {
    try {
      String text =
          format == Format.yaml
              ? YAML.writeValueAsString(object)
              : JSON.writeValueAsString(object) + System.lineSeparator();
      out.print(text);
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print the answer: " + e.getMessage(), e);
    }
  }
}
