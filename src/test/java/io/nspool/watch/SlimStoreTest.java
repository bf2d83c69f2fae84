package io.nspool.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The slim informer store")
class SlimStoreTest {

  @Test
  @DisplayName("keeps an object without its managedFields, everything else as it was")
  void dropsManagedFields() {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("pull")
            .withNamespace("tenant-1")
            .withResourceVersion("7")
            .withLabels(Map.of("nspool.io/pull-secret", "true"))
            .withManagedFields(
                new ManagedFieldsEntryBuilder()
                    .withManager("kubectl")
                    .withOperation("Apply")
                    .build())
            .endMetadata()
            .withType("kubernetes.io/dockerconfigjson")
            .withData(Map.of(".dockerconfigjson", "e30="))
            .build();
    SlimStore<Secret> store = new SlimStore<>();

    store.put(store.getKey(secret), secret);

    Secret cached = store.get("tenant-1/pull");
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(cached.getMetadata().getLabels()).containsEntry("nspool.io/pull-secret", "true");
    assertThat(cached.getData()).containsEntry(".dockerconfigjson", "e30=");
    assertThat(store.size()).isEqualTo(1);
  }
}
