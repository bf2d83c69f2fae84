package io.nspool.controller;

import io.nspool.deploy.TenantDeployment;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Callers (the REST API) waiting for a TenantDeployment to reach a state, woken by the deployment
 * informer's events instead of polling. A waiter registers before it looks at the current object,
 * so an event between the two is never missed.
 */
final class DeploymentWaits {
  private record Waiter(
      Predicate<Optional<TenantDeployment>> reached,
      CompletableFuture<Optional<TenantDeployment>> future) {}

  private final Map<String, Set<Waiter>> byName = new ConcurrentHashMap<>();

  /**
   * The deployment once {@code reached} holds for it (absent: deleted); empty after {@code
   * timeout}.
   */
  Optional<TenantDeployment> await(
      String name,
      Predicate<Optional<TenantDeployment>> reached,
      Duration timeout,
      Supplier<Optional<TenantDeployment>> current)
      throws InterruptedException {
    Waiter waiter = new Waiter(reached, new CompletableFuture<>());
    byName.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(waiter);
    try {
      offer(waiter, current.get());
      return waiter.future().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      byName.computeIfPresent(
          name,
          (n, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
          });
    }
  }

  /** Waits until the deployment is gone; false after {@code timeout}. */
  boolean awaitGone(String name, Duration timeout, Supplier<Optional<TenantDeployment>> current)
      throws InterruptedException {
    Waiter waiter = new Waiter(Optional::isEmpty, new CompletableFuture<>());
    byName.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(waiter);
    try {
      offer(waiter, current.get());
      waiter.future().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      byName.computeIfPresent(
          name,
          (n, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
          });
    }
  }

  /** The informer's news of a deployment (empty: deleted); wakes whoever it satisfies. */
  void changed(String name, Optional<TenantDeployment> now) {
    Set<Waiter> waiters = byName.get(name);
    if (waiters != null) {
      waiters.forEach(w -> offer(w, now));
    }
  }

  int waiting() {
    return byName.values().stream().mapToInt(Set::size).sum();
  }

  private static void offer(Waiter waiter, Optional<TenantDeployment> now) {
    if (!waiter.future().isDone() && waiter.reached().test(now)) {
      waiter.future().complete(now);
    }
  }
}
