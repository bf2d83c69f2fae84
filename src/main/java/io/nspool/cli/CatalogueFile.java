package io.nspool.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.nspool.chart.ChartEntry;
import io.nspool.pool.Names;
import io.nspool.pool.PoolSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code --catalogue FILE}: a YAML list of chart catalogue entries, as the NamespacePool's {@code
 * spec.charts} holds them. Checked here with the CRD's own rules, so a bad entry stops {@code
 * nspool install} before anything is applied instead of at the pool, its last object.
 */
final class CatalogueFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private CatalogueFile() {}

  static List<ChartEntry> read(CommandLine cli, Path file) {
    List<ChartEntry> entries;
    try {
      entries = YAML.readValue(Files.readString(file), new TypeReference<List<ChartEntry>>() {});
    } catch (IOException e) {
      throw new ParameterException(
          cli,
          "--catalogue "
              + file
              + ": not a YAML list of chart entries (name and one of path, repository, oci): "
              + e.getMessage().lines().findFirst().orElse(""));
    }
    if (entries == null || entries.isEmpty()) {
      throw new ParameterException(cli, "--catalogue " + file + ": lists no chart");
    }
    if (entries.size() > PoolSpec.MAX_CHARTS) {
      throw new ParameterException(
          cli, "--catalogue " + file + ": at most " + PoolSpec.MAX_CHARTS + " charts");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      ChartEntry e = entries.get(i);
      String where = "--catalogue " + file + ": entry " + (i + 1);
      if (e == null || e.getName() == null || !e.getName().matches(Names.DNS_LABEL)) {
        throw new ParameterException(
            cli, where + ": name must be a DNS-1123 label (lowercase letters, digits and '-')");
      }
      where += " (" + e.getName() + ")";
      if (!names.add(e.getName())) {
        throw new ParameterException(cli, where + ": name is listed more than once");
      }
      long sources =
          Stream.of(e.getPath(), e.getRepository(), e.getOci()).filter(s -> s != null).count();
      if (sources != 1) {
        throw new ParameterException(
            cli, where + ": give exactly one source: path, repository or oci");
      }
      if (e.getPath() != null && !Path.of(e.getPath()).isAbsolute()) {
        throw new ParameterException(
            cli, where + ": path " + e.getPath() + " must be absolute (a path on nspool's server)");
      }
      if (e.getPath() == null && e.getVersion() == null) {
        throw new ParameterException(
            cli, where + ": version is required for a repository or oci chart");
      }
      if (e.getPath() != null && e.getVersion() != null) {
        throw new ParameterException(
            cli, where + ": version is only for repository and oci charts; remove it");
      }
    }
    if (entries.stream().filter(ChartEntry::isMarkedDefault).count() > 1) {
      throw new ParameterException(
          cli, "--catalogue " + file + ": at most one entry may be default: true");
    }
    return List.copyOf(entries);
  }
}
