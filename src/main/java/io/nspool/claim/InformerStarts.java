package io.nspool.claim;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts informers a few at a time. nspool watches one or two objects in every pool namespace (it
 * may not watch cluster-wide), and each watch is a connection of its own (fabric8 watches over
 * WebSockets on HTTP/1.1). Thousands started at once queue thousands of TLS handshakes, and at a
 * pool of 1000 the HTTP client's 10 s wait for a connection ran out for the API server's other
 * calls too (the server exited at start). Bounded, the same starts finish sooner and nothing times
 * out. A start that does not complete in {@link #SLOT_TIMEOUT_S} (a forbidden watch retries for
 * ever) gives its slot to the next.
 */
public final class InformerStarts implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InformerStarts.class);
  static final int IN_FLIGHT = 16;
  static final long SLOT_TIMEOUT_S = 5;

  private final Semaphore slots = new Semaphore(IN_FLIGHT);
  private final ExecutorService starter;

  public InformerStarts(String name) {
    starter =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Queues the start of an informer; returns at once. */
  public void start(SharedIndexInformer<?> informer) {
    starter.execute(
        () -> {
          try {
            slots.acquire();
          } catch (InterruptedException e) {
            return; // closing
          }
          try {
            informer
                .start()
                .toCompletableFuture()
                .copy() // a timeout here must not fail the informer's own start
                .orTimeout(SLOT_TIMEOUT_S, TimeUnit.SECONDS)
                .whenComplete((done, error) -> slots.release());
          } catch (RuntimeException e) {
            // Closed (unwatched) before its turn came.
            log.debug("informer not started: {}", e.toString());
            slots.release();
          }
        });
  }

  @Override
  public void close() {
    starter.shutdownNow();
  }
}
