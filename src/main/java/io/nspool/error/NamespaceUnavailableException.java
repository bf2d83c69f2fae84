package io.nspool.error;

/**
 * The requested namespace cannot be claimed: taken, unhealthy or not in the pool: {@code 409
 * namespace_unavailable}.
 */
public final class NamespaceUnavailableException extends NspoolException {
  public NamespaceUnavailableException(String message) {
    super("namespace_unavailable", 409, message);
  }
}
