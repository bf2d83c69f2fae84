package io.nspool.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads what Helm renders: a stream of YAML documents separated by {@code ---} (with or without a
 * comment after it), {@code # Source:} comments, empty documents, block scalars with
 * whitespace-only lines. A real YAML parser reads them, not a line splitter: whatever Helm's own
 * parser accepts, this accepts. Helm's hook annotation arrives renamed (see {@link ChartCopy}) so
 * that hooks are part of the rendered stream; it is read back here.
 */
final class Manifests {
  private static final String SOURCE = "# Source: ";

  private Manifests() {}

  static List<RenderedObject> parse(String yaml, boolean crds) {
    List<RenderedObject> objects = new ArrayList<>();
    if (yaml == null || yaml.isBlank()) {
      return objects;
    }
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    options.setCodePointLimit(64 * 1024 * 1024);
    // Documents are parsed one by one to keep each one's "# Source:" path beside it.
    for (String document : documents(yaml)) {
      String source = source(document);
      Object parsed;
      try {
        parsed = new Yaml(new SafeConstructor(options)).load(document);
      } catch (YAMLException e) {
        throw new IllegalArgumentException(
            "the chart renders YAML that cannot be parsed"
                + (source == null ? "" : " in " + source)
                + ": "
                + e.getMessage(),
            e);
      }
      if (parsed instanceof Map<?, ?> map) {
        add(objects, map, source, crds);
      }
    }
    return objects;
  }

  @SuppressWarnings("unchecked")
  private static void add(List<RenderedObject> objects, Map<?, ?> map, String source, boolean crd) {
    Object kind = map.get("kind");
    if (kind == null) {
      return; // Helm skips a document without a kind too (e.g. only comments or values)
    }
    if (String.valueOf(kind).endsWith("List") && map.get("items") instanceof List<?> items) {
      for (Object item : items) {
        if (item instanceof Map<?, ?> child) {
          add(objects, child, source, crd);
        }
      }
      return;
    }
    Map<String, Object> metadata =
        map.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    Map<?, ?> annotations = metadata.get("annotations") instanceof Map<?, ?> a ? a : Map.of();
    Object hook = annotations.get(ChartCopy.HOOK_ANNOTATION);
    List<String> events =
        hook == null
            ? List.of()
            : Arrays.stream(String.valueOf(hook).split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    objects.add(
        new RenderedObject(
            source,
            String.valueOf(map.get("apiVersion")),
            String.valueOf(kind),
            metadata.get("name") == null ? "" : String.valueOf(metadata.get("name")),
            metadata.get("namespace") == null ? null : String.valueOf(metadata.get("namespace")),
            events,
            crd,
            (Map<String, Object>) map));
  }

  /** The documents of a stream: split where YAML itself starts a document, at column 0. */
  static List<String> documents(String yaml) {
    List<String> documents = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : yaml.split("\n", -1)) {
      if (line.equals("---") || line.startsWith("--- ") || line.startsWith("---\t")) {
        documents.add(current.toString());
        current.setLength(0);
        String rest = line.substring(3).strip();
        if (!rest.isEmpty() && !rest.startsWith("#")) {
          current.append(rest).append('\n'); // "--- {a: b}" starts a document with content
        }
        continue;
      }
      current.append(line).append('\n');
    }
    documents.add(current.toString());
    return documents.stream().filter(d -> !d.isBlank()).toList();
  }

  private static String source(String document) {
    for (String line : document.split("\n")) {
      if (line.startsWith(SOURCE)) {
        return line.substring(SOURCE.length()).strip();
      }
    }
    return null;
  }
}
