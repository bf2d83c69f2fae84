package io.nspool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
