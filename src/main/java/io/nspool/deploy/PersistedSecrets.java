package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a deployment's persisted Secrets ({@link PersistedSecret}) in its namespace once, and
 * never rewrites them: an existing Secret is the deployment's, whatever it holds, so upgrades and a
 * restore after a soft delete find the same bytes. They are ordinary tenant objects otherwise: the
 * scrub of a hard delete (or of a purged retention) deletes them with everything else. Values are
 * never logged.
 */
public final class PersistedSecrets {
  private static final Logger log = LoggerFactory.getLogger(PersistedSecrets.class);

  /** Marks the Secrets nspool made this way, for people reading the namespace. */
  public static final String LABEL = "nspool.io/persisted-secret";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private PersistedSecrets() {}

  /**
   * Creates each missing Secret in {@code namespace} with a new random value; leaves existing ones
   * untouched. Idempotent and safe against a concurrent creator: a 409 means it exists.
   */
  public static void ensure(KubernetesClient client, String namespace, List<PersistedSecret> all) {
    for (PersistedSecret wanted : all) {
      if (client.secrets().inNamespace(namespace).withName(wanted.getName()).get() != null) {
        continue;
      }
      Secret secret =
          new SecretBuilder()
              .withNewMetadata()
              .withName(wanted.getName())
              .withNamespace(namespace)
              .addToLabels(LABEL, "true")
              .endMetadata()
              .withType("Opaque")
              .addToStringData(wanted.getKey(), generate(wanted))
              .build();
      try {
        client.secrets().inNamespace(namespace).resource(secret).create();
        log.info("PersistedSecret({}/{}) created", namespace, wanted.getName());
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
      }
    }
  }

  /** The values with each persisted Secret's name written at its values key. */
  public static Map<String, Object> pointValues(
      Map<String, Object> values, List<PersistedSecret> all) {
    Map<String, Object> pointed = new LinkedHashMap<>(values);
    for (PersistedSecret secret : all) {
      ValuesPath.parse(secret.getValuesKey()).set(pointed, secret.getName());
    }
    return pointed;
  }

  static String generate(PersistedSecret secret) {
    return switch (secret.getGenerator()) {
      case alphanumeric -> pick(ALPHANUMERIC, secret.getLength());
      case hex -> pick("0123456789abcdef", secret.getLength());
      case fernet -> {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        yield new String(Base64.getUrlEncoder().encode(key), StandardCharsets.US_ASCII);
      }
    };
  }

  private static String pick(String alphabet, int length) {
    StringBuilder value = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      value.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return value.toString();
  }
}
