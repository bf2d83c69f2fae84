package io.nspool.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.nspool.api.model.PoolView;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.NamespaceSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A pool as the API shows it")
class PoolViewTest {
  private static NamespacePool pool() {
    NamespacePool pool = new NamespacePool();
    pool.setMetadata(new ObjectMetaBuilder().withName("p").withNamespace("ctl").build());
    return pool;
  }

  @Test
  @DisplayName("a dynamic pool shows its selector in kubectl's text form and no names")
  void dynamic() {
    NamespacePool pool = pool();
    pool.getSpec().setNamespaces(null);
    pool.getSpec()
        .setNamespaceSelector(
            NamespaceSelector.matchLabels(Map.of("nspool.io/pool", "a", "tier", "gold")));

    PoolView view = Views.pool(pool);

    assertThat(view.namespaceSelector()).isEqualTo("nspool.io/pool=a,tier=gold");
    assertThat(view.namespaces()).isEmpty();
  }

  @Test
  @DisplayName("a pool listing its namespaces shows them and no selector")
  void listed() {
    NamespacePool pool = pool();
    pool.getSpec().setNamespaces(new ArrayList<>(List.of("a", "b")));

    PoolView view = Views.pool(pool);

    assertThat(view.namespaceSelector()).isNull();
    assertThat(view.namespaces()).containsExactly("a", "b");
  }
}
