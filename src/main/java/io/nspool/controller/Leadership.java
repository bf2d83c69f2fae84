package io.nspool.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which replica reconciles: fabric8's leader election on the Lease {@value #LEASE} in the control
 * namespace. Every replica keeps its caches warm and serves the API; only the holder of the Lease
 * reconciles. Losing it is reported once through {@code lost}; a release of the Lease on close lets
 * the next replica take over at once instead of after the lease duration.
 */
public final class Leadership implements AutoCloseable {
  static final String LEASE = "nspool-leader";
  private static final Logger log = LoggerFactory.getLogger(Leadership.class);

  /**
   * @param leaseDuration how long a Lease not renewed stays the old leader's (the failover time
   *     after a crash)
   * @param renewDeadline how long the leader keeps trying to renew before it gives up leading
   * @param retryPeriod how often replicas try to acquire or renew
   */
  public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    public static final Duration SHORTEST_LEASE = Duration.ofSeconds(3);
    public static final Timing DEFAULT = forLease(Duration.ofSeconds(15));

    /**
     * The timing for a Lease of {@code leaseDuration}, in client-go's proportions (15 s, 10 s, 2
     * s): the leader gives up renewing well before the Lease could pass to another replica, and
     * retries several times within that.
     */
    public static Timing forLease(Duration leaseDuration) {
      if (leaseDuration.compareTo(SHORTEST_LEASE) < 0) {
        throw new IllegalArgumentException(
            "must be at least "
                + SHORTEST_LEASE.toSeconds()
                + "s (the leader must renew it several times within it), got "
                + leaseDuration.toMillis()
                + "ms");
      }
      long ms = leaseDuration.toMillis();
      return new Timing(
          leaseDuration, Duration.ofMillis(ms * 2 / 3), Duration.ofMillis(ms * 2 / 15));
    }
  }

  Leadership() {}

  private final String identity = hostname() + "-" + UUID.randomUUID().toString().substring(0, 8);
  private volatile boolean closing;
  private CompletableFuture<?> election;
  private KubernetesClient electionClient;

  /**
   * Starts campaigning; {@code started} runs once this replica leads, {@code lost} if it stops.
   *
   * <p>The Lease is renewed through a client of its own (its own connection pool): at the start of
   * a replica with a pool of 1000 namespaces, the watches it opens kept the shared client's pool
   * busy for longer than the renew deadline, and the replica gave up the Lease it had just won.
   */
  Leadership start(
      KubernetesClient client, String namespace, Timing timing, Runnable started, Runnable lost) {
    KubernetesClient previous = electionClient;
    if (previous != null) {
      // Campaigning again from the lost callback, on the previous client's own thread.
      CompletableFuture.runAsync(previous::close);
    }
    electionClient = new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    election =
        electionClient
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName("nspool")
                    .withLock(new LeaseLock(namespace, LEASE, identity))
                    .withLeaseDuration(timing.leaseDuration())
                    .withRenewDeadline(timing.renewDeadline())
                    .withRetryPeriod(timing.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(
                            () -> {
                              log.info("Lease({}/{}) acquired by {}", namespace, LEASE, identity);
                              started.run();
                            },
                            () -> {
                              if (!closing) {
                                log.error(
                                    "Lease({}/{}) lost by {}: this replica stops reconciling",
                                    namespace,
                                    LEASE,
                                    identity);
                                lost.run();
                              }
                            },
                            leader ->
                                log.info("Lease({}/{}) is held by {}", namespace, LEASE, leader)))
                    .build())
            .build()
            .start();
    return this;
  }

  String identity() {
    return identity;
  }

  @Override
  public void close() {
    closing = true;
    if (election != null) {
      election.cancel(true); // releases the Lease before it returns
    }
    if (electionClient != null) {
      electionClient.close();
    }
  }

  private static String hostname() {
    String pod = System.getenv("HOSTNAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "nspool";
    }
  }
}
