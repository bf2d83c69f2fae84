package io.nspool.api;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * Retries a read-modify-write of a custom resource that lost a race with the controller (which
 * writes status and finalizers of the same objects): 409 Conflict means "read again", not "fail".
 * For every writer of spec fields that is not the controller: the API, and tests acting as users.
 */
public final class Conflicts {
  private Conflicts() {}

  public static <T> T retry(Supplier<T> edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        return edit.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 5) {
          throw e;
        }
      }
    }
  }
}
