package io.nspool.cli.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nspool.api.model.ErrorBody;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The nspool REST API (docs/api.md) over {@link HttpClient}. Every call returns the parsed answer
 * or throws {@link ApiException} carrying the server's error code and message. The token is sent in
 * the Authorization header only and appears in no message.
 */
public final class ApiClient {
  public static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final URI server;
  private final String token;
  private final HttpClient http;

  public ApiClient(URI server, String token) {
    this.server = server;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  /** The server URL as the user gave it, without a trailing slash. */
  public URI server() {
    return server;
  }

  /** The answer as a JSON tree, as the server sent it: what {@code -o json|yaml} prints. */
  public JsonNode get(String path) {
    return tree(send("GET", path, null, "application/json"));
  }

  public String getText(String path) {
    return send("GET", path, null, "text/plain");
  }

  /**
   * GET of a text answer that streams (followed logs): every line is written to {@code out} and
   * flushed as it arrives, with no time limit, until the server ends the answer or this thread is
   * interrupted.
   */
  public void streamText(String path, java.io.Writer out) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server + "/api/v1" + path))
            .header("Accept", "text/plain")
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    HttpResponse<java.io.InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new ApiException(
          "cannot reach the nspool server at "
              + server
              + " ("
              + describe(e)
              + "); check --server or NSPOOL_SERVER",
          e);
    } catch (IOException e) {
      throw new ApiException(
          "talking to the nspool server at " + server + " failed: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("interrupted while waiting for the nspool server", e);
    }
    try (var body =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      if (response.statusCode() >= 400) {
        String text = body.lines().collect(Collectors.joining("\n"));
        throw error(response.statusCode(), text);
      }
      String line;
      while ((line = body.readLine()) != null) {
        out.write(line);
        out.write('\n');
        out.flush();
      }
    } catch (IOException e) {
      throw new ApiException(
          "the stream from the nspool server at " + server + " broke: " + describe(e), e);
    }
  }

  /** POST with a JSON body; returns the JSON answer ({@code null} when empty). */
  public JsonNode post(String path, Object body) {
    return tree(send("POST", path, body, "application/json"));
  }

  /** PATCH with a JSON body; returns the JSON answer. */
  public JsonNode patch(String path, Object body) {
    return tree(send("PATCH", path, body, "application/json"));
  }

  /** DELETE; returns the JSON answer ({@code null} when empty, as for 202 without a body). */
  public JsonNode delete(String path) {
    return tree(send("DELETE", path, null, "application/json"));
  }

  /** An answer (or a part of it) as one of the API's records. */
  public static <T> T as(JsonNode node, Class<T> type) {
    try {
      return JSON.treeToValue(node, type);
    } catch (IOException e) {
      throw new ApiException(
          "the server answered a "
              + type.getSimpleName()
              + " this client cannot read: "
              + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
  }

  /** The {@code items} of a list answer as records. */
  public static <T> List<T> items(JsonNode list, Class<T> type) {
    List<T> items = new ArrayList<>();
    if (list != null && list.get("items") != null) {
      for (JsonNode item : list.get("items")) {
        items.add(as(item, type));
      }
    }
    return items;
  }

  /** Encodes one path segment, e.g. a deployment name typed by the user. */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** {@code ?a=b&c=d} of the non-null parameters, or "" when there are none. */
  public static String query(Map<String, ?> parameters) {
    Map<String, Object> present = new LinkedHashMap<>();
    parameters.forEach(
        (k, v) -> {
          if (v != null) {
            present.put(k, v);
          }
        });
    if (present.isEmpty()) {
      return "";
    }
    return present.entrySet().stream()
        .map(e -> segment(e.getKey()) + "=" + segment(String.valueOf(e.getValue())))
        .collect(Collectors.joining("&", "?", ""));
  }

  private String send(String method, String path, Object body, String accept) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server + "/api/v1" + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", accept)
            .header("Authorization", "Bearer " + token);
    if (body != null) {
      try {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      } catch (IOException e) {
        throw new IllegalStateException("cannot encode the request body: " + e.getMessage(), e);
      }
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new ApiException(
          "cannot reach the nspool server at "
              + server
              + " ("
              + describe(e)
              + "); check --server or NSPOOL_SERVER",
          e);
    } catch (HttpTimeoutException e) {
      throw new ApiException(
          "the nspool server at " + server + " did not answer within " + REQUEST_TIMEOUT, e);
    } catch (IOException e) {
      throw new ApiException(
          "talking to the nspool server at " + server + " failed: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("interrupted while waiting for the nspool server", e);
    }
    if (response.statusCode() >= 400) {
      throw error(response);
    }
    return response.body();
  }

  private ApiException error(HttpResponse<String> response) {
    return error(response.statusCode(), response.body());
  }

  private ApiException error(int status, String text) {
    try {
      ErrorBody body = JSON.readValue(text, ErrorBody.class);
      if (body != null && body.error() != null && body.error().code() != null) {
        String message = body.error().message();
        return new ApiException(
            body.error().code(), status, message != null ? message : body.error().code());
      }
    } catch (IOException e) {
      // Not nspool's error shape (a proxy's page, say): fall through to a message from the status.
    }
    return new ApiException(
        codeOfStatus(status),
        status,
        "the server at " + server + " answered HTTP " + status + " without an nspool error");
  }

  /** The API's code for a bare HTTP status, for answers that do not carry one. */
  static String codeOfStatus(int status) {
    return switch (status) {
      case 400 -> "invalid_argument";
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "already_exists";
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 415 -> "unsupported_media_type";
      case 431 -> "headers_too_large";
      default -> ApiException.UNAVAILABLE;
    };
  }

  private JsonNode tree(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw notNspool(body, e);
    }
  }

  private ApiException notNspool(String body, IOException e) {
    return new ApiException(
        "the server at "
            + server
            + " answered something that is not the nspool API ("
            + describe(e).lines().findFirst().orElse("")
            + "); check --server or NSPOOL_SERVER",
        e);
  }

  /** The first message along the cause chain: HttpClient often wraps the useful one. */
  private static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
  }
}
