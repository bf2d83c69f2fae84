package io.nspool.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The charts shipped inside nspool (today: {@code airflow}). Helm reads charts from a folder, so a
 * bundled chart is copied out of the jar once per process.
 */
public final class BundledChart {
  public static final String DEFAULT = "airflow";
  private static final Map<String, Path> extracted = new java.util.concurrent.ConcurrentHashMap<>();

  private BundledChart() {}

  /** The folder of a bundled chart, extracted on first use. */
  public static Path path(String name) {
    return folder("charts/" + name);
  }

  /**
   * The chart at a resource folder of the jar (e.g. {@code install/nspool}, nspool's own chart that
   * {@code nspool install} renders), extracted on first use.
   */
  public static Path folder(String resourceFolder) {
    return extracted.computeIfAbsent(resourceFolder, BundledChart::extract);
  }

  private static Path extract(String folder) {
    String name = folder.substring(folder.lastIndexOf('/') + 1);
    URL chart = BundledChart.class.getClassLoader().getResource(folder + "/Chart.yaml");
    if (chart == null) {
      throw new IllegalArgumentException("no bundled chart named \"" + name + "\"");
    }
    try {
      URI uri = chart.toURI();
      Path target = Files.createTempDirectory("nspool-chart-").resolve(name);
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          copy(jar.getPath(folder), target);
        }
      } else {
        copy(Path.of(uri).getParent(), target);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract bundled chart " + name, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copy(Path source, Path target) throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path to = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          try (InputStream in = Files.newInputStream(file)) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }
}
