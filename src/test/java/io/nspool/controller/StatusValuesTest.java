package io.nspool.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.nspool.deploy.DeploymentStatus;
import io.nspool.pool.PoolNamespace;
import io.nspool.pool.PoolStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Status values")
class StatusValuesTest {

  private static Condition condition(String type, String status, String since) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason("R")
        .withMessage("m")
        .withLastTransitionTime(since)
        .build();
  }

  private static PoolStatus pool(String state, List<Condition> conditions) {
    PoolStatus s = new PoolStatus();
    s.setTotal(1);
    s.setFree("free".equals(state) ? 1 : 0);
    s.setNamespaces(
        new ArrayList<>(List.of(new PoolNamespace("tenant-1", state, null, null, null, null))));
    s.setConditions(new ArrayList<>(conditions));
    return s;
  }

  @Test
  @DisplayName("two statuses built the same way are the same; conditions in another order too")
  void sameValue() {
    Condition a = condition("SpecValid", "True", "2026-01-01T00:00:00Z");
    Condition b = condition("Ready", "True", "2026-01-01T00:00:00Z");
    assertThat(StatusValues.same(pool("free", List.of(a, b)), pool("free", List.of(b, a))))
        .isTrue();
  }

  @Test
  @DisplayName("any field that differs makes a write, including one nobody listed by hand")
  void anyFieldCounts() {
    Condition a = condition("SpecValid", "True", "2026-01-01T00:00:00Z");
    assertThat(StatusValues.same(pool("free", List.of(a)), pool("claimed", List.of(a)))).isFalse();
    assertThat(
            StatusValues.same(
                pool("free", List.of(a)),
                pool("free", List.of(condition("SpecValid", "True", "2026-01-02T00:00:00Z")))))
        .as("a condition's lastTransitionTime is part of the value")
        .isFalse();
    PoolStatus observed = pool("free", List.of(a));
    observed.setObservedGeneration(7L);
    assertThat(StatusValues.same(pool("free", List.of(a)), observed)).isFalse();
  }

  @Test
  @DisplayName("a status read back from JSON equals the status that was written")
  void roundTrip() throws Exception {
    DeploymentStatus written = new DeploymentStatus();
    written.setPhase("Ready");
    written.setNamespace("tenant-1");
    written.setConditions(
        new ArrayList<>(List.of(condition("NamespaceClaimed", "True", "2026-01-01T00:00:00Z"))));
    io.fabric8.kubernetes.client.utils.KubernetesSerialization json =
        new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
    DeploymentStatus read = json.unmarshal(json.asJson(written), DeploymentStatus.class);
    assertThat(StatusValues.same(read, written)).isTrue();
    assertThat(StatusValues.same(null, written)).as("no status yet: write it").isFalse();
  }
}
