package io.nspool.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The two calls of nspool's REST API the benchmarks make, with the HTTP status as the answer. */
final class NspoolApi {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final String token;

  NspoolApi(String token) {
    this.token = token;
  }

  /** POST /api/v1/deployments: returns once the claim verdict is in (201, 409, or 202). */
  int create(URI server, String name, String pool) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(server.resolve("/api/v1/deployments"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"" + name + "\",\"pool\":\"" + pool + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** DELETE /api/v1/deployments/NAME?hard=true. */
  int deleteHard(URI server, String name) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(server.resolve("/api/v1/deployments/" + name + "?hard=true"))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
