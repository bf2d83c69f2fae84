package io.nspool.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chart version of a Helm repository, by the protocol of {@code helm repo add}: the
 * repository's {@code index.yaml} lists each chart's versions with the archive's URLs (absolute, or
 * relative to the repository) and its sha256 {@code digest}, which the archive must match.
 * Credentials in the repository URL go to the repository's own host only, as Helm does without
 * {@code --pass-credentials}.
 */
final class HelmRepository implements ChartCache.Remote {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final ChartHttp http;
  private final URI base;
  private final String chart;
  private final String version;
  private URI archive;

  HelmRepository(ChartHttp http, ChartEntry.Repository repository, String version) {
    this.http = http;
    String url = repository.getUrl();
    this.base = URI.create(url.endsWith("/") ? url : url + "/");
    this.chart = repository.getChart();
    this.version = version;
  }

  private URI index() {
    return base.resolve("index.yaml");
  }

  @Override
  public String digest() {
    byte[] body = http.ok(index(), Map.of(), "reading the repository index");
    JsonNode index;
    try {
      index = YAML.readTree(body);
    } catch (IOException e) {
      throw new ChartFetchException(
          ChartFetchException.Kind.NOT_FOUND,
          ChartHttp.shown(index()) + " is not a Helm repository index: " + e.getMessage());
    }
    JsonNode versions = index == null ? null : index.path("entries").path(chart);
    if (versions == null || !versions.isArray() || versions.isEmpty()) {
      throw new ChartFetchException(
          ChartFetchException.Kind.NOT_FOUND,
          "the index " + ChartHttp.shown(index()) + " has no chart named \"" + chart + "\"");
    }
    List<String> listed = new ArrayList<>();
    for (JsonNode v : versions) {
      String text = v.path("version").asText();
      listed.add(text);
      if (!text.equals(version)) {
        continue;
      }
      JsonNode urls = v.path("urls");
      if (!urls.isArray() || urls.isEmpty()) {
        throw new ChartFetchException(
            ChartFetchException.Kind.NOT_FOUND,
            "the index " + ChartHttp.shown(index()) + " lists no URL for " + chart + " " + version);
      }
      archive = archiveUri(urls.get(0).asText());
      String digest = v.path("digest").asText("");
      if (digest.isEmpty()) {
        throw new ChartFetchException(
            ChartFetchException.Kind.NOT_FOUND,
            "the index "
                + ChartHttp.shown(index())
                + " lists no digest for "
                + chart
                + " "
                + version
                + ", so nspool cannot verify it (regenerate the index with `helm repo index`)");
      }
      return digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
    }
    throw new ChartFetchException(
        ChartFetchException.Kind.NOT_FOUND,
        "the index "
            + ChartHttp.shown(index())
            + " has no version "
            + version
            + " of "
            + chart
            + " (it has: "
            + String.join(", ", listed)
            + ")");
  }

  private URI archiveUri(String listed) {
    URI resolved = base.resolve(URI.create(listed));
    boolean sameHost =
        Objects.equals(resolved.getHost(), base.getHost())
            && resolved.getPort() == base.getPort()
            && Objects.equals(resolved.getScheme(), base.getScheme());
    if (sameHost && base.getRawUserInfo() != null && resolved.getRawUserInfo() == null) {
      return URI.create(
          resolved.getScheme()
              + "://"
              + base.getRawUserInfo()
              + "@"
              + resolved.getRawAuthority().replaceFirst("^[^@]*@", "")
              + resolved.getRawPath()
              + (resolved.getRawQuery() == null ? "" : "?" + resolved.getRawQuery()));
    }
    return sameHost ? resolved : ChartHttp.withoutUserInfo(resolved);
  }

  @Override
  public byte[] download() {
    return http.ok(archive, Map.of(), "downloading chart " + chart + " " + version);
  }

  @Override
  public String location() {
    return ChartHttp.shown(archive);
  }

  @Override
  public String describe() {
    return "the index " + ChartHttp.shown(index());
  }
}
