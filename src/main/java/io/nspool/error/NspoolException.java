package io.nspool.error;

/**
 * An error a user sees, with its stable code and HTTP status (see DESIGN: the REST error codes).
 * One subclass per code; the message names the field or object, the value and the rule, and what to
 * do next.
 */
public abstract class NspoolException extends RuntimeException {
  private final String code;
  private final int httpStatus;

  protected NspoolException(String code, int httpStatus, String message) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
