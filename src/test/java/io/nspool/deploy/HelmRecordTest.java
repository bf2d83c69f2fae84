package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Helm's release record")
class HelmRecordTest {
  @Test
  @DisplayName("keeps every field through decode and encode")
  void roundTrip() throws Exception {
    ObjectNode release =
        (ObjectNode)
            new ObjectMapper()
                .readTree(
                    "{\"name\":\"t\",\"version\":2,\"manifest\":\"kind: ConfigMap\\n\","
                        + "\"info\":{\"status\":\"pending-upgrade\",\"description\":\"x\"}}");

    ObjectNode back = HelmRecord.decode(HelmRecord.encode(release));

    assertThat(back).isEqualTo(release);
  }

  @Test
  @DisplayName("is the Secret sh.helm.release.v1.<release>.v<N>, its revision in label version")
  void naming() {
    assertThat(HelmRecord.secretName("demo", 12)).isEqualTo("sh.helm.release.v1.demo.v12");
    assertThat(
            HelmRecord.version(
                new SecretBuilder()
                    .withNewMetadata()
                    .addToLabels("version", "12")
                    .endMetadata()
                    .build()))
        .contains(12);
    assertThat(HelmRecord.version(new SecretBuilder().withNewMetadata().endMetadata().build()))
        .isEmpty();
  }
}
