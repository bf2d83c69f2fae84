package io.nspool.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** {@code -f values.yaml}: files merged as Helm merges them (later wins, maps merge deeply). */
final class ValuesFiles {
  private ValuesFiles() {}

  static Map<String, Object> read(List<Path> files) {
    Map<String, Object> merged = new LinkedHashMap<>();
    for (Path file : files) {
      Object parsed;
      try {
        parsed =
            new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(file, StandardCharsets.UTF_8));
      } catch (NoSuchFileException e) {
        throw new CliException(ExitCode.USAGE, "-f " + file + ": no such file");
      } catch (IOException e) {
        throw new CliException(
            ExitCode.USAGE, "-f " + file + ": cannot read it: " + e.getMessage());
      } catch (YAMLException e) {
        throw new CliException(ExitCode.USAGE, "-f " + file + ": not YAML: " + e.getMessage());
      }
      if (parsed == null) {
        continue;
      }
      if (!(parsed instanceof Map<?, ?> map)) {
        throw new CliException(
            ExitCode.USAGE, "-f " + file + ": must hold a map of values, not a " + kind(parsed));
      }
      merge(merged, map);
    }
    return merged;
  }

  @SuppressWarnings("unchecked")
  static void merge(Map<String, Object> into, Map<?, ?> over) {
    over.forEach(
        (k, v) -> {
          String key = String.valueOf(k);
          if (v instanceof Map<?, ?> m && into.get(key) instanceof Map<?, ?> existing) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) existing);
            merge(copy, m);
            into.put(key, copy);
          } else {
            into.put(key, v);
          }
        });
  }

  private static String kind(Object value) {
    return value instanceof List<?> ? "list" : value.getClass().getSimpleName().toLowerCase();
  }
}
