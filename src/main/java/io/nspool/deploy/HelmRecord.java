package io.nspool.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Helm's record of one release revision: a Secret {@code sh.helm.release.v1.<release>.v<N>}
 * labelled {@code owner=helm, name, status, version} whose {@code release} key holds the release as
 * JSON, gzipped, base64 — the rendered manifest, the hooks with their own manifests, the status.
 * The one place that knows this encoding.
 */
final class HelmRecord {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HelmRecord() {}

  /** The name of the record Secret of one revision. */
  static String secretName(String release, int revision) {
    return "sh.helm.release.v1." + release + ".v" + revision;
  }

  /** The revision a record Secret holds; empty for a Secret Helm did not write. */
  static Optional<Integer> version(Secret record) {
    Map<String, String> labels = record.getMetadata().getLabels();
    try {
      return Optional.of(Integer.parseInt(labels == null ? "" : labels.get("version")));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The release a record Secret holds. */
  static ObjectNode release(Secret record) {
    String data = record.getData() == null ? null : record.getData().get("release");
    if (data == null) {
      throw new UncheckedIOException(
          new IOException(record.getMetadata().getName() + " holds no release"));
    }
    return decode(data);
  }

  /** Helm's encoding of a release: JSON, gzipped, base64 (inside the Secret's own base64 data). */
  static ObjectNode decode(String secretData) {
    byte[] helm = Base64.getDecoder().decode(Base64.getDecoder().decode(secretData));
    try (InputStream in =
        helm.length > 2 && helm[0] == (byte) 0x1f && helm[1] == (byte) 0x8b
            ? new GZIPInputStream(new ByteArrayInputStream(helm))
            : new ByteArrayInputStream(helm)) {
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Helm's release record", e);
    }
  }

  static String encode(ObjectNode release) {
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
      out.write(JSON.writeValueAsBytes(release));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Helm's release record", e);
    }
    byte[] helm =
        Base64.getEncoder().encodeToString(gzipped.toByteArray()).getBytes(StandardCharsets.UTF_8);
    return Base64.getEncoder().encodeToString(helm);
  }
}
