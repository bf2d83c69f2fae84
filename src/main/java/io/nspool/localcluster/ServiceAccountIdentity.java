package io.nspool.localcluster;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.watch.SharedClient;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Acts as {@code system:serviceaccount:<namespace>:<name>}: asks the API server for a token of that
 * ServiceAccount (TokenRequest) and builds a client that presents only that token. This is how
 * tests, and the local demo, run as nspool's namespace-scoped identity rather than as admin.
 */
public record ServiceAccountIdentity(String namespace, String name) {
  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(1);

  /** The user name Kubernetes RBAC sees, as it appears in forbidden errors. */
  public String username() {
    return "system:serviceaccount:" + namespace + ":" + name;
  }

  /** Creates the ServiceAccount if it does not exist yet (its namespace must). */
  public ServiceAccountIdentity ensureExists(KubernetesClient admin) {
    admin
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .serverSideApply();
    return this;
  }

  /** A fresh bound token for this ServiceAccount, valid for {@code ttl}. */
  public String token(KubernetesClient admin, Duration ttl) {
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withExpirationSeconds(ttl.toSeconds())
            .endSpec()
            .build();
    TokenRequest answer =
        admin.serviceAccounts().inNamespace(namespace).withName(name).tokenRequest(request);
    return answer.getStatus().getToken();
  }

  /**
   * The admin's connection settings (server, CA) with the admin's credentials replaced by a token
   * of this ServiceAccount.
   */
  public Config config(KubernetesClient admin, Duration ttl) {
    Config base = admin.getConfiguration();
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(base.getMasterUrl())
        .withCaCertFile(base.getCaCertFile())
        .withCaCertData(base.getCaCertData())
        .withNamespace(namespace)
        .withOauthToken(token(admin, ttl))
        .build();
  }

  /**
   * A client as this identity, built the way nspool's server builds its own (one shared client).
   */
  public KubernetesClient client(KubernetesClient admin) {
    return SharedClient.create(config(admin, DEFAULT_TOKEN_TTL));
  }

  /** Writes a kubeconfig for this identity, for kubectl or another process. */
  public Path writeKubeconfig(KubernetesClient admin, Path file, Path caFile, Duration ttl) {
    Kubeconfig.write(
        file, admin.getConfiguration().getMasterUrl(), caFile, username(), token(admin, ttl));
    return file;
  }
}
