package io.nspool.localcluster;

/** The local control plane could not be built, started, reached or stopped. */
public class LocalClusterException extends RuntimeException {
  public LocalClusterException(String message) {
    super(message);
  }

  public LocalClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
