package io.nspool.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One chart version of an OCI registry, by the OCI distribution spec as Helm pushes charts: the
 * manifest tagged with the version (Helm writes SemVer's {@code +} as {@code _}) names one layer of
 * media type {@value #CHART_LAYER} with its digest, and the blob must match it. When the registry
 * sends {@code Docker-Content-Digest}, the manifest itself must match that too. Anonymous bearer
 * tokens are asked for when the registry challenges, as Helm does for public charts.
 */
final class OciRegistry implements ChartCache.Remote {
  static final String CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
  private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final ChartHttp http;
  private final String reference;
  private final String version;
  private final String scheme;
  private final String host;
  private final String repository;
  private String token;
  private String layer;

  OciRegistry(ChartHttp http, String reference, String version, boolean plainHttp) {
    this.http = http;
    this.reference = reference;
    this.version = version;
    String rest = reference.substring("oci://".length());
    int slash = rest.indexOf('/');
    this.host = rest.substring(0, slash);
    this.repository = rest.substring(slash + 1);
    this.scheme = plainHttp ? "http" : "https";
  }

  private URI manifestUri() {
    return URI.create(
        scheme + "://" + host + "/v2/" + repository + "/manifests/" + version.replace('+', '_'));
  }

  @Override
  public String digest() {
    URI uri = manifestUri();
    ChartHttp.Response response = authorized(uri, Map.of("Accept", MANIFEST));
    if (response.status() != 200) {
      throw ChartHttp.failure(uri, response.status(), "reading the manifest of " + describeRef());
    }
    String announced = response.header("Docker-Content-Digest");
    if (announced != null && announced.startsWith("sha256:")) {
      String actual = Digests.sha256(response.body());
      if (!actual.equals(announced.substring("sha256:".length()))) {
        throw new ChartFetchException(
            ChartFetchException.Kind.DIGEST_MISMATCH,
            "digest mismatch: the manifest at "
                + uri
                + " has sha256:"
                + actual
                + " but the registry says "
                + announced
                + "; nspool refuses the chart");
      }
    }
    JsonNode manifest;
    try {
      manifest = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new ChartFetchException(
          ChartFetchException.Kind.NOT_FOUND, uri + " is not an OCI manifest: " + e.getMessage());
    }
    for (JsonNode l : manifest.path("layers")) {
      if (CHART_LAYER.equals(l.path("mediaType").asText())) {
        layer = l.path("digest").asText();
        return layer.startsWith("sha256:") ? layer.substring("sha256:".length()) : layer;
      }
    }
    throw new ChartFetchException(
        ChartFetchException.Kind.NOT_FOUND,
        "the manifest at " + uri + " has no Helm chart layer (" + CHART_LAYER + ")");
  }

  private URI blobUri() {
    return URI.create(scheme + "://" + host + "/v2/" + repository + "/blobs/" + layer);
  }

  @Override
  public byte[] download() {
    URI uri = blobUri();
    ChartHttp.Response response = authorized(uri, Map.of());
    if (response.status() != 200) {
      throw ChartHttp.failure(uri, response.status(), "downloading " + describeRef());
    }
    return response.body();
  }

  @Override
  public String location() {
    return blobUri().toString();
  }

  @Override
  public String describe() {
    return "the manifest of " + describeRef();
  }

  private String describeRef() {
    return reference + ":" + version;
  }

  /** A GET, answering one bearer challenge with an anonymous pull token. */
  private ChartHttp.Response authorized(URI uri, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (token != null) {
      all.put("Authorization", "Bearer " + token);
    }
    ChartHttp.Response response = http.get(uri, all);
    String challenge = response.header("WWW-Authenticate");
    if (response.status() != 401 || token != null || challenge == null) {
      return response;
    }
    if (!challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return response;
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = CHALLENGE_PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1), m.group(2));
    }
    String realm = params.get("realm");
    if (realm == null) {
      return response;
    }
    StringBuilder tokenUrl = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
    tokenUrl
        .append("scope=")
        .append(enc(params.getOrDefault("scope", "repository:" + repository + ":pull")));
    if (params.containsKey("service")) {
      tokenUrl.append("&service=").append(enc(params.get("service")));
    }
    byte[] body =
        http.ok(URI.create(tokenUrl.toString()), Map.of(), "asking the registry for a token");
    try {
      JsonNode answer = JSON.readTree(body);
      token =
          answer.hasNonNull("token")
              ? answer.get("token").asText()
              : answer.path("access_token").asText(null);
    } catch (IOException e) {
      throw new ChartFetchException(
          ChartFetchException.Kind.NOT_FOUND, "the registry's token answer is not JSON");
    }
    if (token == null) {
      return response;
    }
    all.put("Authorization", "Bearer " + token);
    return http.get(uri, all);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
