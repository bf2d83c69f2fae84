package io.nspool.chart;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * GETs for chart sources, with the rules both protocols share: redirects followed, bodies capped at
 * {@value #MAX_BYTES} bytes, a URL's userinfo sent as basic auth (and never put in a message),
 * network failures, 5xx, 408 and 429 reported as {@link ChartFetchException.Kind#UNAVAILABLE}
 * (retried), other 4xx as {@link ChartFetchException.Kind#NOT_FOUND} (not retried).
 */
class ChartHttp {
  /** Larger than any chart archive or index one should install; keeps the disk safe. */
  static final int MAX_BYTES = 128 * 1024 * 1024;

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  record Response(int status, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst()
          .orElse(null);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A GET answered with any status; only a failure to get an answer throws. */
  Response get(URI uri, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(withoutUserInfo(uri)).timeout(Duration.ofSeconds(60)).GET();
    if (uri.getRawUserInfo() != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      java.net.URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8)
                          .getBytes(StandardCharsets.UTF_8)));
    }
    headers.forEach(request::header);
    try {
      HttpResponse<InputStream> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        byte[] body = in.readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
          throw new ChartFetchException(
              ChartFetchException.Kind.NOT_FOUND,
              shown(uri) + " is larger than " + MAX_BYTES + " bytes; nspool does not fetch it");
        }
        return new Response(response.statusCode(), response.headers().map(), body);
      }
    } catch (IOException e) {
      throw new ChartFetchException(
          ChartFetchException.Kind.UNAVAILABLE,
          "cannot fetch " + shown(uri) + ": " + e.getClass().getSimpleName() + " " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChartFetchException(
          ChartFetchException.Kind.UNAVAILABLE, "interrupted while fetching " + shown(uri), e);
    }
  }

  /** The body of a 200 answer; any other status throws, classified. */
  byte[] ok(URI uri, Map<String, String> headers, String what) {
    Response response = get(uri, headers);
    if (response.status() == 200) {
      return response.body();
    }
    throw failure(uri, response.status(), what);
  }

  static ChartFetchException failure(URI uri, int status, String what) {
    boolean retry = status >= 500 || status == 408 || status == 429;
    return new ChartFetchException(
        retry ? ChartFetchException.Kind.UNAVAILABLE : ChartFetchException.Kind.NOT_FOUND,
        what + ": " + shown(uri) + " answered HTTP " + status);
  }

  /** A URL as messages show it: without userinfo. */
  static String shown(URI uri) {
    return withoutUserInfo(uri).toString();
  }

  static String shown(String url) {
    try {
      return shown(URI.create(url));
    } catch (IllegalArgumentException e) {
      return url.replaceAll("//[^/@]*@", "//");
    }
  }

  static URI withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri;
    }
    try {
      return new URI(
          uri.getScheme(),
          null,
          uri.getHost(),
          uri.getPort(),
          uri.getPath(),
          uri.getQuery(),
          uri.getFragment());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
