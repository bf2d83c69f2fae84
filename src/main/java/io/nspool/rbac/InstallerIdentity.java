package io.nspool.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nspool.localcluster.ServiceAccountIdentity;
import java.time.Duration;
import java.util.List;

/**
 * The installer of one pool namespace as nspool uses it: Helm acts only as this ServiceAccount,
 * with a token nspool requests for each operation (TokenRequest, which nspool's Role allows for
 * this one ServiceAccount by name). Chosen over impersonation because Helm then holds a credential
 * that can do nothing but what the installer's Role allows: with impersonation Helm would carry
 * nspool's own token, one dropped header away from acting as nspool everywhere.
 */
public final class InstallerIdentity {
  /** The shortest lifetime the API server grants; one Helm operation needs far less. */
  public static final Duration TOKEN_TTL = Duration.ofMinutes(10);

  private InstallerIdentity() {}

  public static ServiceAccountIdentity of(String namespace) {
    return new ServiceAccountIdentity(namespace, NspoolRoles.INSTALLER);
  }

  /**
   * A fresh token for the installer of {@code namespace}, recreating its ServiceAccount, Role and
   * RoleBinding first when a tenant (or anyone) deleted them.
   */
  public static String token(KubernetesClient nspool, String namespace) {
    try {
      return of(namespace).token(nspool, TOKEN_TTL);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      createMissing(nspool, namespace, List.of());
      return of(namespace).token(nspool, TOKEN_TTL);
    }
  }

  /** Creates whichever of the installer's objects does not exist; changes none that does. */
  public static void createMissing(
      KubernetesClient nspool, String namespace, List<PolicyRule> extraRules) {
    for (HasMetadata object : NspoolRoles.installer(namespace, extraRules)) {
      if (nspool.resource(object).get() != null) {
        continue;
      }
      try {
        nspool.resource(object).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) { // created meanwhile
          throw e;
        }
      }
    }
  }
}
