package io.nspool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.HandlerType;
import io.nspool.error.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The pieces of the request rules that need no server (ApiAbuseIT proves them end to end). */
@DisplayName("Request rules")
class RequestRulesTest {

  @Test
  @DisplayName("the query string is decoded strictly: '+' is a space, a bad escape is refused")
  void queryString() {
    assertThat(QueryString.parse("a=1&b=x+y&a=2&&c"))
        .isEqualTo(Map.of("a", List.of("1", "2"), "b", List.of("x y"), "c", List.of("")));
    assertThat(QueryString.decode("a%2Fb%C3%AF")).isEqualTo("a/bï");
    for (String bad : List.of("%zz", "%2", "%", "%ff", "%C3")) {
      assertThatThrownBy(() -> QueryString.decode(bad))
          .as(bad)
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining(bad);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"yes", "TRUE", "1", " true", ""})
  @DisplayName("a boolean is true or false exactly")
  void booleans(String value) {
    assertThatThrownBy(() -> Param.bool("hard").parse("query", value))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("query parameter hard: ");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-1", "0", "10001", "abc", "1.5", "99999999999", "+5"})
  @DisplayName("a whole number is within its range")
  void integers(String value) {
    assertThatThrownBy(() -> Param.integer("tail", 1, 10000).parse("query", value))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("from 1 to 10000");
  }

  @Test
  @DisplayName("valid values come back typed")
  void typed() {
    assertThat(Param.bool("hard").parse("query", "false")).isEqualTo(false);
    assertThat(Param.integer("tail", 1, 10000).parse("query", "10000")).isEqualTo(10000);
    assertThat(Param.name("pool", 63).parse("path", "team-a")).isEqualTo("team-a");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json|",
        "Application/JSON; charset=UTF-8|",
        "application/json;charset=\"utf-8\"|",
        "application/json;|",
        "text/plain|is not application/json",
        "application/json; charset=latin1|latin1",
        "application/json; boundary=x|only charset",
        "application/merge-patch+json|is not application/json"
      })
  @DisplayName("a body is application/json, with charset=utf-8 as the only parameter")
  void mediaTypes(String contentType, String refusal) {
    String got = Json.mediaTypeRefusal(contentType);
    if (refusal == null) {
      assertThat(got).isNull();
    } else {
      assertThat(got).contains(refusal);
    }
  }

  @Test
  @DisplayName("a route matches paths as Javalin does: one segment per parameter, trailing slash")
  void matching() {
    Route route = Route.get("/api/v1/pools/{pool}", ctx -> {});

    assertThat(route.matchesPath("/api/v1/pools/default")).isTrue();
    assertThat(route.matchesPath("/api/v1/pools/default/")).isTrue();
    assertThat(route.matchesPath("/api/v1/pools/..%2Fdefault")).isTrue(); // then refused by name
    assertThat(route.matchesPath("/api/v1/pools/")).isFalse();
    assertThat(route.matchesPath("/api/v1/pools/a/b")).isFalse();
    assertThat(route.method()).isEqualTo(HandlerType.GET);
  }

  @Test
  @DisplayName("a path parameter without a rule cannot be routed")
  void everyPathParameterHasARule() {
    assertThatThrownBy(() -> Route.get("/api/v1/things/{thing}", ctx -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{thing}");
  }

  @Test
  @DisplayName("a quoted value is one line and bounded")
  void quote() {
    assertThat(Validation.quote("a\"b\n")).isEqualTo("\"a\\\"b\\u000a\"");
    assertThat(Validation.quote("x".repeat(200))).endsWith("\"… (200 characters)").hasSize(100);
  }
}
