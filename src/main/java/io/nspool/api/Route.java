package io.nspool.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One endpoint of docs/api.md: its method and path, the query parameters it accepts (any other is
 * refused), and whether it takes a JSON body (any other endpoint refuses a body). Path parameters
 * take their rule from {@link #PATH_PARAMS} by name, so a name means the same thing on every path.
 */
record Route(
    HandlerType method, String path, Handler handler, List<Param> query, boolean jsonBody) {

  /** Every path parameter of the API and its rule; a route with another one cannot be built. */
  static final Map<String, Param> PATH_PARAMS =
      Map.of(
          "pool", Param.name("pool", Validation.MAX_LABEL),
          "namespace", Param.name("namespace", Validation.MAX_LABEL),
          "name", Param.name("name", Validation.MAX_DEPLOYMENT_NAME));

  private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

  Route {
    query = List.copyOf(query);
    for (String name : pathParams(path)) {
      if (!PATH_PARAMS.containsKey(name)) {
        throw new IllegalArgumentException(
            path + ": path parameter {" + name + "} has no rule in Route.PATH_PARAMS");
      }
    }
  }

  static Route get(String path, Handler handler, Param... query) {
    return new Route(HandlerType.GET, path, handler, Arrays.asList(query), false);
  }

  static Route delete(String path, Handler handler, Param... query) {
    return new Route(HandlerType.DELETE, path, handler, Arrays.asList(query), false);
  }

  /** A POST without a body, e.g. an action on a resource. */
  static Route post(String path, Handler handler) {
    return new Route(HandlerType.POST, path, handler, List.of(), false);
  }

  static Route postJson(String path, Handler handler) {
    return new Route(HandlerType.POST, path, handler, List.of(), true);
  }

  static Route patchJson(String path, Handler handler) {
    return new Route(HandlerType.PATCH, path, handler, List.of(), true);
  }

  /** The names of the {@code {param}} segments, in order. */
  static List<String> pathParams(String path) {
    List<String> names = new ArrayList<>();
    Matcher m = PATH_PARAM.matcher(path);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The rules of this route's query parameters, by name. */
  Map<String, Param> queryByName() {
    Map<String, Param> byName = new LinkedHashMap<>();
    query.forEach(p -> byName.put(p.name(), p));
    return byName;
  }

  /**
   * Whether a raw request path has this route's shape, as Javalin matches it: {@code {param}} is
   * one non-empty segment, a trailing slash is ignored.
   */
  boolean matchesPath(String requestPath) {
    String[] want = path.split("/", -1);
    String trimmed = requestPath.length() > 1 ? requestPath.replaceAll("/+$", "") : requestPath;
    String[] got = trimmed.split("/", -1);
    if (want.length != got.length) {
      return false;
    }
    for (int i = 0; i < want.length; i++) {
      boolean param = want[i].startsWith("{");
      if (param ? got[i].isEmpty() : !want[i].equals(got[i])) {
        return false;
      }
    }
    return true;
  }
}
