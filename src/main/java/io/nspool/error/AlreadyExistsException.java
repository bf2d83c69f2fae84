package io.nspool.error;

/** {@code 409 already_exists}. */
public final class AlreadyExistsException extends NspoolException {
  public AlreadyExistsException(String message) {
    super("already_exists", 409, message);
  }
}
