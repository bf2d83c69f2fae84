package io.nspool.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.nspool.testing.HelmRepositoryServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against HTTP servers on loopback speaking each protocol: nothing here is mocked. */
@DisplayName("The chart cache")
class ChartCacheTest {
  @TempDir Path dir;

  private Path archive(String content) throws Exception {
    Path file = dir.resolve("src-" + content.hashCode() + ".tgz");
    Files.writeString(file, content);
    return file;
  }

  @Test
  @DisplayName(
      "downloads a Helm repository chart once, keeps it by its digest and never downloads it again")
  void repositoryOnce() throws Exception {
    try (HelmRepositoryServer repo = new HelmRepositoryServer()) {
      repo.publish("demo", "1.0.0", archive("demo one"));
      ChartEntry entry = ChartEntry.repository("demo", repo.url(), "demo", "1.0.0");
      Path cacheDir = dir.resolve("cache");

      Path first = new ChartCache(cacheDir).fetch(entry);
      Path again = new ChartCache(cacheDir).fetch(entry); // a new process: index read, no download

      String digest = HelmRepositoryServer.sha256("demo one".getBytes(StandardCharsets.UTF_8));
      assertThat(first).isEqualTo(cacheDir.resolve("sha256/" + digest + ".tgz"));
      assertThat(again).isEqualTo(first);
      assertThat(Files.readString(first)).isEqualTo("demo one");
      assertThat(repo.requests("demo-1.0.0.tgz")).isEqualTo(1);
      assertThat(repo.requests("index.yaml")).isEqualTo(2);
    }
  }

  @Test
  @DisplayName(
      "refuses an archive whose digest is not the index's, for good, naming URL and both digests")
  void repositoryMismatch() throws Exception {
    try (HelmRepositoryServer repo = new HelmRepositoryServer()) {
      String lie = "0".repeat(64);
      repo.publish("demo", "1.0.0", archive("tampered"), lie);
      ChartEntry entry = ChartEntry.repository("demo", repo.url(), "demo", "1.0.0");
      String actual = HelmRepositoryServer.sha256("tampered".getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(() -> new ChartCache(dir.resolve("cache")).fetch(entry))
          .isInstanceOfSatisfying(
              ChartFetchException.class,
              e -> assertThat(e.kind()).isEqualTo(ChartFetchException.Kind.DIGEST_MISMATCH))
          .hasMessageContaining(repo.url() + "/demo-1.0.0.tgz")
          .hasMessageContaining("sha256:" + actual)
          .hasMessageContaining("sha256:" + lie);
      assertThat(dir.resolve("cache/sha256/" + lie + ".tgz")).doesNotExist();
      assertThat(dir.resolve("cache/sha256/" + actual + ".tgz")).doesNotExist();
    }
  }

  @Test
  @DisplayName("reports a version the index lacks as not found, listing the versions it has")
  void repositoryMissingVersion() throws Exception {
    try (HelmRepositoryServer repo = new HelmRepositoryServer()) {
      repo.publish("demo", "1.0.0", archive("a")).publish("demo", "1.1.0", archive("b"));
      ChartEntry entry = ChartEntry.repository("demo", repo.url(), "demo", "2.0.0");

      assertThatThrownBy(() -> new ChartCache(dir).fetch(entry))
          .isInstanceOfSatisfying(
              ChartFetchException.class,
              e -> assertThat(e.kind()).isEqualTo(ChartFetchException.Kind.NOT_FOUND))
          .hasMessageContaining("has no version 2.0.0 of demo (it has: 1.0.0, 1.1.0)");
    }
  }

  @Test
  @DisplayName("reports an unreachable repository as a transient failure, credentials left out")
  void unreachable() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ChartEntry entry =
        ChartEntry.repository("demo", "http://user:secret@127.0.0.1:" + port, "demo", "1.0.0");

    assertThatThrownBy(() -> new ChartCache(dir).fetch(entry))
        .isInstanceOfSatisfying(
            ChartFetchException.class,
            e -> assertThat(e.kind()).isEqualTo(ChartFetchException.Kind.UNAVAILABLE))
        .hasMessageContaining("http://127.0.0.1:" + port + "/index.yaml")
        .hasMessageNotContaining("secret");
  }

  @Test
  @DisplayName(
      "sends a repository URL's userinfo as basic auth to the repository's host, retries 503")
  void basicAuthAnd503() throws Exception {
    Map<String, String> auth = new ConcurrentHashMap<>();
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/",
        ex -> {
          auth.put(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Authorization"));
          ex.sendResponseHeaders(503, -1);
          ex.close();
        });
    http.start();
    try {
      String url = "http://me:pw@127.0.0.1:" + http.getAddress().getPort() + "/charts";
      assertThatThrownBy(
              () -> new ChartCache(dir).fetch(ChartEntry.repository("d", url, "d", "1.0.0")))
          .isInstanceOfSatisfying(
              ChartFetchException.class,
              e -> assertThat(e.kind()).isEqualTo(ChartFetchException.Kind.UNAVAILABLE))
          .hasMessageContaining("answered HTTP 503");
      assertThat(auth.get("/charts/index.yaml"))
          .isEqualTo(
              "Basic "
                  + java.util.Base64.getEncoder()
                      .encodeToString("me:pw".getBytes(StandardCharsets.UTF_8)));
    } finally {
      http.stop(0);
    }
  }

  @Test
  @DisplayName("refuses an OCI chart layer whose bytes are not the manifest's digest")
  void ociMismatch() throws Exception {
    byte[] blob = "not what was pushed".getBytes(StandardCharsets.UTF_8);
    String claimed = "1".repeat(64);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"layers\":[{\"mediaType\":\""
            + OciRegistry.CHART_LAYER
            + "\",\"digest\":\"sha256:"
            + claimed
            + "\",\"size\":19}]}";
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/v2/charts/demo/",
        ex -> {
          byte[] body =
              ex.getRequestURI().getPath().contains("/manifests/")
                  ? manifest.getBytes(StandardCharsets.UTF_8)
                  : blob;
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
          ex.close();
        });
    http.start();
    try {
      ChartEntry entry =
          ChartEntry.oci(
              "demo", "oci://127.0.0.1:" + http.getAddress().getPort() + "/charts/demo", "1.0.0");
      entry.setPlainHttp(true);

      assertThatThrownBy(() -> new ChartCache(dir).fetch(entry))
          .isInstanceOfSatisfying(
              ChartFetchException.class,
              e -> assertThat(e.kind()).isEqualTo(ChartFetchException.Kind.DIGEST_MISMATCH))
          .hasMessageContaining("/v2/charts/demo/blobs/sha256:" + claimed)
          .hasMessageContaining("sha256:" + HelmRepositoryServer.sha256(blob));
    } finally {
      http.stop(0);
    }
  }
}
