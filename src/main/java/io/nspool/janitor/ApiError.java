package io.nspool.janitor;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** What the API server answered when a call failed; code 0 when no answer came at all. */
record ApiError(int code, String message) {
  static final int FORBIDDEN = 403;
  static final int NOT_FOUND = 404;

  static ApiError of(KubernetesClientException e) {
    String message =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    return new ApiError(e.getCode(), message);
  }

  boolean forbidden() {
    return code == FORBIDDEN;
  }

  @Override
  public String toString() {
    return code == 0 ? message : "HTTP " + code + ": " + message;
  }
}
