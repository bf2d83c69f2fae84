package io.nspool.localcluster;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How to start a local cluster.
 *
 * @param state where it keeps its keys, data, logs and pid files
 * @param binaries kube-local and kwok ({@link LocalBinaries#resolve})
 * @param workloads also run what makes workloads run: kube-controller-manager (all its default
 *     controllers), kube-scheduler and kwok with its simulated nodes; false runs etcd and the API
 *     server alone (benchmarks), where kwok's binary is not needed
 * @param exitWithParent the processes exit when this JVM dies (tests, foreground up); false for a
 *     detached cluster that must outlive the command that started it
 * @param startTimeout how long all components together may take to become ready
 * @param progress receives one line per step, for the user to watch
 */
public record LocalClusterOptions(
    StateDir state,
    LocalBinaries binaries,
    boolean workloads,
    boolean exitWithParent,
    Duration startTimeout,
    Consumer<String> progress) {

  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(3);

  public LocalClusterOptions {
    if (workloads && binaries.kwok() == null) {
      throw new IllegalArgumentException("a cluster that runs workloads needs kwok's binary");
    }
  }
}
