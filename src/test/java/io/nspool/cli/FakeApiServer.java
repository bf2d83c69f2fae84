package io.nspool.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.nspool.api.model.ErrorBody;
import io.nspool.cli.client.ApiClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the nspool REST server in <b>client</b> tests: it answers what each test scripts
 * (the contract's JSON, docs/api.md) and records every request. It proves how the CLI speaks the
 * contract, not how the real server behaves; that is what the {@code *IT} tests are for.
 */
final class FakeApiServer implements AutoCloseable {
  static final String TOKEN = "s3cr3t-token-never-printed";

  record Request(String method, String path, String query, String body, String authorization) {
    String target() {
      return query == null ? path : path + "?" + query;
    }
  }

  record Answer(int status, String contentType, String body) {}

  private final HttpServer http;
  private final Map<String, Deque<Answer>> answers = new LinkedHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeApiServer() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/", this::handle);
    http.start();
  }

  String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  /**
   * Answers {@code METHOD /api/v1/...} (with its query, when the key has one) with these answers in
   * turn, the last one for ever after.
   */
  synchronized FakeApiServer on(String method, String target, Answer... inTurn) {
    answers.put(method + " /api/v1" + target, new ArrayDeque<>(List.of(inTurn)));
    return this;
  }

  FakeApiServer onJson(String method, String target, int status, Object body) {
    return on(method, target, json(status, body));
  }

  static Answer json(int status, Object body) {
    try {
      return new Answer(status, "application/json", ApiClient.JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Answer error(int status, String code, String message) {
    return json(status, ErrorBody.of(code, message));
  }

  static Answer text(String body) {
    return new Answer(200, "text/plain", body);
  }

  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  List<Request> requests(String method, String path) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().equals("/api/v1" + path))
        .toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Request request =
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestURI().getRawQuery(),
            body,
            exchange.getRequestHeaders().getFirst("Authorization"));
    requests.add(request);
    Answer answer = answer(request);
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private synchronized Answer answer(Request request) {
    if (!("Bearer " + TOKEN).equals(request.authorization())) {
      return error(401, "unauthenticated", "no valid token: pass one with Authorization: Bearer");
    }
    Deque<Answer> inTurn = answers.get(request.method() + " " + request.target());
    if (inTurn == null) {
      inTurn = answers.get(request.method() + " " + request.path());
    }
    if (inTurn == null) {
      return error(404, "not_found", "the fake server has no answer for " + request.target());
    }
    return inTurn.size() > 1 ? inTurn.poll() : inTurn.peek();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
