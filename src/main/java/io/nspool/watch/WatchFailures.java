package io.nspool.watch;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which per-namespace watches are failing, and why, until they work again. "Work again" is a list
 * that succeeded after the failure (the informer's last synced resourceVersion moved), not {@link
 * SharedIndexInformer#isWatching()}: over HTTP/2 a watch counts as started only once the API server
 * sends its first bytes, which for a quiet namespace may be minutes later, so a healed namespace
 * would stay unhealthy.
 */
public final class WatchFailures {
  private record Failure(String reason, String versionAtFailure) {}

  private final Map<String, Failure> failures = new ConcurrentHashMap<>();

  /** Records a failure of the watch of {@code key}; true if it was not failing already. */
  public boolean failed(String key, String reason, SharedIndexInformer<?> informer) {
    return failures.put(key, new Failure(reason, informer.lastSyncResourceVersion())) == null;
  }

  /** Why the watch of {@code key} fails, while it does. */
  public Optional<String> current(String key, SharedIndexInformer<?> informer) {
    Failure failure = failures.get(key);
    if (failure == null) {
      return Optional.empty();
    }
    if (informer == null
        || informer.isWatching()
        || !Objects.equals(informer.lastSyncResourceVersion(), failure.versionAtFailure())) {
      failures.remove(key, failure); // listed (and so watching) again since: recovered
      return Optional.empty();
    }
    return Optional.of(failure.reason());
  }

  public void forget(String key) {
    failures.remove(key);
  }

  public void clear() {
    failures.clear();
  }
}
