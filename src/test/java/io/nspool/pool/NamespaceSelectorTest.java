package io.nspool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.nspool.pool.NamespaceSelector.Operator;
import io.nspool.pool.NamespaceSelector.Requirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A namespace selector")
class NamespaceSelectorTest {

  private static NamespaceSelector of(Map<String, String> labels, Requirement... expressions) {
    NamespaceSelector selector = NamespaceSelector.matchLabels(labels);
    selector.setMatchExpressions(List.of(expressions));
    return selector;
  }

  @Test
  @DisplayName("matches as Kubernetes does: every matchLabels entry and every expression")
  void matches() {
    NamespaceSelector s =
        of(
            Map.of("pool", "a"),
            new Requirement("env", Operator.In, List.of("dev", "test")),
            new Requirement("tier", Operator.NotIn, List.of("prod")),
            new Requirement("ok", Operator.Exists, List.of()),
            new Requirement("frozen", Operator.DoesNotExist, List.of()));

    assertThat(s.matches(Map.of("pool", "a", "env", "dev", "ok", ""))).isTrue();
    assertThat(s.matches(Map.of("pool", "a", "env", "dev", "ok", "", "tier", "web"))).isTrue();
    assertThat(s.matches(Map.of("pool", "b", "env", "dev", "ok", ""))).as("matchLabels").isFalse();
    assertThat(s.matches(Map.of("pool", "a", "env", "prod", "ok", ""))).as("In").isFalse();
    assertThat(s.matches(Map.of("pool", "a", "ok", ""))).as("In, key missing").isFalse();
    assertThat(s.matches(Map.of("pool", "a", "env", "dev", "ok", "", "tier", "prod")))
        .as("NotIn")
        .isFalse();
    assertThat(s.matches(Map.of("pool", "a", "env", "dev"))).as("Exists").isFalse();
    assertThat(s.matches(Map.of("pool", "a", "env", "dev", "ok", "", "frozen", "x")))
        .as("DoesNotExist")
        .isFalse();
    assertThat(s.matches(null)).isFalse();
  }

  @Test
  @DisplayName("is shown in kubectl's -l syntax, which also keys its watch")
  void text() {
    assertThat(
            of(
                    Map.of("b", "2", "a", "1"),
                    new Requirement("env", Operator.In, List.of("dev", "test")),
                    new Requirement("x", Operator.DoesNotExist, List.of()))
                .toString())
        .isEqualTo("a=1,b=2,env in (dev,test),!x");
  }

  @Test
  @DisplayName(
      "refuses, naming field, value and rule: empty, bad key, bad value, values vs operator")
  void problems() {
    assertThat(new NamespaceSelector().problems())
        .singleElement()
        .asString()
        .contains("spec.namespaceSelector", "at least one label", "every namespace");
    assertThat(NamespaceSelector.matchLabels(Map.of("Bad Key", "v")).problems())
        .singleElement()
        .asString()
        .contains("spec.namespaceSelector.matchLabels", "\"Bad Key\"", "not a label key");
    assertThat(NamespaceSelector.matchLabels(Map.of("k", "-no-")).problems())
        .singleElement()
        .asString()
        .contains("value \"-no-\" of k", "not a label value");
    assertThat(of(Map.of(), new Requirement("k", Operator.In, List.of())).problems())
        .singleElement()
        .asString()
        .contains("matchExpressions", "k In needs at least one value");
    assertThat(of(Map.of(), new Requirement("k", Operator.Exists, List.of("v"))).problems())
        .singleElement()
        .asString()
        .contains("k Exists takes no values");
    assertThat(of(Map.of(), new Requirement("k", null, List.of())).problems())
        .singleElement()
        .asString()
        .contains("has no operator");
    assertThat(
            of(Map.of("nspool.io/pool", "a"), new Requirement("k", Operator.In, List.of("x")))
                .problems())
        .isEmpty();
  }

  @Test
  @DisplayName("as CEL over namespaceObject, one term per label and expression")
  void cel() {
    assertThat(
            of(Map.of("pool", "a"), new Requirement("x", Operator.DoesNotExist, List.of())).toCel())
        .isEqualTo(
            "(has(namespaceObject.metadata.labels) && 'pool' in namespaceObject.metadata.labels"
                + " && namespaceObject.metadata.labels['pool'] == 'a') &&"
                + " (!has(namespaceObject.metadata.labels) || !('x' in"
                + " namespaceObject.metadata.labels))");
  }

  @Test
  @DisplayName("as fabric8's LabelSelector, for the watch")
  void labelSelector() {
    var s = of(Map.of("pool", "a"), new Requirement("env", Operator.In, List.of("dev")));
    var selector = s.toLabelSelector();
    assertThat(selector.getMatchLabels()).containsExactly(Map.entry("pool", "a"));
    assertThat(selector.getMatchExpressions())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getKey()).isEqualTo("env");
              assertThat(r.getOperator()).isEqualTo("In");
              assertThat(r.getValues()).containsExactly("dev");
            });
  }
}
