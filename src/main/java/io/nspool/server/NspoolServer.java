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

  public static NspoolServer start(
      KubernetesClient client, ControllerConfig config, String host, int port) {
    Controller controller =
        new Controller(client, config, Controller.janitor(client, config), Clock.systemUTC())
            .start();
    UserStore users = new UserStore(client, config.controlNamespace());
    ApiServer api = new ApiServer(controller, users).start(host, port);
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
