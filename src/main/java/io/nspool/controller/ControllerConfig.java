package io.nspool.controller;

import io.nspool.localcluster.ServiceAccountIdentity;
import java.time.Duration;

/**
 * Settings of the controller, parsed once at start-up.
 *
 * @param controlNamespace where NamespacePools and TenantDeployments live (default nspool-system)
 * @param identity nspool's own ServiceAccount, as bound in every pool namespace's RoleBinding
 * @param resync how often every pool and deployment is reconciled even without a change (this is
 *     what notices an expired retention)
 * @param orphanGrace how long a claim may name a deployment that does not exist before it is freed
 *     (covers the lag between claiming and the deployment appearing in the cache)
 * @param quarantineRetry how long a quarantined namespace waits before it is scrubbed again
 * @param healthMaxAge how long a namespace's permission check is trusted before it is repeated
 * @param scrubDeadline how long the janitor waits for deletions (finalizers) in one scrub
 * @param releaseRetry first delay before a failed Helm install is tried again; it doubles with
 *     every failure, up to 5 minutes
 * @param chartCache where remote charts of the catalogues are kept, one .tgz per sha256 digest
 *     (default: nspool-charts in the JVM's temp folder)
 * @param leaderElection the timings of the Lease that decides which replica reconciles
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
    Leadership.Timing leaderElection) {

  public static ControllerConfig defaults(
      String controlNamespace, ServiceAccountIdentity identity) {
    return new ControllerConfig(
        controlNamespace,
        identity,
        Duration.ofSeconds(10),
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        Duration.ofSeconds(30),
        Duration.ofMinutes(2),
        Duration.ofSeconds(5),
        io.nspool.chart.ChartCache.defaultDir(),
        Leadership.Timing.DEFAULT);
  }

  /** These settings with remote charts kept in {@code dir}. */
  public ControllerConfig withChartCache(java.nio.file.Path dir) {
    return new ControllerConfig(
        controlNamespace,
        identity,
        resync,
        orphanGrace,
        quarantineRetry,
        healthMaxAge,
        scrubDeadline,
        releaseRetry,
        dir,
        leaderElection);
  }
}
