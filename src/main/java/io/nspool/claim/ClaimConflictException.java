package io.nspool.claim;

/**
 * Somebody else wrote the claim object since it was read (409 Conflict): the compare-and-swap lost.
 * The caller re-reads and decides again; it never overwrites.
 */
public final class ClaimConflictException extends RuntimeException {
  public ClaimConflictException(String namespace) {
    super("claim object Lease(" + namespace + "/" + ClaimCodec.LEASE_NAME + ") changed meanwhile");
  }
}
