package io.nspool.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Pulls one image from a registry by the OCI distribution API, as a container runtime does, and
 * unpacks it into a root filesystem, trusting nothing it did not check:
 *
 * <ol>
 *   <li>the manifest (Docker v2 or OCI) by tag: its sha256 must equal the registry's {@code
 *       Docker-Content-Digest} and the digest the pusher reported;
 *   <li>the config blob and each layer blob: sha256 and size as the manifest says;
 *   <li>each layer uncompressed: sha256 equal to its {@code rootfs.diff_ids} entry in the config
 *       (as many layers as diff_ids);
 *   <li>then, only then, the layers extracted in order ({@code tar}, owners and modes kept when run
 *       as root). Whiteout files ({@code .wh.*}) are refused rather than applied wrongly: Jib
 *       writes none.
 * </ol>
 *
 * Any failure is a {@link PullException} naming the object, what was expected and what came.
 */
public final class ImagePull {
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A failed check or fetch. */
  public static final class PullException extends RuntimeException {
    PullException(String message) {
      super(message);
    }
  }

  /**
   * @param manifestDigest {@code sha256:...} of the manifest as pulled
   * @param config the image config (Entrypoint, Env, User, Labels, rootfs.diff_ids...)
   * @param layers the layers' digests, in order
   */
  public record Pulled(String manifestDigest, JsonNode config, List<String> layers) {}

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
  private final String base;
  private final String repository;

  /**
   * @param registry {@code http://HOST:PORT} (or https)
   * @param repository the image's repository in it, e.g. {@code nspool}
   */
  public ImagePull(String registry, String repository) {
    this.base = registry.replaceAll("/+$", "") + "/v2/" + repository;
    this.repository = repository;
  }

  /**
   * Pulls {@code reference} (a tag) into {@code work} (blobs, uncompressed layers) and unpacks it
   * into {@code rootfs}; {@code expectedDigest} (the pusher's, or null) must be the manifest's.
   */
  public Pulled pull(String reference, String expectedDigest, Path work, Path rootfs)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            request("/manifests/" + reference)
                .header("Accept", DOCKER_MANIFEST + ", " + OCI_MANIFEST)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    String where = repository + ":" + reference;
    if (response.statusCode() != 200) {
      throw new PullException(
          "the manifest of " + where + " answered HTTP " + response.statusCode());
    }
    String digest = sha256(response.body());
    String announced = response.headers().firstValue("Docker-Content-Digest").orElse(null);
    if (announced != null && !announced.equals(digest)) {
      throw new PullException(
          "the manifest of " + where + " is " + digest + " but the registry says " + announced);
    }
    if (expectedDigest != null && !expectedDigest.equals(digest)) {
      throw new PullException(
          "the manifest of " + where + " is " + digest + ", not the pushed " + expectedDigest);
    }
    JsonNode manifest = JSON.readTree(response.body());
    String type = manifest.path("mediaType").asText(OCI_MANIFEST);
    if (!type.equals(DOCKER_MANIFEST) && !type.equals(OCI_MANIFEST)) {
      throw new PullException(where + " is a " + type + ", not a single image manifest");
    }

    Path blobs = Files.createDirectories(work.resolve("blobs"));
    JsonNode configRef = manifest.path("config");
    Path configFile = fetch(configRef, "the config", blobs);
    JsonNode config = JSON.readTree(configFile.toFile());
    JsonNode diffIds = config.path("rootfs").path("diff_ids");
    JsonNode layerRefs = manifest.path("layers");
    if (layerRefs.size() != diffIds.size() || layerRefs.isEmpty()) {
      throw new PullException(
          where
              + " lists "
              + layerRefs.size()
              + " layers but its config has "
              + diffIds.size()
              + " diff_ids");
    }
    List<Path> tars = new ArrayList<>();
    List<String> layers = new ArrayList<>();
    for (int i = 0; i < layerRefs.size(); i++) {
      JsonNode layer = layerRefs.get(i);
      String what = "layer " + (i + 1) + " of " + layerRefs.size();
      Path blob = fetch(layer, what, blobs);
      tars.add(uncompress(blob, layer.path("mediaType").asText(), diffIds.get(i).asText(), what));
      layers.add(layer.path("digest").asText());
    }
    for (Path tar : tars) {
      extract(tar, rootfs);
      Files.delete(tar); // hundreds of MB uncompressed; the checked blobs stay in work
    }
    try (Stream<Path> all = Files.walk(rootfs)) {
      List<Path> whiteouts =
          all.filter(p -> p.getFileName() != null && p.getFileName().toString().startsWith(".wh."))
              .toList();
      if (!whiteouts.isEmpty()) {
        throw new PullException(
            where + " has whiteout files, which this unpacker does not apply: " + whiteouts);
      }
    }
    return new Pulled(digest, config, layers);
  }

  /** Downloads one blob the manifest names, checking its sha256 and size; returns its file. */
  private Path fetch(JsonNode descriptor, String what, Path blobs)
      throws IOException, InterruptedException {
    String digest = descriptor.path("digest").asText();
    long size = descriptor.path("size").asLong(-1);
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw new PullException(what + " has digest '" + digest + "', not sha256:<64 hex>");
    }
    HttpResponse<InputStream> response =
        http.send(request("/blobs/" + digest).build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      response.body().close();
      throw new PullException(
          what
              + " ("
              + digest
              + ") is missing: the registry answered HTTP "
              + response.statusCode());
    }
    Path file = blobs.resolve(digest.substring("sha256:".length()));
    MessageDigest sha = sha256();
    try (InputStream in = new DigestInputStream(response.body(), sha);
        OutputStream out = Files.newOutputStream(file)) {
      in.transferTo(out);
    }
    String actual = hex(sha);
    long length = Files.size(file);
    if (!actual.equals(digest) || (size >= 0 && length != size)) {
      throw new PullException(
          what
              + " is corrupt: the manifest says "
              + digest
              + " ("
              + size
              + " bytes), the registry sent "
              + actual
              + " ("
              + length
              + " bytes)");
    }
    return file;
  }

  /** The layer as a plain tar, its sha256 checked against the config's diff_id. */
  private static Path uncompress(Path blob, String mediaType, String diffId, String what)
      throws IOException {
    if (!mediaType.endsWith("gzip") && !mediaType.endsWith(".tar")) {
      throw new PullException(what + " is " + mediaType + ", which this unpacker cannot read");
    }
    Path tar = blob.resolveSibling(blob.getFileName() + ".tar");
    MessageDigest sha = sha256();
    try (InputStream raw = Files.newInputStream(blob);
        InputStream in =
            new DigestInputStream(
                mediaType.endsWith("gzip") ? new GZIPInputStream(raw) : raw, sha);
        OutputStream out = Files.newOutputStream(tar)) {
      in.transferTo(out);
    } catch (java.util.zip.ZipException e) {
      throw new PullException(what + " is not gzip: " + e.getMessage());
    }
    String actual = hex(sha);
    if (!actual.equals(diffId)) {
      throw new PullException(
          what + " uncompressed is " + actual + " but the config's diff_id is " + diffId);
    }
    return tar;
  }

  private static void extract(Path tar, Path rootfs) throws IOException, InterruptedException {
    List<String> command =
        List.of(
            "tar",
            "--warning=no-unknown-keyword",
            "--numeric-owner",
            "-xpf",
            tar.toString(),
            "-C",
            rootfs.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new PullException(command + " failed: " + out);
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2));
  }

  static String sha256(byte[] bytes) {
    MessageDigest sha = sha256();
    sha.update(bytes);
    return hex(sha);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(MessageDigest sha) {
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }
}
