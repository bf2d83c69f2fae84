package io.nspool.error;

import java.util.List;

/**
 * {@code 405 method_not_allowed}: the path exists, the method does not. Carries the methods the
 * path has, for the {@code Allow} header a 405 must send (RFC 9110, section 15.5.6).
 */
public final class MethodNotAllowedException extends NspoolException {
  private final List<String> allowed;

  public MethodNotAllowedException(String message, List<String> allowed) {
    super("method_not_allowed", 405, message);
    this.allowed = List.copyOf(allowed);
  }

  public List<String> allowed() {
    return allowed;
  }
}
