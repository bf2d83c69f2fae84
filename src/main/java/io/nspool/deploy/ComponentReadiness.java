package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Optional;

/**
 * Whether one component of a release is ready, judged from the workload in the cluster the way its
 * controller reports it:
 *
 * <ul>
 *   <li>Deployment: available replicas at the desired count; StatefulSet: ready replicas at the
 *       desired count; DaemonSet: ready on every node it is scheduled on. Each only once its
 *       controller has observed the current spec, so a just-upgraded workload is not ready on the
 *       previous spec's numbers.
 *   <li>Job: complete. A hook Job with delete policy {@code hook-succeeded} that is gone is done:
 *       Helm deletes such a hook only after it succeeded, and the installed revision is only {@code
 *       deployed} once its hooks succeeded.
 *   <li>Anything else the manifest names that is not in the cluster is missing, hence not ready.
 * </ul>
 */
final class ComponentReadiness {
  private ComponentReadiness() {}

  /**
   * A component's status and what to say about it: why it is not ready, or a caveat of a ready one
   * (a DaemonSet on no node); null when there is nothing to say.
   */
  record Judged(ComponentStatus status, String note) {}

  static Judged judge(ReleaseWorkloads.Workload component, Optional<HasMetadata> current) {
    String name = component.name();
    String kind = component.kind().kind();
    if (current.isEmpty()) {
      if (component.hook() && component.deletedOnSuccess()) {
        int desired = component.desired();
        return new Judged(new ComponentStatus(name, kind, desired, desired, true), null);
      }
      return new Judged(new ComponentStatus(name, kind, component.desired(), 0, false), "missing");
    }
    HasMetadata object = current.get();
    return switch (component.kind()) {
      case DEPLOYMENT -> deployment(name, (Deployment) object);
      case STATEFUL_SET -> statefulSet(name, (StatefulSet) object);
      case DAEMON_SET -> daemonSet(name, (DaemonSet) object);
      case JOB -> job(name, (Job) object);
    };
  }

  private static Judged deployment(String name, Deployment d) {
    int desired = orZero(d.getSpec().getReplicas());
    int available = d.getStatus() == null ? 0 : orZero(d.getStatus().getAvailableReplicas());
    Long seen = d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
    return counted(name, "Deployment", desired, available, observed(d, seen));
  }

  private static Judged statefulSet(String name, StatefulSet s) {
    int desired = orZero(s.getSpec().getReplicas());
    int ready = s.getStatus() == null ? 0 : orZero(s.getStatus().getReadyReplicas());
    Long seen = s.getStatus() == null ? null : s.getStatus().getObservedGeneration();
    return counted(name, "StatefulSet", desired, ready, observed(s, seen));
  }

  private static Judged daemonSet(String name, DaemonSet s) {
    int desired = s.getStatus() == null ? 0 : orZero(s.getStatus().getDesiredNumberScheduled());
    int ready = s.getStatus() == null ? 0 : orZero(s.getStatus().getNumberReady());
    Long seen = s.getStatus() == null ? null : s.getStatus().getObservedGeneration();
    Judged judged = counted(name, "DaemonSet", desired, ready, observed(s, seen));
    if (judged.status().isReady() && desired == 0) {
      // Ready as its controller sees it (no node matches its selector or tolerations), but it
      // runs nothing, which the platform engineer should hear.
      return new Judged(judged.status(), "runs on no node: no node matches it");
    }
    return judged;
  }

  private static Judged job(String name, Job job) {
    int completions = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
    int succeeded = job.getStatus() == null ? 0 : orZero(job.getStatus().getSucceeded());
    List<JobCondition> conditions =
        job.getStatus() == null || job.getStatus().getConditions() == null
            ? List.of()
            : job.getStatus().getConditions();
    Optional<JobCondition> failed = condition(conditions, "Failed");
    boolean complete = condition(conditions, "Complete").isPresent();
    String note =
        complete
            ? null
            : failed
                .map(c -> "failed" + (c.getReason() == null ? "" : " (" + c.getReason() + ")"))
                .orElse(succeeded + "/" + completions + " succeeded");
    return new Judged(new ComponentStatus(name, "Job", completions, succeeded, complete), note);
  }

  private static Judged counted(
      String name, String kind, int desired, int ready, boolean observed) {
    boolean isReady = observed && ready >= desired;
    String note =
        isReady ? null : ready + "/" + desired + (observed ? "" : " (update not yet rolled out)");
    return new Judged(new ComponentStatus(name, kind, desired, ready, isReady), note);
  }

  /** Whether the workload's controller has seen its current spec. */
  private static boolean observed(HasMetadata workload, Long observedGeneration) {
    Long generation = workload.getMetadata().getGeneration();
    return observedGeneration != null && (generation == null || observedGeneration >= generation);
  }

  private static Optional<JobCondition> condition(List<JobCondition> conditions, String type) {
    return conditions.stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
