package io.nspool.watch;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The one client nspool's controller and every per-namespace watch share. Built here, once, so the
 * transport that keeps a pool of 1000 namespaces on a handful of TCP connections (watches as HTTP/2
 * streams, not one WebSocket connection each) cannot be lost by building a client elsewhere.
 */
public final class SharedClient {
  private SharedClient() {}

  public static KubernetesClient create(Config config) {
    return create(config, Transport.CHOSEN);
  }

  public static KubernetesClient create(Config config, Transport transport) {
    return new KubernetesClientBuilder()
        .withConfig(transport.configure(config))
        .withHttpClientFactory(
            transport
                .factory()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "HTTP client of transport "
                                + transport.id()
                                + " is not on the class path")))
        .build();
  }
}
