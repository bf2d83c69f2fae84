package io.nspool.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.EndpointNotFound;
import io.nspool.api.model.ErrorBody;
import io.nspool.auth.UserStore;
import io.nspool.controller.Controller;
import io.nspool.error.InvalidArgumentException;
import io.nspool.error.MethodNotAllowedException;
import io.nspool.error.NotFoundException;
import io.nspool.error.NspoolException;
import io.nspool.logs.LogTail;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API of docs/api.md, the web UI (static files) and the operational endpoints. Reads come
 * from the controller's informer caches; writes go to the custom resources. Every error, from a
 * handler, from routing or from Jetty itself, is {@code {"error":{"code","message"}}}.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  static final String OPENAPI = "/api/v1/openapi.json";

  private final Javalin app;
  private final Routes routes;
  private final java.util.concurrent.CountDownLatch opened =
      new java.util.concurrent.CountDownLatch(1);
  private static final java.time.Duration OPEN_WAIT = java.time.Duration.ofMinutes(2);

  public ApiServer(Controller controller, UserStore users) {
    DeploymentsApi deployments = new DeploymentsApi(controller);
    NamespacesApi namespaces = new NamespacesApi(controller);
    PoolsApi pools = new PoolsApi(controller);
    UsersApi usersApi = new UsersApi(users);
    Metrics metrics = new Metrics(controller);
    Authentication authentication = new Authentication(users);
    String openApi = resource("api/openapi.json");
    this.routes = new Routes(routes(openApi, deployments, namespaces, pools, usersApi));
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.maxRequestSize = Json.MAX_BODY_BYTES;
              config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
              config.jetty.modifyHttpConfiguration(
                  http -> http.setRequestHeaderSize(HttpErrors.MAX_HEADER_BYTES));
              config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              config.jetty.modifyServletContextHandler(
                  context -> context.setErrorHandler(new JsonErrorHandler()));
              if (ApiServer.class.getResource("/ui/index.html") != null) {
                config.staticFiles.add(
                    s -> {
                      s.hostedPath = "/";
                      s.directory = "/ui";
                      s.location = Location.CLASSPATH;
                    });
              }
            });
    app.before(this::methodAsSent);
    app.before("/api/v1/*", this::awaitOpen);
    app.before("/metrics", this::awaitOpen);
    app.before("/api/v1/*", authentication::authenticate);
    app.beforeMatched("/api/v1/*", routes::check);
    app.get("/healthz", ctx -> ctx.result("ok"));
    app.get(
        "/readyz",
        ctx -> {
          boolean ready = controller.isSynced() && users.isSynced();
          ctx.status(ready ? 200 : 503).result(ready ? "ok" : "caches not synced yet");
        });
    app.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    routes.registerOn(app);
    app.exception(NspoolException.class, (e, ctx) -> error(ctx, e));
    app.exception(HttpResponseException.class, this::routingError);
    app.exception(
        Exception.class,
        (e, ctx) -> {
          log.warn("{} {} failed: {}", ctx.method(), ctx.path(), e.toString());
          error(
              ctx,
              500,
              "internal",
              "the request failed on the server: "
                  + e.getClass().getSimpleName()
                  + "; see nspool's log");
        });
  }

  /**
   * Every endpoint of docs/api.md. Handlers are lambdas, not method references, so that the table
   * can be built without a server: OpenApiContractTest holds it against the OpenAPI document.
   */
  static List<Route> routes(
      String openApi,
      DeploymentsApi deployments,
      NamespacesApi namespaces,
      PoolsApi pools,
      UsersApi users) {
    String deployment = "/api/v1/deployments/{name}";
    return List.of(
        Route.get(OPENAPI, ctx -> ctx.contentType("application/json").result(openApi)),
        Route.get("/api/v1/whoami", ctx -> users.whoami(ctx)),
        Route.postJson("/api/v1/users", ctx -> users.create(ctx)),
        Route.get(
            "/api/v1/namespaces",
            ctx -> namespaces.list(ctx),
            Param.name("pool", Validation.MAX_LABEL),
            Param.bool("available")),
        Route.get("/api/v1/pools", ctx -> pools.list(ctx)),
        Route.get("/api/v1/pools/{pool}", ctx -> pools.get(ctx)),
        Route.postJson("/api/v1/pools/{pool}/namespaces", ctx -> pools.addNamespaces(ctx)),
        Route.delete(
            "/api/v1/pools/{pool}/namespaces/{namespace}", ctx -> pools.removeNamespace(ctx)),
        Route.get(
            "/api/v1/deployments",
            ctx -> deployments.list(ctx),
            Param.name("workspace", Validation.MAX_LABEL)),
        Route.postJson("/api/v1/deployments", ctx -> deployments.create(ctx)),
        Route.get(deployment, ctx -> deployments.get(ctx)),
        Route.patchJson(deployment, ctx -> deployments.update(ctx)),
        Route.delete(deployment, ctx -> deployments.delete(ctx), Param.bool("hard")),
        Route.post(deployment + "/restore", ctx -> deployments.restore(ctx)),
        Route.get(deployment + "/events", ctx -> deployments.events(ctx)),
        Route.get(
            deployment + "/logs",
            ctx -> deployments.logs(ctx),
            Param.name("component", Validation.MAX_LABEL),
            Param.integer("tail", LogTail.MIN, LogTail.MAX),
            Param.bool("follow")),
        Route.get(deployment + "/revisions", ctx -> deployments.revisions(ctx)));
  }

  /**
   * The method exactly as sent. Javalin upper-cases it ({@code get} would run GET) and honours
   * {@code X-HTTP-Method-Override} (a GET could run a DELETE); HTTP methods are case-sensitive (RFC
   * 9110, section 9.1) and nspool's clients never override one.
   */
  private void methodAsSent(Context ctx) {
    if (ctx.header("X-HTTP-Method-Override") != null) {
      throw new InvalidArgumentException(
          "X-HTTP-Method-Override: not supported; send the method itself");
    }
    String sent = ctx.req().getMethod();
    if (!sent.equals(ctx.method().name())) {
      throw notRouted(sent, ctx.path());
    }
  }

  /** Javalin's own refusals: no endpoint (404 or, when the path has other methods, 405), 413. */
  private void routingError(HttpResponseException e, Context ctx) {
    if (e instanceof EndpointNotFound) {
      error(ctx, notRouted(ctx.req().getMethod(), ctx.path()));
    } else if (e.getStatus() == 413) {
      error(ctx, Json.tooLarge(ctx.req().getContentLengthLong()));
    } else {
      error(ctx, e.getStatus(), HttpErrors.code(e.getStatus()), e.getMessage());
    }
  }

  private NspoolException notRouted(String method, String path) {
    MethodNotAllowedException notAllowed = routes.methodNotAllowed(method, path);
    if (notAllowed != null) {
      return notAllowed;
    }
    return new NotFoundException(
        "no such endpoint: " + method + " " + path + " (see " + OPENAPI + ")");
  }

  private static void error(Context ctx, NspoolException e) {
    if (e instanceof MethodNotAllowedException notAllowed) {
      ctx.header("Allow", String.join(", ", notAllowed.allowed()));
    }
    if (e.httpStatus() == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"nspool\"");
    }
    error(ctx, e.httpStatus(), e.code(), e.getMessage());
  }

  private static void error(Context ctx, int status, String code, String message) {
    ctx.status(status).json(ErrorBody.of(code, message));
  }

  public ApiServer start(String host, int port) {
    listen(host, port);
    open();
    return this;
  }

  /**
   * Listens without serving the API yet: requests to {@code /api/v1/} wait until {@link #open} (the
   * caches are synced); {@code /healthz} and {@code /readyz} answer at once.
   */
  public ApiServer listen(String host, int port) {
    app.start(host, port);
    log.info("nspool API listening on http://{}:{}", host, app.port());
    return this;
  }

  /** Serves the API: the caches its answers come from are synced. */
  public void open() {
    opened.countDown();
  }

  /** Holds a request that came before the caches were synced until they are. */
  private void awaitOpen(Context ctx) throws InterruptedException {
    if (!opened.await(OPEN_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      log.warn("{} {} waited {} for nspool's caches to sync", ctx.method(), ctx.path(), OPEN_WAIT);
    }
  }

  public int port() {
    return app.port();
  }

  Javalin app() {
    return app;
  }

  @Override
  public void close() {
    app.stop();
  }

  private static String resource(String path) {
    try (InputStream in = ApiServer.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
