package io.nspool.cli.client;

/**
 * An error the server answered with ({@code {"error":{"code","message"}}}), or the absence of an
 * answer. The message is the server's, meant to be shown as is; it never holds the token.
 */
public final class ApiException extends RuntimeException {
  /** Code used when the server could not be reached or answered something that is not nspool. */
  public static final String UNAVAILABLE = "unavailable";

  private final String code;
  private final int httpStatus;

  public ApiException(String code, int httpStatus, String message) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public ApiException(String message, Throwable cause) {
    super(message, cause);
    this.code = UNAVAILABLE;
    this.httpStatus = 0;
  }

  /** The API error code, e.g. {@code pool_exhausted}; {@link #UNAVAILABLE} when there was none. */
  public String code() {
    return code;
  }

  /** The HTTP status, 0 when no answer came. */
  public int httpStatus() {
    return httpStatus;
  }
}
