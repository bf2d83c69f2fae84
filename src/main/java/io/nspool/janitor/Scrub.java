package io.nspool.janitor;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nspool.fault.CrashPoint;
import io.nspool.fault.CrashPoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One scrub of one namespace: discover, delete, wait, verify. Not reusable. */
final class Scrub {
  private final KubernetesClient client;
  private final String namespace;
  private final NamespaceObjects objects;
  private final Set<ObjectKey> keep;
  private final PollBackoff backoff;

  private final List<ObjectKey> deleted = new ArrayList<>();
  private final Set<ObjectKey> forbidden = new HashSet<>();
  private final Map<ObjectKey, ApiError> deleteErrors = new HashMap<>();

  Scrub(KubernetesClient client, String namespace, Set<ObjectKey> keep, PollBackoff backoff) {
    this.client = client;
    this.namespace = namespace;
    this.objects = new NamespaceObjects(client, namespace);
    this.keep = keep;
    this.backoff = backoff;
  }

  ScrubReport run(Duration within) {
    long started = System.nanoTime();
    long deadline = started + within.toNanos();
    Optional<Leftover> unavailable = objects.unavailable();
    if (unavailable.isPresent()) {
      return new ScrubReport(
          namespace,
          List.of(),
          List.of(unavailable.get()),
          Duration.ofNanos(System.nanoTime() - started));
    }

    ApiDiscovery.Result discovery = ApiDiscovery.discover(client);
    Snapshot first = objects.snapshot(discovery.types());
    DeletionPlan plan = new DeletionPlan(keep, EventBaseline.of(first));
    deleteUntilGone(discovery, first, plan, deadline);

    // Verified on a fresh discovery, so a type that failed to be discovered at first is seen too.
    ApiDiscovery.Result again = ApiDiscovery.discover(client);
    Snapshot last = objects.snapshot(again.types());
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    List<Leftover> leftovers =
        new ArrayList<>(
            Verification.leftovers(namespace, again, last, plan, forbidden, deleteErrors, took));
    // Deleted while we scrubbed, it would list as empty as a clean one.
    objects.unavailable().ifPresent(leftovers::add);
    return new ScrubReport(namespace, deleted, leftovers, took);
  }

  /**
   * Deletes, looks again, and deletes what is still (or newly) there, until nothing it may delete
   * is left or the deadline passes. Looking again is what catches objects a controller recreates
   * while its owner is being deleted.
   */
  private void deleteUntilGone(
      ApiDiscovery.Result discovery, Snapshot snapshot, DeletionPlan plan, long deadline) {
    Duration pause = null;
    while (true) {
      plan.toDelete(snapshot, forbidden).forEach(this::delete);
      long left = deadline - System.nanoTime();
      if (plan.awaited(snapshot, forbidden).isEmpty() || left <= 0) {
        return;
      }
      pause = backoff.after(pause);
      try {
        Thread.sleep(Math.max(1, Math.min(pause.toMillis(), left / 1_000_000)));
      } catch (InterruptedException e) {
        // Stop waiting; the verification reports whatever is still there.
        Thread.currentThread().interrupt();
        return;
      }
      snapshot = objects.snapshot(discovery.types());
    }
  }

  private void delete(ListedObject object) {
    ObjectKey key = object.key();
    try {
      if (objects.delete(object)) {
        deleted.add(key);
        CrashPoints.reach(CrashPoint.SCRUB_MID_DELETION);
      }
      deleteErrors.remove(key);
    } catch (KubernetesClientException e) {
      ApiError error = ApiError.of(e);
      if (error.forbidden()) {
        forbidden.add(key);
      } else {
        deleteErrors.put(key, error);
      }
    }
  }
}
