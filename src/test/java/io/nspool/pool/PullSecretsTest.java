package io.nspool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A pull secret copy")
class PullSecretsTest {
  private static final Secret SOURCE =
      new SecretBuilder()
          .withNewMetadata()
          .withName("regcred")
          .withNamespace("nspool-system")
          .withLabels(Map.of("owner", "admin"))
          .withAnnotations(Map.of("note", "source"))
          .withResourceVersion("7")
          .endMetadata()
          .withType("kubernetes.io/dockerconfigjson")
          .withData(Map.of(".dockerconfigjson", "e30="))
          .build();

  @Test
  @DisplayName("has the source's name, type and data, nspool's labels and nothing else")
  void copiesContentOnly() {
    Secret copy = PullSecrets.copy(SOURCE, "tenant-1");

    assertThat(copy.getMetadata().getNamespace()).isEqualTo("tenant-1");
    assertThat(copy.getMetadata().getName()).isEqualTo("regcred");
    assertThat(copy.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
    assertThat(copy.getData()).isEqualTo(Map.of(".dockerconfigjson", "e30="));
    assertThat(copy.getMetadata().getLabels())
        .isEqualTo(Map.of("app.kubernetes.io/managed-by", "nspool", PullSecrets.LABEL, "true"));
    assertThat(copy.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(copy.getMetadata().getResourceVersion()).isNull();
  }

  @Test
  @DisplayName("differs once a tenant changes its data, type, labels, annotations or immutability")
  void detectsEdits() {
    Secret want = PullSecrets.copy(SOURCE, "tenant-1");
    assertThat(PullSecrets.same(want, PullSecrets.copy(SOURCE, "tenant-1"))).isTrue();

    Secret data = PullSecrets.copy(SOURCE, "tenant-1");
    data.setData(Map.of(".dockerconfigjson", "eyJ9"));
    Secret type = PullSecrets.copy(SOURCE, "tenant-1");
    type.setType("Opaque");
    Secret label = PullSecrets.copy(SOURCE, "tenant-1");
    label.getMetadata().setLabels(Map.of("app.kubernetes.io/managed-by", "nspool"));
    Secret annotated = PullSecrets.copy(SOURCE, "tenant-1");
    annotated.getMetadata().setAnnotations(Map.of("x", "y"));
    Secret immutable = PullSecrets.copy(SOURCE, "tenant-1");
    immutable.setImmutable(true);
    for (Secret edited : new Secret[] {data, type, label, annotated, immutable}) {
      assertThat(PullSecrets.same(want, edited)).isFalse();
    }
  }
}
