package io.nspool.chart;

import io.nspool.deploy.BundledChart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Where Helm gets a catalogue entry's chart: the path or bundled chart as is, a remote chart as a
 * {@code .tgz} in a folder on disk named by its sha256 digest. A remote chart is verified before it
 * is kept (against the digest its Helm repository's index lists, or the one its OCI manifest
 * names), and a digest already kept is never downloaded again. Which digest a source and version
 * stand for is asked of the source once per process.
 *
 * <p>helm-java 0.0.21 has no {@code pull}, and Helm's own download (reachable only through install,
 * template or show with a chart reference) writes to Helm's cache in the user's home without
 * reporting a digest; so the two documented protocols are spoken here ({@link HelmRepository},
 * {@link OciRegistry}) and Helm's own code loads, renders and installs the verified archive.
 */
public final class ChartCache {
  private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");

  private final Path dir;
  private final ChartHttp http;
  private final Map<String, String> digests = new ConcurrentHashMap<>();

  public ChartCache(Path dir) {
    this(dir, new ChartHttp());
  }

  ChartCache(Path dir, ChartHttp http) {
    this.dir = dir;
    this.http = http;
  }

  /** The default folder: {@code nspool-charts} in the JVM's temp folder. */
  public static Path defaultDir() {
    return Path.of(System.getProperty("java.io.tmpdir"), "nspool-charts");
  }

  public Path dir() {
    return dir;
  }

  /**
   * The local chart (folder or .tgz) Helm is given for {@code entry}.
   *
   * @throws ChartFetchException when a remote chart cannot be had or fails verification
   */
  public Path fetch(ChartEntry entry) {
    if (Catalogue.isBundled(entry)) {
      return BundledChart.path(BundledChart.DEFAULT);
    }
    if (entry.getPath() != null) {
      return Path.of(entry.getPath());
    }
    String key = identity(entry);
    String known = digests.get(key);
    if (known != null && Files.isRegularFile(archive(known))) {
      return archive(known);
    }
    Remote remote =
        entry.getRepository() != null
            ? new HelmRepository(http, entry.getRepository(), entry.getVersion())
            : new OciRegistry(
                http,
                entry.getOci(),
                entry.getVersion(),
                Boolean.TRUE.equals(entry.getPlainHttp()));
    String digest = remote.digest();
    if (!SHA256.matcher(digest).matches()) {
      throw new ChartFetchException(
          ChartFetchException.Kind.NOT_FOUND,
          remote.describe() + " names the digest \"" + digest + "\", which is not a sha256 digest");
    }
    Path kept = archive(digest);
    if (!Files.isRegularFile(kept)) {
      byte[] bytes = remote.download();
      String actual = Digests.sha256(bytes);
      if (!actual.equals(digest)) {
        throw new ChartFetchException(
            ChartFetchException.Kind.DIGEST_MISMATCH,
            "digest mismatch: "
                + remote.location()
                + " has sha256:"
                + actual
                + " but "
                + remote.describe()
                + " says sha256:"
                + digest
                + "; nspool refuses the chart (fix the source, or pin another version)");
      }
      keep(kept, bytes);
    }
    digests.put(key, digest);
    return kept;
  }

  /** What identifies a remote chart: source and version (not the digest, learnt later). */
  public static String identity(ChartEntry entry) {
    if (entry.getRepository() != null) {
      return "repository "
          + entry.getRepository().getUrl()
          + " "
          + entry.getRepository().getChart()
          + " "
          + entry.getVersion();
    }
    if (entry.getOci() != null) {
      return "oci " + entry.getOci() + " " + entry.getVersion();
    }
    return "path " + entry.getPath();
  }

  Path archive(String digest) {
    return dir.resolve("sha256").resolve(digest + ".tgz");
  }

  private static void keep(Path target, byte[] bytes) {
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), "download-", ".tmp");
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep a chart in " + target.getParent(), e);
    }
  }

  /** One remote chart at one version. */
  interface Remote {
    /** The sha256 (hex) the source says the chart archive has. */
    String digest();

    /** The archive's bytes. */
    byte[] download();

    /** Where the archive was downloaded from (for messages; no credentials). */
    String location();

    /** What named the digest (for messages; no credentials). */
    String describe();
  }
}
