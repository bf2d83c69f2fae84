package io.nspool.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nspool.localcluster.ServiceAccountIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The installer of one pool namespace as nspool uses it: Helm acts only as this ServiceAccount,
 * with a token nspool requests for each operation (TokenRequest). Chosen over impersonation because
 * Helm then holds a credential that can do nothing but what the installer's Role allows: with
 * impersonation Helm would carry nspool's own token, one dropped header away from acting as nspool
 * everywhere.
 *
 * <p>The ServiceAccount lives in nspool's <b>control</b> namespace, not in the pool namespace its
 * Role is bound in: Kubernetes lets whoever may create a pod in a namespace run it as any
 * ServiceAccount <i>of that namespace</i>, so an installer living in the pool namespace could be
 * borrowed by any tenant workload (an Airflow {@code pod_override}, a chart's Job) and with it the
 * writes on Roles, RoleBindings and ResourceQuotas the installer holds there. A pod can never name
 * a ServiceAccount of another namespace, and no tenant can create pods in the control namespace.
 */
public final class InstallerIdentity {
  /** The shortest lifetime the API server grants; one Helm operation needs far less. */
  public static final Duration TOKEN_TTL = Duration.ofMinutes(10);

  /**
   * Prefix of the installer ServiceAccounts in the control namespace. A namespace name is a DNS
   * label (at most 63 characters) and a ServiceAccount name a DNS subdomain (at most 253), so
   * {@code installer-<namespace>} is always valid, and distinct for distinct namespaces.
   */
  static final String PREFIX = "installer-";

  private InstallerIdentity() {}

  /** The installer ServiceAccount's name for {@code poolNamespace}: the one naming rule. */
  public static String serviceAccountName(String poolNamespace) {
    return PREFIX + poolNamespace;
  }

  /** The installer of {@code poolNamespace}: a ServiceAccount of {@code controlNamespace}. */
  public static ServiceAccountIdentity of(String controlNamespace, String poolNamespace) {
    return new ServiceAccountIdentity(controlNamespace, serviceAccountName(poolNamespace));
  }

  /**
   * A fresh token for the installer of {@code namespace}, recreating its ServiceAccount, Role and
   * RoleBinding first when someone deleted them.
   */
  public static String token(KubernetesClient nspool, String controlNamespace, String namespace) {
    try {
      return of(controlNamespace, namespace).token(nspool, TOKEN_TTL);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      createMissing(nspool, controlNamespace, namespace, List.of());
      return of(controlNamespace, namespace).token(nspool, TOKEN_TTL);
    }
  }

  /**
   * Deletes the installer's ServiceAccount and creates it anew, so no token minted for it before
   * (for the previous tenant's Helm operations) is accepted any more: a bound token names its
   * ServiceAccount's UID. What the janitor's deleting it did when it lived in the pool namespace.
   */
  public static void renew(KubernetesClient nspool, String controlNamespace, String namespace) {
    ServiceAccount account = NspoolRoles.installerServiceAccount(controlNamespace, namespace);
    try {
      nspool.resource(account).withGracePeriod(0).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
    for (int attempt = 0; ; attempt++) {
      try {
        nspool.resource(account).create();
        return;
      } catch (KubernetesClientException e) {
        // 409: the deletion is still being carried out.
        if (e.getCode() != 409 || attempt == 50) {
          throw e;
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while renewing " + account, e);
      }
    }
  }

  /**
   * Creates whichever of the installer's objects nspool may create and does not exist: the
   * ServiceAccount in the control namespace, the Role and RoleBinding in the pool namespace;
   * changes none that does. (The Role letting nspool mint its tokens is the admin's, {@code nspool
   * install}.)
   */
  public static void createMissing(
      KubernetesClient nspool,
      String controlNamespace,
      String namespace,
      List<PolicyRule> extraRules) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(NspoolRoles.installerServiceAccount(controlNamespace, namespace));
    objects.addAll(NspoolRoles.installerInPool(controlNamespace, namespace, extraRules));
    for (HasMetadata object : objects) {
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
