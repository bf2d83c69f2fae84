package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.nspool.deploy.ComponentReadiness.Judged;
import io.nspool.deploy.ReleaseWorkloads.Workload;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A component")
class ComponentReadinessTest {
  @Test
  @DisplayName("Deployment is ready at its desired available replicas, once its spec is observed")
  void deployment() {
    Workload web = new Workload(WorkloadKind.DEPLOYMENT, "web", 2, false, false);

    assertThat(judge(web, deployment(2, 2, 1L, 1L)).status())
        .isEqualTo(new ComponentStatus("web", "Deployment", 2, 2, true));
    Judged short1 = judge(web, deployment(2, 1, 1L, 1L));
    assertThat(short1.status().isReady()).isFalse();
    assertThat(short1.note()).isEqualTo("1/2");
    Judged upgraded = judge(web, deployment(2, 2, 2L, 1L));
    assertThat(upgraded.status().isReady()).isFalse();
    assertThat(upgraded.note()).contains("not yet rolled out");
  }

  @Test
  @DisplayName("StatefulSet is ready at its desired ready replicas")
  void statefulSet() {
    Workload db = new Workload(WorkloadKind.STATEFUL_SET, "db", 1, false, false);
    HasMetadata set =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("db")
            .withGeneration(1L)
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .endSpec()
            .withNewStatus()
            .withObservedGeneration(1L)
            .withReadyReplicas(0)
            .endStatus()
            .build();

    assertThat(judge(db, set).status())
        .isEqualTo(new ComponentStatus("db", "StatefulSet", 1, 0, false));
  }

  @Test
  @DisplayName(
      "DaemonSet is ready on every node it is scheduled on, and on none says that it runs nowhere")
  void daemonSet() {
    Workload logs = new Workload(WorkloadKind.DAEMON_SET, "logs", 0, false, false);

    assertThat(judge(logs, daemonSet(3, 3)).status())
        .isEqualTo(new ComponentStatus("logs", "DaemonSet", 3, 3, true));
    assertThat(judge(logs, daemonSet(3, 2)).note()).isEqualTo("2/3");
    Judged nowhere = judge(logs, daemonSet(0, 0));
    assertThat(nowhere.status().isReady()).isTrue();
    assertThat(nowhere.note()).contains("runs on no node");
  }

  @Test
  @DisplayName("Job is ready once complete, and says so when it failed")
  void job() {
    Workload once = new Workload(WorkloadKind.JOB, "once", 1, false, false);

    assertThat(judge(once, job(1, "Complete")).status())
        .isEqualTo(new ComponentStatus("once", "Job", 1, 1, true));
    Judged failed = judge(once, job(0, "Failed"));
    assertThat(failed.status().isReady()).isFalse();
    assertThat(failed.note()).isEqualTo("failed (BackoffLimitExceeded)");
    assertThat(judge(once, job(0, null)).note()).isEqualTo("0/1 succeeded");
  }

  @Test
  @DisplayName(
      "that is gone is missing, except a hook Job Helm deletes once it succeeded, which is done")
  void gone() {
    Judged missing =
        ComponentReadiness.judge(
            new Workload(WorkloadKind.DEPLOYMENT, "web", 1, false, false), Optional.empty());
    assertThat(missing.status()).isEqualTo(new ComponentStatus("web", "Deployment", 1, 0, false));
    assertThat(missing.note()).isEqualTo("missing");

    assertThat(
            ComponentReadiness.judge(
                    new Workload(WorkloadKind.JOB, "migrate", 1, true, true), Optional.empty())
                .status())
        .isEqualTo(new ComponentStatus("migrate", "Job", 1, 1, true));
    assertThat(
            ComponentReadiness.judge(
                    new Workload(WorkloadKind.JOB, "migrate", 1, true, false), Optional.empty())
                .note())
        .isEqualTo("missing");
  }

  private static Judged judge(Workload component, HasMetadata current) {
    return ComponentReadiness.judge(component, Optional.of(current));
  }

  private static HasMetadata deployment(
      int replicas, int available, long generation, long observed) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withGeneration(generation)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(observed)
        .withAvailableReplicas(available)
        .endStatus()
        .build();
  }

  private static HasMetadata daemonSet(int desired, int ready) {
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName("logs")
        .withGeneration(1L)
        .endMetadata()
        .withNewStatus()
        .withObservedGeneration(1L)
        .withDesiredNumberScheduled(desired)
        .withNumberReady(ready)
        .endStatus()
        .build();
  }

  private static HasMetadata job(int succeeded, String condition) {
    JobBuilder job =
        new JobBuilder().withNewMetadata().withName("once").endMetadata().withNewSpec().endSpec();
    var status = job.withNewStatus().withSucceeded(succeeded);
    if (condition != null) {
      status
          .addNewCondition()
          .withType(condition)
          .withStatus("True")
          .withReason("Failed".equals(condition) ? "BackoffLimitExceeded" : null)
          .endCondition();
    }
    return status.endStatus().build();
  }
}
