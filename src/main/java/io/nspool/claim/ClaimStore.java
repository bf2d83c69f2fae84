package io.nspool.claim;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * Reads and writes claim objects (the Lease {@code nspool-claim} in each pool namespace). Every
 * write is a compare-and-swap: create fails if the object exists, replace fails unless the
 * resourceVersion still matches. One API round trip each.
 */
public final class ClaimStore {
  private final KubernetesClient client;

  public ClaimStore(KubernetesClient client) {
    this.client = client;
  }

  public Optional<StoredClaim> read(String namespace) {
    Lease lease = client.leases().inNamespace(namespace).withName(ClaimCodec.LEASE_NAME).get();
    return Optional.ofNullable(lease).map(ClaimStore::stored);
  }

  /** Creates the claim object of a namespace that has none yet. */
  public StoredClaim create(Claim claim) {
    try {
      return stored(
          client
              .leases()
              .inNamespace(claim.namespace())
              .resource(ClaimCodec.toLease(claim))
              .create());
    } catch (KubernetesClientException e) {
      throw conflictOr(e, claim.namespace());
    }
  }

  /** Replaces {@code current} with {@code next}, only if nobody wrote it since it was read. */
  public StoredClaim replace(StoredClaim current, Claim next) {
    try {
      Lease lease = ClaimCodec.toLease(next, current.resourceVersion());
      return stored(client.leases().inNamespace(next.namespace()).resource(lease).update());
    } catch (KubernetesClientException e) {
      throw conflictOr(e, next.namespace());
    }
  }

  /** Deletes the claim object when a namespace leaves the pool, only if unchanged since read. */
  public void delete(StoredClaim current) {
    try {
      client
          .leases()
          .inNamespace(current.namespace())
          .withName(ClaimCodec.LEASE_NAME)
          .lockResourceVersion(current.resourceVersion())
          .delete();
    } catch (KubernetesClientException e) {
      throw conflictOr(e, current.namespace());
    }
  }

  static StoredClaim stored(Lease lease) {
    return new StoredClaim(ClaimCodec.fromLease(lease), lease.getMetadata().getResourceVersion());
  }

  private static RuntimeException conflictOr(KubernetesClientException e, String namespace) {
    return e.getCode() == HttpURLConnection.HTTP_CONFLICT
        ? new ClaimConflictException(namespace)
        : e;
  }
}
