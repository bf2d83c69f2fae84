package io.nspool.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WatchFailuresTest {
  private final AtomicReference<String> version = new AtomicReference<>("100");
  private final AtomicBoolean watching = new AtomicBoolean(false);

  @SuppressWarnings("unchecked")
  private final SharedIndexInformer<Object> informer =
      (SharedIndexInformer<Object>)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {SharedIndexInformer.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "lastSyncResourceVersion" -> version.get();
                    case "isWatching" -> watching.get();
                    default -> throw new UnsupportedOperationException(method.getName());
                  });

  private final WatchFailures failures = new WatchFailures();

  @Test
  @DisplayName("a failing watch stays failing while its retries fail, and says so once")
  void failingStaysFailing() {
    assertThat(failures.failed("ns1", "forbidden", informer)).isTrue();
    assertThat(failures.failed("ns1", "forbidden", informer)).isFalse();

    assertThat(failures.current("ns1", informer)).contains("forbidden");
    assertThat(failures.current("ns2", informer)).isEmpty();
  }

  @Test
  @DisplayName(
      "a watch has recovered once it listed again, though over HTTP/2 it may not count as watching yet")
  void relistedIsRecovered() {
    failures.failed("ns1", "forbidden", informer);

    version.set("250");

    assertThat(failures.current("ns1", informer)).isEmpty();
    assertThat(failures.current("ns1", informer)).isEmpty();
  }

  @Test
  @DisplayName("a never-listed watch that fails recovers on its first list")
  void firstListRecovers() {
    version.set(null);
    failures.failed("ns1", "namespace missing", informer);
    assertThat(failures.current("ns1", informer)).isPresent();

    version.set("7");

    assertThat(failures.current("ns1", informer)).isEmpty();
  }

  @Test
  @DisplayName("a watch that is running again has recovered")
  void watchingIsRecovered() {
    failures.failed("ns1", "reset", informer);

    watching.set(true);

    assertThat(failures.current("ns1", informer)).isEmpty();
  }
}
