package io.nspool.deploy;

import io.nspool.chart.ChartFetchException;
import io.nspool.fault.CrashPoint;
import io.nspool.fault.CrashPoints;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs Helm operations off the reconcile thread (an install can take seconds), at most one per
 * deployment at a time, and keeps each outcome until the reconciler takes it. Nothing here writes
 * to Kubernetes objects of nspool: the reconciler turns outcomes into status. Being the one place
 * that knows no other Helm operation of this process runs for a deployment, it heals an {@link
 * InterruptedRelease} before each install or upgrade.
 */
final class ReleaseWorker {
  enum Op {
    APPLY,
    UNINSTALL
  }

  /**
   * How one operation ended: {@code info} on a successful apply (or, with a {@code failure}, the
   * revision a roll-back left deployed), {@code failure} on error, {@code recovery} when an
   * interrupted revision was healed first (in words, else null).
   */
  record Outcome(
      Op op,
      String hash,
      Commander.ReleaseInfo info,
      HelmFailure failure,
      String recovery,
      Instant finished) {
    boolean ok() {
      return failure == null;
    }
  }

  private final Commander commander;
  private final InterruptedRelease interrupted;
  private final AtomicRelease atomic;
  private final ExecutorService executor;
  private final Clock clock;
  private final Consumer<String> requeue;
  private final Map<String, Op> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();

  ReleaseWorker(
      Commander commander,
      InterruptedRelease interrupted,
      AtomicRelease atomic,
      ExecutorService executor,
      Clock clock,
      Consumer<String> requeue) {
    this.commander = commander;
    this.interrupted = interrupted;
    this.atomic = atomic;
    this.executor = executor;
    this.clock = clock;
    this.requeue = requeue;
  }

  boolean busy(String uid) {
    return inFlight.containsKey(uid);
  }

  Optional<Outcome> take(String uid) {
    return Optional.ofNullable(outcomes.remove(uid));
  }

  void apply(
      String uid,
      String deployment,
      Supplier<Path> fetch,
      Duration timeout,
      String namespace,
      String release,
      Map<String, Object> values,
      String hash) {
    submit(
        uid,
        deployment,
        Op.APPLY,
        hash,
        recovered -> {
          Path chart;
          try {
            chart = fetch.get();
          } catch (ChartFetchException e) {
            throw new HelmException(HelmFailure.fetch(e)); // before Helm touched anything
          }
          interrupted.heal(namespace, release).ifPresent(recovered::append);
          Optional<AtomicRelease.Deployed> before = atomic.deployed(namespace, release);
          try {
            CrashPoints.reach(CrashPoint.INSTALL_BEFORE_HELM);
            Commander.ReleaseInfo info =
                commander.apply(chart, namespace, release, values, timeout);
            CrashPoints.reach(CrashPoint.INSTALL_AFTER_HELM);
            return info;
          } catch (HelmException e) {
            // All or nothing: what the failure left behind is undone before it is reported.
            Optional<AtomicRelease.Undone> undone =
                atomic.undo(chart, timeout, namespace, release, before);
            throw undone.isEmpty()
                ? e
                : new HelmException(
                    new HelmFailure(
                        e.failure().kind(),
                        e.failure().reason(),
                        e.failure().message() + "; " + undone.get().words()),
                    undone.get().serving());
          } finally {
            atomic.prune(namespace, release);
          }
        });
  }

  void uninstall(String uid, String deployment, String namespace, String release) {
    submit(
        uid,
        deployment,
        Op.UNINSTALL,
        null,
        recovered -> {
          CrashPoints.reach(CrashPoint.UNINSTALL_BEFORE_HELM);
          commander.uninstall(namespace, release);
          CrashPoints.reach(CrashPoint.UNINSTALL_AFTER_HELM);
          return null;
        });
  }

  private interface HelmCall {
    /** Appends to {@code recovered} what it healed first, if anything. */
    Commander.ReleaseInfo run(StringBuilder recovered);
  }

  private void submit(String uid, String deployment, Op op, String hash, HelmCall call) {
    if (inFlight.putIfAbsent(uid, op) != null) {
      return;
    }
    executor.execute(
        () -> {
          Outcome outcome;
          StringBuilder recovered = new StringBuilder();
          try {
            Commander.ReleaseInfo info = call.run(recovered);
            outcome = new Outcome(op, hash, info, null, orNull(recovered), clock.instant());
          } catch (HelmException e) {
            outcome =
                new Outcome(op, hash, e.serving(), e.failure(), orNull(recovered), clock.instant());
          } catch (RuntimeException e) {
            outcome =
                new Outcome(
                    op,
                    hash,
                    null,
                    HelmFailure.classify(e.toString()),
                    orNull(recovered),
                    clock.instant());
          }
          outcomes.put(uid, outcome);
          inFlight.remove(uid);
          requeue.accept(deployment);
        });
  }

  private static String orNull(StringBuilder text) {
    return text.isEmpty() ? null : text.toString();
  }
}
