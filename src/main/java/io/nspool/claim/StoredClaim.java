package io.nspool.claim;

/** A claim as read from its claim object, with the resourceVersion a write must match. */
public record StoredClaim(Claim claim, String resourceVersion) {
  public String namespace() {
    return claim.namespace();
  }
}
