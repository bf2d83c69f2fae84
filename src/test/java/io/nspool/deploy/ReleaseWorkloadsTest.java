package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nspool.deploy.ReleaseWorkloads.Workload;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A release's workloads")
class ReleaseWorkloadsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** As Helm renders it: "# Source" comments, labels that are not Helm's, a blank-ish config. */
  private static final String MANIFEST =
      """
      ---
      # Source: airflow/templates/configmap.yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: a-config
      data:
        airflow.cfg: |
          [core]
       \s
          executor = KubernetesExecutor
              \s
          ---
          [logging]
      ---
      # Source: airflow/templates/empty.yaml
      ---
      # Source: airflow/templates/scheduler.yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: a-scheduler
        labels:
          release: a
          component: scheduler
          tier: airflow
      spec:
        replicas: 2
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: a-worker
      ---
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: a-logs
      ---
      apiVersion: batch.volcano.sh/v1alpha1
      kind: Job
      metadata:
        name: not-a-batch-job
      ---
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: a-once
      """;

  @Test
  @DisplayName(
      "are the Deployments, StatefulSets, DaemonSets and Jobs of the manifest, whatever their"
          + " labels, through empty documents and whitespace-only lines in block scalars")
  void fromManifest() {
    List<Workload> workloads = ReleaseWorkloads.of(release(MANIFEST));

    assertThat(workloads)
        .containsExactly(
            new Workload(WorkloadKind.DEPLOYMENT, "a-scheduler", 2, false, false),
            new Workload(WorkloadKind.STATEFUL_SET, "a-worker", 1, false, false),
            new Workload(WorkloadKind.DAEMON_SET, "a-logs", 0, false, false),
            new Workload(WorkloadKind.JOB, "a-once", 1, false, false));
    assertThat(
            ReleaseWorkloads.documents(MANIFEST).get(0).path("data").path("airflow.cfg").asText())
        .as("the block scalar is read whole, its blank lines and its --- included")
        .isEqualTo("[core]\n\nexecutor = KubernetesExecutor\n     \n---\n[logging]\n");
  }

  @Test
  @DisplayName(
      "include the Job hooks that installs and upgrades run, noting those Helm deletes on success,"
          + " and not test or delete hooks")
  void hooks() {
    ObjectNode release = release("");
    ArrayNode hooks = release.putArray("hooks");
    hooks.add(
        hook("a-migrate", List.of("post-install", "post-upgrade"), List.of("hook-succeeded")));
    hooks.add(hook("a-wait", List.of("pre-upgrade"), List.of("before-hook-creation")));
    hooks.add(hook("a-test", List.of("test"), List.of()));
    hooks.add(hook("a-cleanup", List.of("pre-delete"), List.of()));

    assertThat(ReleaseWorkloads.of(release))
        .containsExactly(
            new Workload(WorkloadKind.JOB, "a-migrate", 1, true, true),
            new Workload(WorkloadKind.JOB, "a-wait", 1, true, false));
  }

  @Test
  @DisplayName("are none for a chart without workloads, and an unreadable manifest says so")
  void noneAndBroken() {
    assertThat(ReleaseWorkloads.of(release("apiVersion: v1\nkind: ConfigMap\n"))).isEmpty();
    assertThat(ReleaseWorkloads.of(JSON.createObjectNode())).isEmpty();
    assertThatThrownBy(() -> ReleaseWorkloads.of(release("kind: [Deployment\n")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot parse the release's manifest");
  }

  private static ObjectNode release(String manifest) {
    ObjectNode release = JSON.createObjectNode();
    release.put("name", "a");
    release.put("manifest", manifest);
    return release;
  }

  private static ObjectNode hook(String name, List<String> events, List<String> policies) {
    ObjectNode hook = JSON.createObjectNode();
    hook.put("name", name);
    hook.put("kind", "Job");
    hook.put(
        "manifest",
        "# Source: a/templates/hook.yaml\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: "
            + name
            + "\n");
    events.forEach(hook.putArray("events")::add);
    policies.forEach(hook.putArray("delete_policies")::add);
    return hook;
  }
}
