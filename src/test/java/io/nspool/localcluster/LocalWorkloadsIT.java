package io.nspool.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The local cluster behaves like a real one where workloads are concerned: kube-controller-manager
 * with its default controllers, kube-scheduler, and kwok's simulated nodes and pod lifecycle.
 */
@LocalKubernetes
@DisplayName("Workloads on the local cluster")
class LocalWorkloadsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AtomicInteger counter = new AtomicInteger();

  @Test
  @DisplayName("has three Ready nodes of 8 CPU, 32 GiB and 110 pods, managed by kwok")
  void nodes(KubernetesClient admin) {
    List<Node> nodes = admin.nodes().list().getItems();

    assertThat(nodes)
        .extracting(n -> n.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(SimulatedNodes.names());
    assertThat(nodes)
        .allSatisfy(
            n -> {
              assertThat(n.getMetadata().getAnnotations())
                  .containsEntry("kwok.x-k8s.io/node", "fake");
              assertThat(n.getStatus().getAllocatable())
                  .containsEntry("cpu", new Quantity("8"))
                  .containsEntry("memory", new Quantity("32Gi"))
                  .containsEntry("pods", new Quantity("110"));
              assertThat(n.getStatus().getConditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("Ready");
                        assertThat(c.getStatus()).isEqualTo("True");
                      });
            });
  }

  @Test
  @DisplayName(
      "schedules a Deployment's pods onto the nodes, where kwok runs them: Running and Ready, and"
          + " no SimulatedKubelet anywhere")
  void deploymentRunsOnNodes(KubernetesClient admin) {
    String ns = namespace(admin, "run");
    admin.apps().deployments().inNamespace(ns).resource(deployment("web", 2, "100m")).create();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Deployment d = admin.apps().deployments().inNamespace(ns).withName("web").get();
              assertThat(d.getStatus().getReadyReplicas()).isEqualTo(2);
            });
    List<Pod> pods = admin.pods().inNamespace(ns).list().getItems();
    assertThat(pods)
        .hasSize(2)
        .allSatisfy(
            p -> {
              assertThat(p.getSpec().getNodeName()).isIn(SimulatedNodes.names());
              assertThat(p.getStatus().getPhase()).isEqualTo("Running");
              assertThat(p.getStatus().getHostIP()).isEqualTo("127.0.0.1");
              assertThat(p.getStatus().getPodIP()).startsWith("10.244.");
            });
    assertThatThrownBy(() -> Class.forName("io.nspool.localcluster.SimulatedKubelet"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  @DisplayName(
      "fills a ResourceQuota's status.used, and a Deployment over the quota gets FailedCreate on"
          + " its ReplicaSet")
  void resourceQuota(KubernetesClient admin) {
    String ns = namespace(admin, "quota");
    admin
        .resourceQuotas()
        .inNamespace(ns)
        .resource(
            new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName("small")
                .endMetadata()
                .withNewSpec()
                .withHard(Map.of("requests.cpu", new Quantity("1"), "pods", new Quantity("5")))
                .endSpec()
                .build())
        .create();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ResourceQuota q = admin.resourceQuotas().inNamespace(ns).withName("small").get();
              assertThat(q.getStatus()).isNotNull();
              assertThat(q.getStatus().getUsed()).containsEntry("pods", new Quantity("0"));
            });

    // Three replicas of 400m: two fit in 1 CPU, the third is refused by quota admission.
    admin.apps().deployments().inNamespace(ns).resource(deployment("big", 3, "400m")).create();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ResourceQuota q = admin.resourceQuotas().inNamespace(ns).withName("small").get();
              assertThat(q.getStatus().getUsed())
                  .containsEntry("pods", new Quantity("2"))
                  .containsEntry("requests.cpu", new Quantity("800m"));
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<ReplicaSet> sets = admin.apps().replicaSets().inNamespace(ns).list().getItems();
              assertThat(sets).hasSize(1);
              assertThat(events(admin, ns, "ReplicaSet", sets.get(0).getMetadata().getName()))
                  .anySatisfy(
                      e -> {
                        assertThat(e.getReason()).isEqualTo("FailedCreate");
                        assertThat(e.getMessage()).contains("exceeded quota");
                      });
            });
  }

  @Test
  @DisplayName(
      "leaves a pod that asks for more CPU than any node has Pending, with FailedScheduling")
  void unschedulablePod(KubernetesClient admin) {
    String ns = namespace(admin, "huge");
    admin
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("huge")
                .endMetadata()
                .withSpec(podSpec("Always", "16"))
                .build())
        .create();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(events(admin, ns, "Pod", "huge"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("FailedScheduling");
                          assertThat(e.getMessage()).contains("Insufficient cpu");
                        }));
    Pod pod = admin.pods().inNamespace(ns).withName("huge").get();
    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pod.getSpec().getNodeName()).isNull();
  }

  @Test
  @DisplayName(
      "completes a Job, fails a Job whose pod is annotated nspool.io/simulate=fail, and deletes a"
          + " finished Job after its TTL")
  void jobs(KubernetesClient admin) {
    String ns = namespace(admin, "jobs");
    admin.batch().v1().jobs().inNamespace(ns).resource(job("works", Map.of(), null)).create();
    admin
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .resource(job("breaks", Map.of("nspool.io/simulate", "fail"), null))
        .create();
    admin.batch().v1().jobs().inNamespace(ns).resource(job("brief", Map.of(), 0)).create();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Job works = admin.batch().v1().jobs().inNamespace(ns).withName("works").get();
              assertThat(works.getStatus().getSucceeded()).isEqualTo(1);
              assertThat(works.getStatus().getConditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("Complete");
                        assertThat(c.getStatus()).isEqualTo("True");
                      });
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Job breaks = admin.batch().v1().jobs().inNamespace(ns).withName("breaks").get();
              assertThat(breaks.getStatus().getConditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("Failed");
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded");
                      });
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(admin.batch().v1().jobs().inNamespace(ns).withName("brief").get())
                    .isNull());
  }

  @Test
  @DisplayName(
      "publishes the root CA into every new namespace and fills a legacy ServiceAccount token"
          + " Secret")
  void serviceAccountTokensAndRootCa(KubernetesClient admin) {
    String ns = namespace(admin, "tokens");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(admin.configMaps().inNamespace(ns).withName("kube-root-ca.crt").get())
                    .isNotNull());
    await()
        .atMost(WAIT)
        .until(() -> admin.serviceAccounts().inNamespace(ns).withName("default").get() != null);
    admin
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("default-token")
                .withAnnotations(Map.of("kubernetes.io/service-account.name", "default"))
                .endMetadata()
                .withType("kubernetes.io/service-account-token")
                .build())
        .create();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Secret secret = admin.secrets().inNamespace(ns).withName("default-token").get();
              assertThat(secret.getData()).containsKeys("token", "ca.crt", "namespace");
            });
  }

  @Test
  @DisplayName(
      "serves container logs from the cluster's log file through the API server: kubectl logs,"
          + " tailing, and a followed log that receives a line appended after it started")
  void containerLogs(LocalCluster cluster, KubernetesClient admin) throws Exception {
    String ns = namespace(admin, "logs");
    admin.apps().deployments().inNamespace(ns).resource(deployment("talker", 1, "100m")).create();
    await()
        .atMost(WAIT)
        .until(
            () ->
                Integer.valueOf(1)
                    .equals(
                        admin
                            .apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName("talker")
                            .get()
                            .getStatus()
                            .getReadyReplicas()));
    String pod = admin.pods().inNamespace(ns).list().getItems().get(0).getMetadata().getName();
    String before = "before-" + System.nanoTime();
    cluster.containerLogs().append(before);

    CommandResult kubectl = cluster.kubectl("logs", "-n", ns, pod, "-c", "main", "--tail=1");
    assertThat(kubectl.exitCode()).as(kubectl.toString()).isZero();
    assertThat(kubectl.stdout()).isEqualTo(before + "\n");
    assertThat(admin.pods().inNamespace(ns).withName(pod).getLog())
        .startsWith("nspool local cluster: simulated container")
        .contains(before + "\n");

    var received = new java.io.ByteArrayOutputStream();
    try (var watch =
        admin.pods().inNamespace(ns).withName(pod).tailingLines(0).watchLog(received)) {
      String after = "after-" + System.nanoTime();
      // The follow begins once the API server reached kwok; keep appending until a line arrives.
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                cluster.containerLogs().append(after);
                assertThat(received.toString()).contains(after + "\n").doesNotContain(before);
              });
    }
  }

  private static String namespace(KubernetesClient admin, String label) {
    String name = "wl-" + label + "-" + counter.incrementAndGet();
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  private static List<Event> events(KubernetesClient admin, String ns, String kind, String name) {
    return admin.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(
            e ->
                kind.equals(e.getInvolvedObject().getKind())
                    && name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static PodSpec podSpec(String restartPolicy, String cpu) {
    return new PodSpecBuilder()
        .withRestartPolicy(restartPolicy)
        .addNewContainer()
        .withName("main")
        .withImage("busybox:1.36")
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity("64Mi")))
        .endResources()
        .endContainer()
        .build();
  }

  private static Deployment deployment(String name, int replicas, String cpu) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(Map.of("app", name))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withSpec(podSpec("Always", cpu))
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Job job(String name, Map<String, String> podAnnotations, Integer ttl) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withTtlSecondsAfterFinished(ttl)
        .withNewTemplate()
        .withNewMetadata()
        .withAnnotations(podAnnotations)
        .endMetadata()
        .withSpec(podSpec("Never", "100m"))
        .endTemplate()
        .endSpec()
        .build();
  }
}
