package io.nspool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Pool membership")
class PoolMembershipTest {

  @Test
  @DisplayName("the oldest pool listing a namespace owns it; a younger one is told, and owns none")
  void oldestPoolOwns() {
    NamespacePool first = pool("first", "2026-01-01T00:00:00Z", "a", "b");
    NamespacePool second = pool("second", "2026-02-01T00:00:00Z", "b", "c");

    PoolMembership membership = PoolMembership.of(List.of(second, first));

    assertThat(membership.owner("b")).isEqualTo("first");
    assertThat(membership.members(first).names()).containsExactly("a", "b");
    assertThat(membership.members(second).names()).containsExactly("c");
    assertThat(membership.members(second).problems())
        .containsExactly("spec.namespaces: \"b\" already belongs to pool \"first\"");
  }

  @Test
  @DisplayName("created at the same instant, the pool whose name sorts first owns the namespace")
  void tieBrokenByName() {
    NamespacePool x = pool("x", "2026-01-01T00:00:00Z", "a");
    NamespacePool y = pool("y", "2026-01-01T00:00:00Z", "a");

    assertThat(PoolMembership.of(List.of(y, x)).owner("a")).isEqualTo("x");
  }

  @Test
  @DisplayName("an invalid or repeated name is a problem and owned by nobody")
  void invalidNames() {
    NamespacePool p = pool("p", "2026-01-01T00:00:00Z", "Bad_Name", "a", "a");

    PoolMembership membership = PoolMembership.of(List.of(p));

    assertThat(membership.owner("Bad_Name")).isNull();
    assertThat(membership.members(p).names()).containsExactly("a");
    assertThat(membership.members(p).problems())
        .containsExactly(
            "spec.namespaces: \"Bad_Name\" is not a DNS-1123 label (lowercase letters, digits,"
                + " '-', at most 63)",
            "spec.namespaces: \"a\" is listed more than once");
  }

  private static NamespacePool dynamic(String name, String created, Map<String, String> labels) {
    NamespacePool pool = pool(name, created);
    pool.getSpec().setNamespaceSelector(NamespaceSelector.matchLabels(labels));
    return pool;
  }

  private static LabelledNamespaces seen(Map<String, Map<String, String>> labels) {
    return new LabelledNamespaces(
        labels, Set.of(), Map.of(), Set.of("nspool-system", "kube-system"));
  }

  @Test
  @DisplayName(
      "a dynamic pool owns the namespaces whose labels match, by name, not those of an older pool"
          + " or the cluster's own")
  void selectedByLabel() {
    NamespacePool listed = pool("listed", "2026-01-01T00:00:00Z", "b");
    NamespacePool byLabel = dynamic("bylabel", "2026-02-01T00:00:00Z", Map.of("pool", "x"));
    LabelledNamespaces seen =
        seen(
            Map.of(
                "c", Map.of("pool", "x"),
                "a", Map.of("pool", "x", "other", "1"),
                "b", Map.of("pool", "x"),
                "d", Map.of("pool", "y"),
                "kube-system", Map.of("pool", "x")));

    PoolMembership membership = PoolMembership.of(List.of(byLabel, listed), seen);

    assertThat(membership.members(byLabel).names()).containsExactly("a", "c");
    assertThat(membership.members(byLabel).settled()).isTrue();
    assertThat(membership.owner("a")).isEqualTo("bylabel");
    assertThat(membership.owner("b")).isEqualTo("listed");
    assertThat(membership.owner("d")).isNull();
    assertThat(membership.owner("kube-system")).isNull();
    assertThat(membership.members(byLabel).problems())
        .containsExactly(
            "spec.namespaceSelector: \"b\" matches but already belongs to pool \"listed\"",
            "spec.namespaceSelector: \"kube-system\" matches but is the control namespace or one of"
                + " the cluster's own; it never joins a pool");
  }

  @Test
  @DisplayName(
      "an unlabelled namespace is no member any more (it drains, as a name removed from a list)")
  void unlabelledLeaves() {
    NamespacePool byLabel = dynamic("p", "2026-02-01T00:00:00Z", Map.of("pool", "x"));

    PoolMembership before =
        PoolMembership.of(List.of(byLabel), seen(Map.of("a", Map.of("pool", "x"))));
    PoolMembership after = PoolMembership.of(List.of(byLabel), seen(Map.of()));

    assertThat(before.members(byLabel).names()).containsExactly("a");
    assertThat(after.members(byLabel).names()).isEmpty();
    assertThat(after.members(byLabel).settled()).isTrue();
  }

  @Test
  @DisplayName(
      "before the namespace watch has listed, or when it is forbidden, a dynamic pool is"
          + " unsettled: nothing drains on a restart")
  void unsettledUntilListed() {
    NamespacePool byLabel = dynamic("p", "2026-02-01T00:00:00Z", Map.of("pool", "x"));

    assertThat(PoolMembership.of(List.of(byLabel)).members(byLabel).settled()).isFalse();
    var waiting = new LabelledNamespaces(Map.of(), Set.of("pool=x"), Map.of(), Set.of());
    assertThat(PoolMembership.of(List.of(byLabel), waiting).members(byLabel).settled()).isFalse();
    var forbidden =
        new LabelledNamespaces(
            Map.of(),
            Set.of(),
            Map.of("pool=x", "list and watch on namespaces is forbidden"),
            Set.of());
    PoolMembership.Members members =
        PoolMembership.of(List.of(byLabel), forbidden).members(byLabel);
    assertThat(members.settled()).isFalse();
    assertThat(members.problems())
        .singleElement()
        .asString()
        .contains("cannot watch namespaces labelled pool=x", "forbidden", "ClusterRole");
  }

  @Test
  @DisplayName(
      "both a list and a selector, or an unusable selector: told, owns nothing, changes nothing")
  void badDynamicSpec() {
    NamespacePool both = dynamic("both", "2026-02-01T00:00:00Z", Map.of("pool", "x"));
    both.getSpec().setNamespaces(new ArrayList<>(List.of("a")));
    NamespacePool empty = pool("empty", "2026-02-01T00:00:00Z");
    empty.getSpec().setNamespaceSelector(new NamespaceSelector());
    LabelledNamespaces seen = seen(Map.of("a", Map.of("pool", "x")));

    PoolMembership membership = PoolMembership.of(List.of(both, empty), seen);

    assertThat(membership.owner("a")).isNull();
    assertThat(membership.members(both).settled()).isFalse();
    assertThat(membership.members(both).names()).isEmpty();
    assertThat(membership.members(both).problems())
        .singleElement()
        .asString()
        .contains("set either spec.namespaces", "or spec.namespaceSelector", "not both");
    assertThat(membership.members(empty).settled()).isFalse();
    assertThat(membership.members(empty).problems())
        .singleElement()
        .asString()
        .contains("at least one label");
  }

  private static NamespacePool pool(String name, String created, String... namespaces) {
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName(name);
    pool.getMetadata().setCreationTimestamp(created);
    PoolSpec spec = new PoolSpec();
    spec.setNamespaces(new ArrayList<>(List.of(namespaces)));
    pool.setSpec(spec);
    return pool;
  }
}
