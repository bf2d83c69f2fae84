package io.nspool.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.api.ApiServer;
import io.nspool.auth.UserStore;
import io.nspool.controller.Controller;
import io.nspool.controller.ControllerConfig;
import java.time.Clock;

/**
 * nspool as one process: the controller (reconcilers, caches) and the REST API with the web UI,
 * both acting as nspool's own identity.
 */
public final class NspoolServer implements AutoCloseable {
  private final Controller controller;
  private final UserStore users;
  private final ApiServer api;

  private NspoolServer(Controller controller, UserStore users, ApiServer api) {
    this.controller = controller;
    this.users = users;
    this.api = api;
  }

  /**
   * Starts both and returns once the caches are synced and the API listens. They start side by
   * side: the web server's start (class loading, mostly) takes seconds on a small machine and needs
   * nothing from the caches, so it no longer waits for them, nor they for it. A request that comes
   * in before the caches are synced waits for them ({@link ApiServer#open}) instead of being
   * answered from an empty cache; {@code /readyz} says 503 until then.
   */
  public static NspoolServer start(
      KubernetesClient client, ControllerConfig config, String host, int port) {
    Controller controller =
        new Controller(client, config, Controller.janitor(client, config), Clock.systemUTC());
    // First, one small list: before the claim watches of every pool namespace line up at the API
    // server with the same identity.
    UserStore users = new UserStore(client, config.controlNamespace());
    ApiServer api = new ApiServer(controller, users);
    java.util.concurrent.CompletableFuture<ApiServer> listening =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> api.listen(host, port));
    try {
      controller.start();
      listening.join();
    } catch (RuntimeException e) {
      listening.thenAccept(ApiServer::close);
      controller.close();
      users.close();
      throw e;
    }
    api.open();
    return new NspoolServer(controller, users, api);
  }

  public int port() {
    return api.port();
  }

  public Controller controller() {
    return controller;
  }

  public UserStore users() {
    return users;
  }

  @Override
  public void close() {
    api.close();
    controller.close();
    users.close();
  }
}
