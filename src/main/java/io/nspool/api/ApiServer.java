package io.nspool.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.nspool.api.model.ErrorBody;
import io.nspool.auth.UserStore;
import io.nspool.controller.Controller;
import io.nspool.error.NspoolException;
import io.nspool.error.UnauthenticatedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API of docs/api.md, the web UI (static files) and the operational endpoints. Reads come
 * from the controller's informer caches; writes go to the custom resources.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  static final String OPENAPI = "/api/v1/openapi.json";

  private final Javalin app;

  public ApiServer(Controller controller, UserStore users) {
    DeploymentsApi deployments = new DeploymentsApi(controller);
    NamespacesApi namespaces = new NamespacesApi(controller);
    PoolsApi pools = new PoolsApi(controller);
    UsersApi usersApi = new UsersApi(users);
    Metrics metrics = new Metrics(controller);
    String openApi = resource("api/openapi.json");
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.maxRequestSize = Json.MAX_BODY_BYTES;
              config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
              if (ApiServer.class.getResource("/ui/index.html") != null) {
                config.staticFiles.add(
                    s -> {
                      s.hostedPath = "/";
                      s.directory = "/ui";
                      s.location = Location.CLASSPATH;
                    });
              }
            });
    app.before("/api/v1/*", ctx -> authenticate(ctx, users));
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
    app.get(OPENAPI, ctx -> ctx.contentType("application/json").result(openApi));
    app.get("/api/v1/whoami", usersApi::whoami);
    app.post("/api/v1/users", usersApi::create);
    app.get("/api/v1/namespaces", namespaces::list);
    app.get("/api/v1/pools", pools::list);
    app.get("/api/v1/pools/{pool}", pools::get);
    app.post("/api/v1/pools/{pool}/namespaces", pools::addNamespaces);
    app.delete("/api/v1/pools/{pool}/namespaces/{namespace}", pools::removeNamespace);
    app.get("/api/v1/deployments", deployments::list);
    app.post("/api/v1/deployments", deployments::create);
    app.get("/api/v1/deployments/{name}", deployments::get);
    app.patch("/api/v1/deployments/{name}", deployments::update);
    app.delete("/api/v1/deployments/{name}", deployments::delete);
    app.post("/api/v1/deployments/{name}/restore", deployments::restore);
    app.get("/api/v1/deployments/{name}/events", deployments::events);
    app.get("/api/v1/deployments/{name}/logs", deployments::logs);
    app.get("/api/v1/deployments/{name}/revisions", deployments::revisions);
    app.exception(
        NspoolException.class, (e, ctx) -> error(ctx, e.httpStatus(), e.code(), e.getMessage()));
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
    app.error(
        404,
        ctx -> {
          if (ctx.path().startsWith("/api/")
              && !ctx.res().getContentType().startsWith("application/json")) {
            error(
                ctx,
                404,
                "not_found",
                "no such endpoint: " + ctx.method() + " " + ctx.path() + " (see " + OPENAPI + ")");
          }
        });
    app.error(
        405,
        ctx ->
            error(
                ctx,
                405,
                "invalid_argument",
                "method " + ctx.method() + " is not allowed on " + ctx.path()));
    app.error(
        413,
        ctx ->
            error(
                ctx,
                400,
                "invalid_argument",
                "request body: exceeds the limit of " + Json.MAX_BODY_BYTES + " bytes"));
  }

  private static void authenticate(Context ctx, UserStore users) {
    if (ctx.path().equals(OPENAPI)) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      throw new UnauthenticatedException(
          "missing bearer token: send Authorization: Bearer <token> (nspool user add prints one)");
    }
    ctx.attribute(
        Requests.PRINCIPAL,
        users
            .authenticate(header.substring("Bearer ".length()).trim())
            .orElseThrow(() -> new UnauthenticatedException("unknown or revoked token")));
  }

  private static void error(Context ctx, int status, String code, String message) {
    ctx.status(status).json(ErrorBody.of(code, message));
  }

  public ApiServer start(String host, int port) {
    app.start(host, port);
    log.info("nspool API listening on http://{}:{}", host, app.port());
    return this;
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
