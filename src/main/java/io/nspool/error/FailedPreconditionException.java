package io.nspool.error;

/** {@code 409 failed_precondition}: the object is not in a state that allows the request. */
public final class FailedPreconditionException extends NspoolException {
  public FailedPreconditionException(String message) {
    super("failed_precondition", 409, message);
  }
}
