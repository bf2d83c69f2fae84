package io.nspool.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImagePull} against the real test registry, with a small image of two layers pushed by the
 * distribution API, and a proxy in front of the registry that loses or damages what it is told to:
 * every check must be able to fail, and a failed pull unpacks nothing.
 */
@DisplayName("pulling an image back from the registry")
class ImagePullIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dirs;
  static LocalRegistry registry;
  static byte[] layer1;
  static byte[] layer2;
  static String tar1;
  static String tar2;
  static String good;

  @TempDir Path work;
  @TempDir Path rootfs;

  @BeforeAll
  static void push() throws Exception {
    registry = LocalRegistry.start();
    Path one = Files.createDirectories(dirs.resolve("one/dir"));
    Files.writeString(one.resolve("b.txt"), "from the first layer");
    Files.writeString(one.resolveSibling("a.txt"), "one");
    Path two = Files.createDirectories(dirs.resolve("two"));
    Files.writeString(two.resolve("a.txt"), "two");
    byte[] plain1 = tar(dirs.resolve("one"));
    byte[] plain2 = tar(two);
    tar1 = ImagePull.sha256(plain1);
    tar2 = ImagePull.sha256(plain2);
    layer1 = gzip(plain1);
    layer2 = gzip(plain2);
    good = pushImage("good", List.of(tar1, tar2));
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  @DisplayName(
      "checks every digest and unpacks the layers in order, a later file replacing an earlier one")
  void pulls() throws Exception {
    ImagePull.Pulled pulled = pull("http://" + registry.address(), "good", good);

    assertThat(pulled.manifestDigest()).isEqualTo(good);
    assertThat(pulled.layers()).containsExactly(ImagePull.sha256(layer1), ImagePull.sha256(layer2));
    assertThat(rootfs.resolve("a.txt")).hasContent("two");
    assertThat(rootfs.resolve("dir/b.txt")).hasContent("from the first layer");
  }

  @Test
  @DisplayName(
      "a layer the registry does not have fails the pull, naming it, and nothing is unpacked")
  void missingLayer() throws Exception {
    try (Proxy proxy = new Proxy(ImagePull.sha256(layer2), Damage.MISSING)) {
      assertThatThrownBy(() -> pull(proxy.url(), "good", good))
          .isInstanceOf(ImagePull.PullException.class)
          .hasMessageContaining("layer 2 of 2 (" + ImagePull.sha256(layer2) + ") is missing")
          .hasMessageContaining("HTTP 404");
    }
    assertEmpty(rootfs);
  }

  @Test
  @DisplayName("a layer whose bytes differ from its digest fails the pull, naming both digests")
  void corruptLayer() throws Exception {
    try (Proxy proxy = new Proxy(ImagePull.sha256(layer1), Damage.FLIP_A_BYTE)) {
      assertThatThrownBy(() -> pull(proxy.url(), "good", good))
          .isInstanceOf(ImagePull.PullException.class)
          .hasMessageContaining(
              "layer 1 of 2 is corrupt: the manifest says " + ImagePull.sha256(layer1));
    }
    assertEmpty(rootfs);
  }

  @Test
  @DisplayName(
      "a manifest that is not what the registry's digest (or the pusher) says fails the pull")
  void alteredManifest() throws Exception {
    try (Proxy proxy = new Proxy("manifests/good", Damage.FLIP_A_BYTE)) {
      assertThatThrownBy(() -> pull(proxy.url(), "good", good))
          .isInstanceOf(ImagePull.PullException.class)
          .hasMessageContaining("but the registry says " + good);
    }
    String other = pushImage("other", List.of(tar2, tar1));
    assertThatThrownBy(() -> pull("http://" + registry.address(), "other", good))
        .isInstanceOf(ImagePull.PullException.class)
        .hasMessageContaining("is " + other + ", not the pushed " + good);
    assertEmpty(rootfs);
  }

  @Test
  @DisplayName("a layer that does not uncompress to its config's diff_id fails the pull")
  void wrongDiffId() throws Exception {
    String digest = pushImage("swapped", List.of(tar2, tar1));

    assertThatThrownBy(() -> pull("http://" + registry.address(), "swapped", digest))
        .isInstanceOf(ImagePull.PullException.class)
        .hasMessageContaining("layer 1 of 2 uncompressed is " + tar1)
        .hasMessageContaining("the config's diff_id is " + tar2);
    assertEmpty(rootfs);
  }

  @Test
  @DisplayName("a manifest with more layers than its config has diff_ids fails the pull")
  void layerCount() throws Exception {
    String digest = pushImage("short", List.of(tar1));

    assertThatThrownBy(() -> pull("http://" + registry.address(), "short", digest))
        .isInstanceOf(ImagePull.PullException.class)
        .hasMessageContaining("lists 2 layers but its config has 1 diff_ids");
  }

  private ImagePull.Pulled pull(String registryUrl, String tag, String digest) throws Exception {
    return new ImagePull(registryUrl, "tiny").pull(tag, digest, work, rootfs);
  }

  private static void assertEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      assertThat(entries).as("nothing unpacked into " + dir).isEmpty();
    }
  }

  /** Pushes both layers and a config with these diff_ids, tagged {@code tag}: the digest. */
  static String pushImage(String tag, List<String> diffIds) throws Exception {
    ObjectNode config = JSON.createObjectNode().put("architecture", "amd64").put("os", "linux");
    config.putObject("config");
    ArrayNode ids = config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
    diffIds.forEach(ids::add);
    byte[] configBytes = JSON.writeValueAsBytes(config);
    ObjectNode manifest =
        JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", ImagePull.DOCKER_MANIFEST);
    manifest
        .putObject("config")
        .put("mediaType", "application/vnd.docker.container.image.v1+json")
        .put("digest", upload(configBytes))
        .put("size", configBytes.length);
    ArrayNode layers = manifest.putArray("layers");
    for (byte[] layer : List.of(layer1, layer2)) {
      layers
          .addObject()
          .put("mediaType", "application/vnd.docker.image.rootfs.diff.tar.gzip")
          .put("digest", upload(layer))
          .put("size", layer.length);
    }
    byte[] body = JSON.writeValueAsBytes(manifest);
    HttpResponse<String> put =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://" + registry.address() + "/v2/tiny/manifests/" + tag))
                .header("Content-Type", ImagePull.DOCKER_MANIFEST)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    return ImagePull.sha256(body);
  }

  /** A monolithic blob upload (POST, then PUT with the digest): the blob's digest. */
  static String upload(byte[] blob) throws Exception {
    String digest = ImagePull.sha256(blob);
    HttpResponse<String> started =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://" + registry.address() + "/v2/tiny/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String location = started.headers().firstValue("Location").orElseThrow();
    URI target = URI.create("http://" + registry.address()).resolve(location);
    String sep = target.getQuery() == null ? "?" : "&";
    HttpResponse<String> done =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(target + sep + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
    return digest;
  }

  private static byte[] tar(Path dir) throws Exception {
    Process p =
        new ProcessBuilder("tar", "-cf", "-", "-C", dir.toString(), ".")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
    return out;
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  enum Damage {
    MISSING,
    FLIP_A_BYTE
  }

  /**
   * Forwards GETs to the registry, keeping status, Content-Type and Docker-Content-Digest, and
   * damages the answer for paths ending with {@code target}.
   */
  static final class Proxy implements AutoCloseable {
    private final HttpServer server;

    Proxy(String target, Damage damage) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              HttpRequest.Builder forward =
                  HttpRequest.newBuilder(
                      URI.create("http://" + registry.address() + exchange.getRequestURI()));
              String accept = exchange.getRequestHeaders().getFirst("Accept");
              if (accept != null) {
                forward.header("Accept", accept);
              }
              HttpResponse<byte[]> answer =
                  HTTP.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
              int status = answer.statusCode();
              byte[] body = answer.body();
              if (exchange.getRequestURI().getPath().endsWith(target)) {
                if (damage == Damage.MISSING) {
                  status = 404;
                  body = "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}".getBytes();
                } else {
                  body = body.clone();
                  body[body.length / 2] ^= 1;
                }
              }
              for (String header : List.of("Content-Type", "Docker-Content-Digest")) {
                answer
                    .headers()
                    .firstValue(header)
                    .ifPresent(v -> exchange.getResponseHeaders().add(header, v));
              }
              exchange.sendResponseHeaders(status, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
