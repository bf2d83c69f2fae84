package io.nspool.error;

/** {@code 401 unauthenticated}. */
public final class UnauthenticatedException extends NspoolException {
  public UnauthenticatedException(String message) {
    super("unauthenticated", 401, message);
  }
}
