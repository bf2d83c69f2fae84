package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of object that make up a release's components: what runs the tenant's pods and reports
 * whether they run. Matched by API group as well as kind, so a custom resource that happens to be
 * called {@code Job} (Volcano's, say) is not mistaken for one.
 */
enum WorkloadKind {
  DEPLOYMENT("Deployment", "apps", Deployment.class),
  STATEFUL_SET("StatefulSet", "apps", StatefulSet.class),
  DAEMON_SET("DaemonSet", "apps", DaemonSet.class),
  JOB("Job", "batch", Job.class);

  private final String kind;
  private final String group;
  private final Class<? extends HasMetadata> type;

  WorkloadKind(String kind, String group, Class<? extends HasMetadata> type) {
    this.kind = kind;
    this.group = group;
    this.type = type;
  }

  /** The kind as Kubernetes spells it, and as the status shows it. */
  String kind() {
    return kind;
  }

  Class<? extends HasMetadata> type() {
    return type;
  }

  /** The workload kind the status names ({@link ComponentStatus#getKind()}), if it is one. */
  static Optional<WorkloadKind> named(String kind) {
    return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
  }

  /** The workload kind of a manifest's {@code apiVersion} and {@code kind}, if it is one. */
  static Optional<WorkloadKind> of(String apiVersion, String kind) {
    String group =
        apiVersion == null || !apiVersion.contains("/")
            ? ""
            : apiVersion.substring(0, apiVersion.indexOf('/'));
    return Arrays.stream(values())
        .filter(k -> k.kind.equals(kind) && k.group.equals(group))
        .findFirst();
  }
}
