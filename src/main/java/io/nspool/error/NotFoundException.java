package io.nspool.error;

/** {@code 404 not_found}. */
public final class NotFoundException extends NspoolException {
  public NotFoundException(String message) {
    super("not_found", 404, message);
  }
}
