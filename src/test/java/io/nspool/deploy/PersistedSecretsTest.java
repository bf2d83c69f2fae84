package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nspool.deploy.PersistedSecret.Generator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PersistedSecretsTest {
  @Test
  void aFernetKeyIsThirtyTwoRandomBytesInUrlSafeBase64() {
    PersistedSecret fernet =
        new PersistedSecret("k", "fernet-key", "fernetKeySecretName", Generator.fernet);
    String key = PersistedSecrets.generate(fernet);
    assertThat(Base64.getUrlDecoder().decode(key)).hasSize(32);
    assertThat(key).hasSize(44).isNotEqualTo(PersistedSecrets.generate(fernet));
  }

  @Test
  void alphanumericAndHexValuesHaveTheAskedLengthAndAlphabet() {
    PersistedSecret alnum = new PersistedSecret("s", "k", "v", Generator.alphanumeric);
    alnum.setLength(64);
    assertThat(PersistedSecrets.generate(alnum)).hasSize(64).matches("[A-Za-z0-9]+");
    PersistedSecret hex = new PersistedSecret("s", "k", "v", Generator.hex);
    assertThat(PersistedSecrets.generate(hex)).hasSize(32).matches("[0-9a-f]+");
  }

  @Test
  void theSecretsNamesAreWrittenAtTheirValuesKeysWithoutTouchingTheInput() {
    Map<String, Object> webserver = new LinkedHashMap<>(Map.of("replicas", 2));
    Map<String, Object> tenant = new LinkedHashMap<>();
    tenant.put("webserver", webserver);
    tenant.put("fernetKeySecretName", "theirs");
    tenant.put("jwt", "a string in the way");

    Map<String, Object> values =
        PersistedSecrets.pointValues(
            tenant,
            List.of(
                new PersistedSecret(
                    "d-fernet", "fernet-key", "fernetKeySecretName", Generator.fernet),
                new PersistedSecret("d-web", "k", "webserver.secretKeySecretName", Generator.hex),
                new PersistedSecret("d-jwt", "k", "jwt.secretName", Generator.hex)));

    assertThat(values)
        .containsEntry("fernetKeySecretName", "d-fernet")
        .containsEntry("webserver", Map.of("replicas", 2, "secretKeySecretName", "d-web"))
        .containsEntry("jwt", Map.of("secretName", "d-jwt"));
    assertThat(tenant).containsEntry("fernetKeySecretName", "theirs");
    assertThat(webserver).containsOnlyKeys("replicas");
  }

  @Test
  void aValuesKeyWithAnythingButDottedNamesIsRefusedNamingIt() {
    for (String bad : new String[] {"", "a..b", ".a", "a[0]", "a b", "a\\.b"}) {
      assertThatThrownBy(() -> ValuesPath.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
    assertThat(ValuesPath.parse("a.b_c.d-e").segments()).containsExactly("a", "b_c", "d-e");
  }
}
