package io.nspool.localcluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How to start a local cluster.
 *
 * @param state where it keeps its keys, data, logs and pid files
 * @param binary the kube-local binary ({@link KubeLocalBinary#resolve})
 * @param controllerManager also run kube-controller-manager (namespace finalization, garbage
 *     collection, service accounts, deployments)
 * @param exitWithParent the processes exit when this JVM dies (tests, foreground up); false for a
 *     detached cluster that must outlive the command that started it
 * @param startTimeout how long all components together may take to become ready
 * @param progress receives one line per step, for the user to watch
 */
public record LocalClusterOptions(
    StateDir state,
    Path binary,
    boolean controllerManager,
    boolean exitWithParent,
    Duration startTimeout,
    Consumer<String> progress) {

  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(3);
}
