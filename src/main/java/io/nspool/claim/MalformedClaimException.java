package io.nspool.claim;

/**
 * A claim object that nspool cannot read back: an annotation is missing or garbled, or the values
 * contradict each other. Someone edited it by hand, or it is not nspool's.
 */
public final class MalformedClaimException extends RuntimeException {

  private final String namespace;

  MalformedClaimException(String namespace, String problem) {
    this(namespace, problem, null);
  }

  MalformedClaimException(String namespace, String problem, Throwable cause) {
    super(
        "claim object Lease("
            + (namespace == null ? "?" : namespace)
            + "/"
            + ClaimCodec.LEASE_NAME
            + "): "
            + problem,
        cause);
    this.namespace = namespace;
  }

  /** The pool namespace the claim object was read from, or null if even that was missing. */
  public String namespace() {
    return namespace;
  }
}
