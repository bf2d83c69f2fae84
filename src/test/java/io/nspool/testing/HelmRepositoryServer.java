package io.nspool.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Helm chart repository served over HTTP on loopback, as {@code helm repo index} lays one out: an
 * {@code index.yaml} listing each published chart archive with its sha256 digest and a relative
 * URL, and the archives beside it. {@link #publish} can lie about a digest, and {@link #requests}
 * counts what was asked for.
 */
public final class HelmRepositoryServer implements AutoCloseable {
  private record Published(String chart, String version, String file, String digest) {}

  private final HttpServer http;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Published> published = new LinkedHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  public HelmRepositoryServer() {
    try {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    http.createContext(
        "/",
        exchange -> {
          String name = exchange.getRequestURI().getPath().replaceFirst("^/", "");
          requests.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
          byte[] body = name.equals("index.yaml") ? index() : files.get(name);
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    http.start();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  /** Serves {@code archive} as {@code chart} {@code version}, listed with its true digest. */
  public HelmRepositoryServer publish(String chart, String version, Path archive) {
    return publish(chart, version, archive, null);
  }

  /**
   * As {@link #publish(String, String, Path)}, but the index lists {@code digest} (if not null).
   */
  public synchronized HelmRepositoryServer publish(
      String chart, String version, Path archive, String digest) {
    try {
      byte[] bytes = Files.readAllBytes(archive);
      String file = chart + "-" + version + ".tgz";
      files.put(file, bytes);
      published.put(
          chart + " " + version,
          new Published(chart, version, file, digest != null ? digest : sha256(bytes)));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How often {@code path} (e.g. {@code index.yaml}, {@code demo-1.0.0.tgz}) was asked for. */
  public int requests(String path) {
    AtomicInteger n = requests.get(path);
    return n == null ? 0 : n.get();
  }

  private synchronized byte[] index() {
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nentries:\n");
    published.values().stream()
        .map(Published::chart)
        .distinct()
        .forEach(
            chart -> {
              yaml.append("  ").append(chart).append(":\n");
              published.values().stream()
                  .filter(p -> p.chart().equals(chart))
                  .forEach(
                      p ->
                          yaml.append("  - apiVersion: v2\n")
                              .append("    name: ")
                              .append(chart)
                              .append("\n    version: ")
                              .append(p.version())
                              .append("\n    digest: \"")
                              .append(p.digest())
                              .append("\"\n    urls:\n    - ")
                              .append(p.file())
                              .append("\n"));
            });
    yaml.append("generated: \"2026-01-01T00:00:00Z\"\n");
    return yaml.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
