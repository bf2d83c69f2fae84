package io.nspool.controller;

import io.nspool.localcluster.ServiceAccountIdentity;
import java.time.Duration;

/**
 * Settings of the controller, parsed once at start-up.
 *
 * @param controlNamespace where NamespacePools and TenantDeployments live (default nspool-system)
 * @param identity nspool's own ServiceAccount, as bound in every pool namespace's RoleBinding
 * @param resync how often every pool and deployment is reconciled even without a change: only a
 *     safety net, since reconcilers schedule their timed work (retention, grace periods, health
 *     re-checks, retries) for when it is due
 * @param orphanGrace how long a claim may name a deployment that does not exist before it is freed
 *     (covers the lag between claiming and the deployment appearing in the cache)
 * @param quarantineRetry the longest a quarantined namespace waits before it is scrubbed again: the
 *     first retry comes after 5 s (or this, if shorter), each quarantine in a row doubles the wait
 *     up to this cap, and a clean scrub starts over ({@code claim.QuarantineBackoff})
 * @param healthMaxAge how long a namespace's permission check is trusted before it is repeated
 * @param scrubDeadline how long the janitor waits for deletions (finalizers) in one scrub
 * @param releaseRetry first delay before a failed Helm install is tried again; it doubles with
 *     every failure, up to 5 minutes
 * @param chartCache where remote charts of the catalogues are kept, one .tgz per sha256 digest
 *     (default: nspool-charts in the JVM's temp folder)
 * @param leaderElection the timings of the Lease that decides which replica reconciles
 * @param workers how many keys (pools, deployments) are reconciled in parallel; one key is never
 *     reconciled by two at once
 * @param queue per-key retry backoff and the overall rate limit of reconciles
 * @param helmConcurrency how many Helm operations (of different deployments) may run at once; they
 *     run off the reconcile workers, so a hook that waits for minutes delays no reconcile
 */
public record ControllerConfig(
    String controlNamespace,
    ServiceAccountIdentity identity,
    Duration resync,
    Duration orphanGrace,
    Duration quarantineRetry,
    Duration healthMaxAge,
    Duration scrubDeadline,
    Duration releaseRetry,
    java.nio.file.Path chartCache,
    Leadership.Timing leaderElection,
    int workers,
    QueueLimits queue,
    int helmConcurrency) {

  public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(10);
  public static final int DEFAULT_WORKERS = 16;
  public static final int DEFAULT_HELM_CONCURRENCY = 16;

  public ControllerConfig {
    if (workers < 1) {
      throw new IllegalArgumentException("workers: must be at least 1, got " + workers);
    }
    if (helmConcurrency < 1) {
      throw new IllegalArgumentException(
          "helmConcurrency: must be at least 1, got " + helmConcurrency);
    }
    if (resync.isNegative() || resync.isZero()) {
      throw new IllegalArgumentException("resync: must be positive, got " + resync);
    }
  }

  /** The settings of before the work queue, with its defaults. */
  public ControllerConfig(
      String controlNamespace,
      ServiceAccountIdentity identity,
      Duration resync,
      Duration orphanGrace,
      Duration quarantineRetry,
      Duration healthMaxAge,
      Duration scrubDeadline,
      Duration releaseRetry,
      java.nio.file.Path chartCache,
      Leadership.Timing leaderElection) {
    this(
        controlNamespace,
        identity,
        resync,
        orphanGrace,
        quarantineRetry,
        healthMaxAge,
        scrubDeadline,
        releaseRetry,
        chartCache,
        leaderElection,
        DEFAULT_WORKERS,
        QueueLimits.DEFAULT,
        DEFAULT_HELM_CONCURRENCY);
  }

  /** As above, with remote charts kept in the default folder. */
  public ControllerConfig(
      String controlNamespace,
      ServiceAccountIdentity identity,
      Duration resync,
      Duration orphanGrace,
      Duration quarantineRetry,
      Duration healthMaxAge,
      Duration scrubDeadline,
      Duration releaseRetry,
      Leadership.Timing leaderElection) {
    this(
        controlNamespace,
        identity,
        resync,
        orphanGrace,
        quarantineRetry,
        healthMaxAge,
        scrubDeadline,
        releaseRetry,
        io.nspool.chart.ChartCache.defaultDir(),
        leaderElection);
  }

  public static ControllerConfig defaults(
      String controlNamespace, ServiceAccountIdentity identity) {
    return new ControllerConfig(
        controlNamespace,
        identity,
        DEFAULT_RESYNC,
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        Duration.ofSeconds(30),
        Duration.ofMinutes(2),
        Duration.ofSeconds(5),
        io.nspool.chart.ChartCache.defaultDir(),
        Leadership.Timing.DEFAULT);
  }

  public ControllerConfig withResync(Duration resync) {
    return with(resync, chartCache, workers, leaderElection);
  }

  public ControllerConfig withWorkers(int workers) {
    return with(resync, chartCache, workers, leaderElection);
  }

  /** These settings with the leader Lease's timing {@code timing}. */
  public ControllerConfig withLeaderElection(Leadership.Timing timing) {
    return with(resync, chartCache, workers, timing);
  }

  /** These settings with remote charts kept in {@code dir}. */
  public ControllerConfig withChartCache(java.nio.file.Path dir) {
    return with(resync, dir, workers, leaderElection);
  }

  private ControllerConfig with(
      Duration resync,
      java.nio.file.Path chartCache,
      int workers,
      Leadership.Timing leaderElection) {
    return new ControllerConfig(
        controlNamespace,
        identity,
        resync,
        orphanGrace,
        quarantineRetry,
        healthMaxAge,
        scrubDeadline,
        releaseRetry,
        chartCache,
        leaderElection,
        workers,
        queue,
        helmConcurrency);
  }
}
