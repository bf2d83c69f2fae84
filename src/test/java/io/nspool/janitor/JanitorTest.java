package io.nspool.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The janitor")
class JanitorTest {

  @Test
  @DisplayName("always keeps what Kubernetes recreates in every namespace")
  void alwaysKeptObjects() {
    assertThat(Janitor.ALWAYS_KEPT)
        .containsExactlyInAnyOrder(
            ObjectKey.of("", "serviceaccounts", "default"),
            ObjectKey.of("", "configmaps", "kube-root-ca.crt"));
  }

  @Test
  @DisplayName("names objects as kubectl does: resource.group/name, core types without a group")
  void objectKeyNames() {
    assertThat(ObjectKey.of("", "configmaps", "settings")).hasToString("configmaps/settings");
    assertThat(ObjectKey.of("example.com", "widgets", "w1")).hasToString("widgets.example.com/w1");
  }
}
