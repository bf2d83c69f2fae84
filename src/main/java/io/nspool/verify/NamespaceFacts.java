package io.nspool.verify;

import io.nspool.claim.Claim;
import io.nspool.claim.ClaimCodec;
import io.nspool.claim.ClaimState;
import io.nspool.janitor.Inspection;
import io.nspool.pool.KeptObjects;
import java.util.List;
import java.util.Optional;

/**
 * What was read of one namespace a pool or a deployment names. Whatever could not be read is absent
 * here and reported as {@link Violation.Kind#CANNOT_CHECK} instead.
 *
 * @param claimRead whether its claim object was read (then {@code claim} empty means there is none)
 * @param kept nspool's kept objects that are missing or differ from their desired content
 * @param inspection what a free namespace holds beyond its kept objects; empty for other states
 * @param releases every revision of every Helm release stored in it
 */
record NamespaceFacts(
    String name,
    boolean claimRead,
    Optional<Claim> claim,
    List<KeptObjects.Difference> kept,
    Optional<Inspection> inspection,
    List<HelmRelease> releases) {

  NamespaceFacts {
    kept = List.copyOf(kept);
    releases = List.copyOf(releases);
  }

  /** Nothing could be read: the namespace is missing or closed to this identity. */
  static NamespaceFacts unread(String name) {
    return new NamespaceFacts(
        name, false, Optional.empty(), List.of(), Optional.empty(), List.of());
  }

  Optional<ClaimState> state() {
    return claim.map(Claim::state);
  }

  /** The claim when a deployment holds the namespace (claimed, retained or draining). */
  Optional<Claim> held() {
    return claim.filter(NamespaceFacts::isHeld);
  }

  static boolean isHeld(Claim claim) {
    return claim.state() == ClaimState.CLAIMED
        || claim.state() == ClaimState.RETAINED
        || claim.state() == ClaimState.DRAINING;
  }

  String claimObject() {
    return claimObject(name);
  }

  static String claimObject(String namespace) {
    return "Lease " + namespace + "/" + ClaimCodec.LEASE_NAME;
  }

  NamespaceFacts withInspection(Inspection found) {
    return new NamespaceFacts(name, claimRead, claim, kept, Optional.of(found), releases);
  }
}
