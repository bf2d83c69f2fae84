package io.nspool.error;

/** {@code 403 forbidden}. */
public final class ForbiddenException extends NspoolException {
  public ForbiddenException(String message) {
    super("forbidden", 403, message);
  }
}
