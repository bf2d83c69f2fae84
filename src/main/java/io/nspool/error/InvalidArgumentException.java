package io.nspool.error;

/** {@code 400 invalid_argument}: the message names the field, the value and the rule. */
public final class InvalidArgumentException extends NspoolException {
  public InvalidArgumentException(String message) {
    super("invalid_argument", 400, message);
  }
}
