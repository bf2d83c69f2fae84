package io.nspool.error;

/** {@code 413 payload_too_large}: the request body exceeds the API's limit. */
public final class PayloadTooLargeException extends NspoolException {
  public PayloadTooLargeException(String message) {
    super("payload_too_large", 413, message);
  }
}
