package io.nspool.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nspool.error.NspoolException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document states exactly what the server enforces: the same operations, the same path
 * and query parameters with the same rules, a body exactly where one is taken, the same name
 * limits, and every error code the server can answer.
 */
@DisplayName("The OpenAPI document and the enforced rules")
class OpenApiContractTest {
  private static final JsonNode DOC = load();
  private static final List<Route> ROUTES = ApiServer.routes("", null, null, null, null);

  private static JsonNode load() {
    try (InputStream in = OpenApiContractTest.class.getResourceAsStream("/api/openapi.json")) {
      return Http.JSON.readTree(in);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode operation(Route route) {
    return DOC.path("paths")
        .path(route.path())
        .path(route.method().name().toLowerCase(Locale.ROOT));
  }

  @Test
  @DisplayName("every route is a documented operation and every documented API operation a route")
  void sameOperations() {
    TreeSet<String> routes = new TreeSet<>();
    ROUTES.forEach(r -> routes.add(r.method() + " " + r.path()));
    TreeSet<String> documented = new TreeSet<>();
    DOC.path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        m -> {
                          if (path.getKey().startsWith("/api/")) {
                            documented.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey());
                          }
                        }));

    assertThat(documented).isEqualTo(routes);
  }

  @Test
  @DisplayName("path and query parameters have the rules the server checks, and no others")
  void sameParameters() {
    for (Route route : ROUTES) {
      List<String> expected = new ArrayList<>();
      for (String name : Route.pathParams(route.path())) {
        expected.add(describe("path", Route.PATH_PARAMS.get(name)));
      }
      route.query().forEach(p -> expected.add(describe("query", p)));
      List<String> documented = new ArrayList<>();
      for (JsonNode p : operation(route).path("parameters")) {
        JsonNode schema = p.path("schema");
        documented.add(
            p.path("in").asText()
                + " "
                + p.path("name").asText()
                + " "
                + schema.path("type").asText()
                + " "
                + schema.path("pattern").asText("-")
                + " "
                + schema.path("maxLength").asText("-")
                + " "
                + schema.path("minimum").asText("-")
                + " "
                + schema.path("maximum").asText("-"));
      }
      assertThat(documented)
          .as(route.method() + " " + route.path())
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  private static String describe(String in, Param p) {
    return in
        + " "
        + p.name()
        + " "
        + switch (p.kind()) {
          case NAME -> "string " + Validation.DNS_LABEL_PATTERN + " " + p.max() + " - -";
          case BOOLEAN -> "boolean - - - -";
          case INTEGER -> "integer - - " + p.min() + " " + p.max();
        };
  }

  @Test
  @DisplayName("a request body is documented exactly where the server takes one, with 413 and 415")
  void bodies() {
    for (Route route : ROUTES) {
      JsonNode op = operation(route);
      assertThat(op.has("requestBody")).as(route.path()).isEqualTo(route.jsonBody());
      if (route.jsonBody()) {
        assertThat(op.path("responses").has("413")).as(route.path()).isTrue();
        assertThat(op.path("responses").has("415")).as(route.path()).isTrue();
      }
      if (!route.path().equals(ApiServer.OPENAPI)) {
        assertThat(op.path("responses").has("400")).as(route.path()).isTrue();
        assertThat(op.path("responses").has("401")).as(route.path()).isTrue();
      }
    }
  }

  @Test
  @DisplayName("names in bodies have the pattern and length limits Validation enforces")
  void nameLimits() {
    JsonNode schemas = DOC.path("components").path("schemas");
    Map<String, Integer> limits =
        Map.of(
            "CreateDeployment/name", Validation.MAX_DEPLOYMENT_NAME,
            "CreateDeployment/workspace", Validation.MAX_LABEL,
            "CreateDeployment/pool", Validation.MAX_LABEL,
            "CreateDeployment/namespace", Validation.MAX_LABEL,
            "CreateUser/name", Validation.MAX_LABEL);
    limits.forEach(
        (field, max) -> {
          String[] at = field.split("/");
          JsonNode schema = schemas.path(at[0]).path("properties").path(at[1]);
          assertThat(schema.path("maxLength").asInt()).as(field).isEqualTo(max);
          assertThat(schema.path("pattern").asText())
              .as(field)
              .isEqualTo(Validation.DNS_LABEL_PATTERN);
        });
    for (String array : List.of("CreateUser/workspaces", "AddNamespaces/namespaces")) {
      String[] at = array.split("/");
      JsonNode items = schemas.path(at[0]).path("properties").path(at[1]).path("items");
      assertThat(items.path("maxLength").asInt()).as(array).isEqualTo(Validation.MAX_LABEL);
      assertThat(items.path("pattern").asText()).as(array).isEqualTo(Validation.DNS_LABEL_PATTERN);
    }
    for (String body :
        List.of("CreateDeployment", "UpdateDeployment", "CreateUser", "AddNamespaces")) {
      assertThat(schemas.path(body).path("additionalProperties").asBoolean(true))
          .as(body)
          .isFalse();
    }
  }

  @Test
  @DisplayName("the error code enum lists every code the server answers")
  void errorCodes() {
    TreeSet<String> documented = new TreeSet<>();
    DOC.path("components")
        .path("schemas")
        .path("Error")
        .path("properties")
        .path("error")
        .path("properties")
        .path("code")
        .path("enum")
        .forEach(c -> documented.add(c.asText()));
    TreeSet<String> answered = new TreeSet<>();
    for (int status : new int[] {400, 401, 403, 404, 405, 413, 414, 415, 431, 500}) {
      answered.add(HttpErrors.code(status));
    }
    answered.addAll(exceptionCodes());

    assertThat(documented).isEqualTo(answered);
  }

  /** The code of every exception in io.nspool.error: one class per user-facing code. */
  private static List<String> exceptionCodes() {
    List<String> codes = new ArrayList<>();
    try (Stream<Path> classes =
        Files.list(Path.of(NspoolException.class.getResource(".").toURI()))) {
      for (Path file : classes.toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith("Exception.class") || name.contains("$")) {
          continue;
        }
        Class<?> type =
            Class.forName(
                NspoolException.class.getPackageName() + "." + name.replace(".class", ""));
        if (type == NspoolException.class || !NspoolException.class.isAssignableFrom(type)) {
          continue;
        }
        Object e =
            type.getConstructors()[0].getParameterCount() == 1
                ? type.getConstructor(String.class).newInstance("")
                : type.getConstructor(String.class, List.class).newInstance("", List.of());
        codes.add(((NspoolException) e).code());
      }
    } catch (IOException | URISyntaxException | ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    assertThat(codes).hasSizeGreaterThan(8);
    return codes;
  }
}
