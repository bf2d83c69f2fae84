package io.nspool.verify;

import java.util.Locale;
import java.util.Objects;

/**
 * One way the cluster breaks one of nspool's invariants, or one invariant that could not be
 * checked.
 *
 * @param kind which invariant
 * @param object the object it is about, as {@code kubectl} names it: {@code Lease
 *     tenant-3/nspool-claim}, {@code TenantDeployment nspool-system/demo}
 * @param namespace the pool namespace it concerns, or null (a pool, a deployment without one)
 * @param message what is wrong and what to do about it
 */
public record Violation(Kind kind, String object, String namespace, String message) {

  public Violation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(message, "message");
  }

  public enum Kind {
    /** Two TenantDeployments' status names the same namespace. */
    NAMESPACE_BOUND_TWICE,
    /** A deployment says it holds a namespace whose claim object names someone else (or no one). */
    BINDING_DISAGREES,
    /** A held claim names a TenantDeployment that does not exist, for longer than the grace. */
    ORPHANED_CLAIM,
    /** A claim object nspool cannot read back. */
    MALFORMED_CLAIM,
    /** A pool has more active deployments than namespaces. */
    POOL_OVERCOMMITTED,
    /** A deployment holds a namespace its pool does not own. */
    NAMESPACE_NOT_OWNED,
    /** A free namespace, offered to the next tenant, holds an object nspool does not keep. */
    TENANT_OBJECT_IN_FREE_NAMESPACE,
    /** A free namespace's kept object differs from nspool's content. */
    KEPT_OBJECT_DIFFERS,
    /** A Helm release pending an install, upgrade or rollback for longer than the grace. */
    HELM_RELEASE_STUCK,
    /** A pool namespace lacks nspool's Role or RoleBinding, the installer's objects, or itself. */
    NSPOOL_OBJECT_MISSING,
    /** Something could not be read, so an invariant could not be checked. */
    CANNOT_CHECK;

    /** {@code orphaned_claim}: the name in {@code -o json}, like the API's error codes. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static Violation of(Kind kind, String object, String namespace, String message) {
    return new Violation(kind, object, namespace, message);
  }

  @Override
  public String toString() {
    return kind.wireName() + " " + object + ": " + message;
  }
}
