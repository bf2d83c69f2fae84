package io.nspool.localcluster;

import java.util.List;
import java.util.stream.Collectors;

/** A second start of the same state folder; the first cluster is left untouched. */
public class AlreadyRunningException extends LocalClusterException {
  public AlreadyRunningException(StateDir state, List<ComponentProcess> running) {
    super(
        "a local cluster is already running from "
            + state.root()
            + " ("
            + running.stream()
                .map(p -> p.component().role() + " pid " + p.pid())
                .collect(Collectors.joining(", "))
            + "); use it with KUBECONFIG="
            + state.kubeconfig()
            + ", or stop it with `nspool down`");
  }
}
