package io.nspool.deploy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A private working copy of a chart for pre-flight's render, in which Helm's hook annotation is
 * renamed. helm-java 0.0.21 returns only the manifest of a render ({@code helm template} without
 * its hooks), and Helm moves a document into the hooks by that annotation alone; renamed, every
 * hook stays in the manifest, marked, and is read back as a hook by {@link Manifests}. Packaged
 * charts and packaged subcharts ({@code charts/*.tgz}) are unpacked so the rename reaches them too.
 * The copy is only rendered, never installed.
 */
final class ChartCopy implements AutoCloseable {
  /** Helm's annotation (and the prefix of hook-weight and hook-delete-policy). */
  static final String HELM_HOOK = "helm.sh/hook";

  /** What it becomes in the copy: no longer a hook to Helm, still one to pre-flight. */
  static final String HOOK_ANNOTATION = "preflight.nspool.io/hook";

  private final Path root;
  private final Path chart;

  private ChartCopy(Path root, Path chart) {
    this.root = root;
    this.chart = chart;
  }

  /** The chart folder of the copy. */
  Path chart() {
    return chart;
  }

  static ChartCopy of(Path source) {
    try {
      Path root = Files.createTempDirectory("nspool-preflight-");
      Path chart;
      if (Files.isDirectory(source)) {
        chart = root.resolve(source.getFileName().toString());
        copyTree(source, chart);
      } else {
        Path unpacked = root.resolve("unpacked");
        untar(source, unpacked);
        chart = onlyFolder(unpacked, source);
      }
      unpackSubcharts(chart);
      renameHooks(chart);
      return new ChartCopy(root, chart);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the chart " + source + " for pre-flight", e);
    }
  }

  /** The values with Helm's hook annotation renamed the same way, wherever a value holds it. */
  @SuppressWarnings("unchecked")
  static Object renameInValues(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(rename(String.valueOf(k)), renameInValues(v)));
      return copy;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(ChartCopy::renameInValues).toList();
    }
    return node instanceof String s ? rename(s) : node;
  }

  static String rename(String text) {
    return text.replace(HELM_HOOK, HOOK_ANNOTATION);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(path)) {
          Files.copy(path, target);
        }
      }
    }
  }

  private static void unpackSubcharts(Path chart) throws IOException {
    Path charts = chart.resolve("charts");
    if (!Files.isDirectory(charts)) {
      return;
    }
    try (Stream<Path> entries = Files.list(charts)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (Files.isRegularFile(entry) && name.endsWith(".tgz")) {
          Path unpacked = Files.createTempDirectory(charts, ".unpack-");
          untar(entry, unpacked);
          Path sub = onlyFolder(unpacked, entry);
          Path target = charts.resolve(sub.getFileName().toString());
          if (!Files.exists(target)) {
            Files.move(sub, target);
          }
          deleteTree(unpacked);
          Files.delete(entry);
        }
      }
      try (Stream<Path> dirs = Files.list(charts)) {
        for (Path dir : dirs.filter(Files::isDirectory).toList()) {
          unpackSubcharts(dir);
        }
      }
    }
  }

  private static void renameHooks(Path chart) throws IOException {
    try (Stream<Path> paths = Files.walk(chart)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(path);
        String text;
        try {
          text =
              StandardCharsets.UTF_8
                  .newDecoder()
                  .decode(java.nio.ByteBuffer.wrap(bytes))
                  .toString();
        } catch (CharacterCodingException binary) {
          continue;
        }
        if (text.contains(HELM_HOOK)) {
          Files.writeString(path, rename(text));
        }
      }
    }
  }

  private static Path onlyFolder(Path unpacked, Path source) throws IOException {
    try (Stream<Path> entries = Files.list(unpacked)) {
      List<Path> folders = entries.filter(Files::isDirectory).toList();
      if (folders.size() != 1) {
        throw new IllegalArgumentException(
            source + " is not a packaged chart: it must hold exactly one top folder");
      }
      return folders.get(0);
    }
  }

  /** Unpacks a gzipped tar as {@code helm package} writes it (ustar, GNU and pax long names). */
  static void untar(Path archive, Path into) throws IOException {
    Files.createDirectories(into);
    try (InputStream in =
        new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
      byte[] header = new byte[512];
      String longName = null;
      while (in.readNBytes(header, 0, 512) == 512) {
        if (isZero(header)) {
          break;
        }
        String name = longName != null ? longName : entryName(header);
        longName = null;
        long size =
            Long.parseLong(
                field(header, 124, 12).strip().isEmpty() ? "0" : field(header, 124, 12).strip(), 8);
        char type = (char) header[156];
        byte[] data = in.readNBytes((int) size);
        in.skipNBytes((512 - size % 512) % 512);
        if (type == 'L') {
          longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
          continue;
        }
        if (type == 'x') {
          longName = paxPath(new String(data, StandardCharsets.UTF_8));
          continue;
        }
        if (type == 'g') {
          continue;
        }
        Path target = into.resolve(name).normalize();
        if (!target.startsWith(into)) {
          throw new IllegalArgumentException(archive + " holds a path outside the chart: " + name);
        }
        if (type == '5') {
          Files.createDirectories(target);
        } else if (type == '0' || type == '\0') {
          Files.createDirectories(target.getParent());
          Files.write(target, data);
        }
      }
    }
  }

  private static String entryName(byte[] header) {
    String name = field(header, 0, 100);
    String prefix = field(header, 345, 155);
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String paxPath(String records) {
    for (String record : records.split("\n")) {
      int space = record.indexOf(' ');
      if (space > 0 && record.startsWith("path=", space + 1)) {
        return record.substring(space + 1 + "path=".length());
      }
    }
    return null;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static void deleteTree(Path path) {
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a temp folder left behind holds only a copy of the chart
    }
  }

  @Override
  public void close() {
    deleteTree(root);
  }

  /** For tests: the files of the copy, relative to the chart. */
  List<String> files() throws IOException {
    List<String> files = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(chart)) {
      paths.filter(Files::isRegularFile).forEach(p -> files.add(chart.relativize(p).toString()));
    }
    return files;
  }
}
