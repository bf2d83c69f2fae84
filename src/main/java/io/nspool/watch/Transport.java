package io.nspool.watch;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.HttpClient;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How nspool's client reaches the API server: which fabric8 HTTP client, and whether watches are
 * WebSockets (an HTTP/1.1 upgrade: one TCP connection each, whatever the client) or plain streaming
 * GETs (HTTP/2 streams that share a connection). {@link #CHOSEN} is what nspool runs with; the
 * others are here so {@code nspool bench watch --transports} can measure them side by side
 * (docs/benchmarks.md has the numbers that decided).
 */
public enum Transport {
  /** fabric8's default: Vert.x, HTTP/1.1, watches over WebSockets. */
  VERTX_WEBSOCKET("vertx-ws", "io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory", false),
  /**
   * fabric8's Vert.x client with HTTP watches: still one connection each, as its SSL context offers
   * no ALPN (HTTP/1.1 only, whatever Vert.x options are set).
   */
  VERTX_HTTP("vertx-http", "io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory", true),
  /**
   * The JDK's java.net.http client (HTTP/2 by ALPN), watches as HTTP/2 streams. Java 17's fails a
   * request past the server's stream limit instead of opening a second connection.
   */
  JDK_H2("jdk-h2", "io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory", true),
  /**
   * OkHttp (HTTP/2 by ALPN), watches as HTTP/2 streams: a connection carries as many as the API
   * server allows (100 by default), then OkHttp opens the next.
   */
  OKHTTP_H2("okhttp-h2", "io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory", true);

  /** The transport nspool's server uses; chosen by measurement, see docs/benchmarks.md. */
  public static final Transport CHOSEN = OKHTTP_H2;

  private final String id;
  private final String factoryClass;
  private final boolean httpWatches;

  Transport(String id, String factoryClass, boolean httpWatches) {
    this.id = id;
    this.factoryClass = factoryClass;
    this.httpWatches = httpWatches;
  }

  public String id() {
    return id;
  }

  public static Transport of(String id) {
    return Arrays.stream(values())
        .filter(t -> t.id.equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "transport '"
                        + id
                        + "' is not one of "
                        + Arrays.stream(values())
                            .map(Transport::id)
                            .collect(Collectors.joining(", "))));
  }

  /**
   * Whether this transport's HTTP client is on the class path (nspool ships only the chosen one).
   */
  public boolean available() {
    return factory().isPresent();
  }

  /** A fresh HTTP client factory, if its classes are on the class path. */
  public Optional<HttpClient.Factory> factory() {
    try {
      return Optional.of(
          (HttpClient.Factory) Class.forName(factoryClass).getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError e) {
      return Optional.empty();
    }
  }

  /** Applies the watch style to a client configuration (HTTP/2 is negotiated by the client). */
  public Config configure(Config config) {
    config.setOnlyHttpWatches(httpWatches);
    config.setHttp2Disable(false);
    return config;
  }
}
