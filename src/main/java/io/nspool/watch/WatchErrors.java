package io.nspool.watch;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Says why a per-namespace watch fails, in the words an operator acts on: a forbidden watch names
 * the permission nspool's Role in that namespace lacks. One wording for every watch of a pool
 * namespace (claim object, pull secret copies).
 */
public final class WatchErrors {
  private WatchErrors() {}

  /**
   * @param resource the resource as RBAC spells it, e.g. {@code secrets} or {@code
   *     leases.coordination.k8s.io}
   * @param what what the watch keeps, e.g. "its claim object"
   */
  public static String describe(Throwable error, String namespace, String resource, String what) {
    KubernetesClientException kce = apiError(error);
    if (kce != null && kce.getCode() == 403) {
      return "nspool may not watch "
          + what
          + " in "
          + namespace
          + " (namespace missing, or its Role there must allow list and watch on "
          + resource
          + "): "
          + kce.getStatus().getMessage();
    }
    return "watching " + what + " in " + namespace + " fails: " + firstLine(error);
  }

  private static String firstLine(Throwable error) {
    String message = error.getMessage();
    return message == null
        ? error.getClass().getSimpleName()
        : message.lines().findFirst().orElse(message);
  }

  private static KubernetesClientException apiError(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException kce && kce.getStatus() != null) {
        return kce;
      }
    }
    return null;
  }
}
