package io.nspool.error;

/** {@code 415 unsupported_media_type}: a request body that is not {@code application/json}. */
public final class UnsupportedMediaTypeException extends NspoolException {
  public UnsupportedMediaTypeException(String message) {
    super("unsupported_media_type", 415, message);
  }
}
