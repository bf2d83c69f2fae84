package io.nspool.controller;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few threads draining one {@link WorkQueue}: different keys are reconciled in parallel, one key
 * never by two threads at once (the queue guarantees it), and each result decides when the key
 * comes back. Shutting the queue down stops them after the reconciles in progress.
 */
final class Workers {
  private static final Logger log = LoggerFactory.getLogger(Workers.class);

  private final WorkQueue queue;
  private final Function<String, ReconcileResult> reconcile;
  private final Consumer<String> failed;
  private final List<Thread> threads = new ArrayList<>();

  /**
   * @param reconcile reconciles one key; a thrown exception counts as {@link
   *     ReconcileResult.Failed}
   * @param failed told the key of every failed reconcile (a metric), not of conflicts
   */
  Workers(WorkQueue queue, Function<String, ReconcileResult> reconcile, Consumer<String> failed) {
    this.queue = queue;
    this.reconcile = reconcile;
    this.failed = failed;
  }

  Workers start(int count, String name) {
    for (int i = 0; i < count; i++) {
      Thread t = new Thread(this::run, name + "-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    return this;
  }

  private void run() {
    while (true) {
      String key;
      try {
        key = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (key == null) {
        return; // shut down
      }
      try {
        handle(key, reconcileOne(key));
      } finally {
        queue.done(key);
      }
    }
  }

  private ReconcileResult reconcileOne(String key) {
    try {
      ReconcileResult result = reconcile.apply(key);
      return result == null ? ReconcileResult.done() : result;
    } catch (RuntimeException e) {
      return ReconcileResult.failed(e);
    }
  }

  /** Applies a result to the queue (package-private for the unit test). */
  void handle(String key, ReconcileResult result) {
    if (result instanceof ReconcileResult.Failed f) {
      Duration delay = queue.retry(key);
      if (f.cause() instanceof KubernetesClientException kce
          && (kce.getCode() == 409 || kce.getCode() == 404)) {
        // Lost an optimistic-concurrency race (a user or the API wrote or deleted the same
        // object): not an error; read the newer version (or see the delete) in a moment.
        log.debug("reconcile of {} met a newer version, again in {}", key, delay);
      } else {
        log.warn(
            "reconcile of {} failed (attempt {}), again in {}: {}",
            key,
            queue.failures(key),
            delay,
            f.cause().toString());
        failed.accept(key);
      }
      return;
    }
    queue.forget(key);
    queue.schedule(
        key, result instanceof ReconcileResult.RequeueAfter after ? after.delay() : null);
  }
}
