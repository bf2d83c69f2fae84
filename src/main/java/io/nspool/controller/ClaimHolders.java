package io.nspool.controller;

import io.nspool.claim.Claim;
import io.nspool.claim.ClaimState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which deployment (by UID) holds which namespace as its own, as this replica's claim cache shows
 * it now: fed by every claim-object event, so the API can answer a create as soon as the claim
 * object names the new deployment, without scanning every namespace of the pool for it. Executor
 * namespaces and claims not in use ({@code retained}, {@code cleaning}) are not holdings.
 */
final class ClaimHolders {
  private final Map<String, String> byNamespace = new HashMap<>();
  private final Map<String, String> byUid = new HashMap<>();

  /** The claim object of {@code namespace} is now {@code claim} (null: gone or unreadable). */
  synchronized void changed(String namespace, Claim claim) {
    String holder = holds(claim) ? claim.holderUid() : null;
    String before =
        holder == null ? byNamespace.remove(namespace) : byNamespace.put(namespace, holder);
    if (before != null && !before.equals(holder)) {
      byUid.remove(before, namespace);
    }
    if (holder != null) {
      byUid.put(holder, namespace);
    }
  }

  /** The namespace the deployment of this UID holds as its own, if the cache shows one. */
  synchronized Optional<String> namespaceOf(String uid) {
    return Optional.ofNullable(byUid.get(uid));
  }

  private static boolean holds(Claim claim) {
    return claim != null
        && claim.holderUid() != null
        && !claim.executor()
        && (claim.state() == ClaimState.CLAIMED || claim.state() == ClaimState.DRAINING);
  }
}
