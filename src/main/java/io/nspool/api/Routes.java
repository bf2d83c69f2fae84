package io.nspool.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.nspool.error.InvalidArgumentException;
import io.nspool.error.MethodNotAllowedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The API's endpoints and what every request must satisfy before a handler runs: path parameters
 * valid (so a {@code ..%2Fdefault} never reaches the Kubernetes client), only the query parameters
 * the endpoint documents, each once and of its type, and a JSON body exactly where one is expected.
 * Handlers read the typed query values with {@link #query}.
 */
final class Routes {
  private static final String QUERY = "nspool.query";

  private final List<Route> routes;

  Routes(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  void registerOn(Javalin app) {
    for (Route route : routes) {
      app.addHttpHandler(route.method(), route.path(), route.handler());
      if (route.method() == HandlerType.GET) {
        // HEAD runs GET's handler and its checks, and Jetty sends no body: GET's status exactly.
        // Javalin's own HEAD would answer 200 without running either.
        app.addHttpHandler(HandlerType.HEAD, route.path(), route.handler());
      }
    }
  }

  /** A {@code beforeMatched} handler: runs once Javalin has matched the endpoint. */
  void check(Context ctx) {
    HandlerType method = ctx.method() == HandlerType.HEAD ? HandlerType.GET : ctx.method();
    Route route = find(method, ctx.endpointHandlerPath());
    if (route == null) {
      throw new IllegalStateException(
          ctx.method() + " " + ctx.endpointHandlerPath() + " is not registered through Routes");
    }
    ctx.pathParamMap().forEach((name, value) -> Route.PATH_PARAMS.get(name).parse("path", value));
    Map<String, Param> rules = route.queryByName();
    Map<String, Object> values = new LinkedHashMap<>();
    QueryString.parse(ctx.queryString())
        .forEach(
            (name, given) -> {
              Param rule = rules.get(name);
              if (rule == null) {
                throw new InvalidArgumentException(
                    "query parameter "
                        + Validation.quote(name)
                        + ": unknown; "
                        + route.method()
                        + " "
                        + route.path()
                        + (rules.isEmpty()
                            ? " takes none"
                            : " takes " + String.join(", ", rules.keySet())));
              }
              if (given.size() > 1) {
                throw new InvalidArgumentException(
                    "query parameter " + name + ": given " + given.size() + " times; give it once");
              }
              values.put(name, rule.parse("query", given.get(0)));
            });
    ctx.attribute(QUERY, values);
    if (route.jsonBody()) {
      Json.expectBody(ctx);
    } else {
      Json.refuseBody(ctx);
    }
  }

  /**
   * A query parameter's value as its {@link Param} parsed it ({@code String}, {@code Boolean} or
   * {@code Integer}), or {@code fallback} when the request does not give it.
   */
  static <T> T query(Context ctx, String name, T fallback) {
    Map<String, Object> values = ctx.attribute(QUERY);
    if (values == null) {
      throw new IllegalStateException("query parameters of " + ctx.path() + " were not checked");
    }
    @SuppressWarnings("unchecked")
    T value = (T) values.get(name);
    return value == null ? fallback : value;
  }

  /**
   * The 405 for a path that exists with other methods, or null when no route has this path (a 404).
   */
  MethodNotAllowedException methodNotAllowed(String method, String path) {
    TreeSet<String> allowed = new TreeSet<>();
    for (Route route : routes) {
      if (route.matchesPath(path)) {
        allowed.add(route.method().name());
        if (route.method() == HandlerType.GET) {
          allowed.add("HEAD");
        }
      }
    }
    if (allowed.isEmpty()) {
      return null;
    }
    return new MethodNotAllowedException(
        "method "
            + method
            + " is not allowed on "
            + path
            + "; allowed: "
            + String.join(", ", allowed),
        new ArrayList<>(allowed));
  }

  private Route find(HandlerType method, String path) {
    for (Route route : routes) {
      if (route.method() == method && route.path().equals(path)) {
        return route;
      }
    }
    return null;
  }
}
