package io.nspool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.auth.Role;
import io.nspool.deploy.DeploymentSpec;
import io.nspool.deploy.ExecutorNamespaces;
import io.nspool.deploy.TenantDeployment;
import io.nspool.localcluster.ContainerLogs;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.logs.FollowedLogs;
import io.nspool.testing.RunningController;
import io.nspool.testing.RunningServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Logs and events of a deployment through the REST API, on the real local cluster (whose kwok nodes
 * serve every container's log from one file, {@link ContainerLogs}), nspool acting as its
 * namespace-scoped identity. The chart labels its workloads only {@code release}/{@code component}.
 */
@LocalKubernetes
@DisplayName("Deployment logs and events through the API")
class DeploymentLogsIT {
  private static final Path CHART = Path.of("src/test/resources/charts/labelled-its-way");
  private static final Pattern LINE =
      Pattern.compile("^\\[([^/\\]]+)/([^/\\]]+)/([^/\\]]+)\\] (.*)$");

  static RunningServer nspool;
  static ContainerLogs containerLogs;
  static Http http;
  static String member;
  static String otherViewer;
  static String namespace;
  static String executor;

  @BeforeAll
  static void start(KubernetesClient kube, LocalCluster cluster) {
    nspool = RunningServer.start(kube, "logs", 3);
    containerLogs = cluster.containerLogs();
    http = new Http(nspool.url());
    member = nspool.token("alice", Role.MEMBER, List.of("team-a"));
    otherViewer = nspool.token("olga", Role.VIEWER, List.of("team-b"));

    kube.resources(io.nspool.pool.NamespacePool.class)
        .inNamespace(nspool.plan().controlNamespace())
        .withName(nspool.plan().pool())
        .edit(
            p -> {
              p.getSpec()
                  .setCharts(
                      new java.util.ArrayList<>(
                          List.of(
                              io.nspool.chart.ChartEntry.path(
                                  "labelled-its-way", CHART.toAbsolutePath().toString()))));
              return p;
            });
    TenantDeployment d = new TenantDeployment();
    d.getMetadata().setName("lw");
    d.getMetadata().setNamespace(nspool.plan().controlNamespace());
    DeploymentSpec spec = new DeploymentSpec();
    spec.setPool(nspool.plan().pool());
    spec.setWorkspace("team-a");
    spec.setChart("labelled-its-way");
    spec.setExecutorNamespaces(ExecutorNamespaces.count(1));
    d.setSpec(spec);
    nspool.controller().client().resource(d).create();
    await()
        .atMost(RunningController.WAIT)
        .until(
            () ->
                nspool
                    .controller()
                    .deployment("lw")
                    .map(x -> x.getStatus() != null && "Ready".equals(x.getStatus().getPhase()))
                    .orElse(false));
    namespace = nspool.controller().deployment("lw").orElseThrow().getStatus().getNamespace();
    executor =
        nspool
            .controller()
            .deployment("lw")
            .orElseThrow()
            .getStatus()
            .getExecutorNamespaces()
            .get(0);
    // A task pod, as the executor launches them in its executor namespace.
    kube.pods().inNamespace(executor).resource(pod("task-1", Map.of("dag_id", "etl"))).create();
    await()
        .atMost(RunningController.WAIT)
        .until(
            () ->
                "Running"
                    .equals(
                        kube.pods()
                            .inNamespace(executor)
                            .withName("task-1")
                            .get()
                            .getStatus()
                            .getPhase()));
    // A pod labelled as the bundled chart labels its pods, but which no workload of the release
    // selects: a label guess would take it for the deployment's; the release's manifest does not.
    kube.pods()
        .inNamespace(namespace)
        .resource(
            pod(
                "impostor",
                Map.of(
                    "app.kubernetes.io/instance", "lw",
                    "app.kubernetes.io/component", "webserver")))
        .create();
  }

  private static Pod pod(String name, Map<String, String> labels) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("base")
        .withImage("apache/airflow")
        .endContainer()
        .endSpec()
        .build();
  }

  @AfterAll
  static void stop() {
    nspool.close();
  }

  @Test
  @DisplayName(
      "the logs are those of the pods each workload of the release selects and of the task pods"
          + " of its executor namespace, every line labelled [namespace/pod/container], and no"
          + " other pod's")
  void podsOfTheRelease(KubernetesClient kube) {
    String marker = "podsOfTheRelease-" + System.nanoTime();
    containerLogs.append(marker);

    Http.Response logs = http.get("/api/v1/deployments/lw/logs?tail=5", member);

    assertThat(logs.status()).as(logs.text()).isEqualTo(200);
    List<String> lines = logs.text().lines().toList();
    assertThat(lines).allSatisfy(l -> assertThat(l).matches(LINE));
    Set<String> sources = lines.stream().map(DeploymentLogsIT::source).collect(Collectors.toSet());
    Set<String> expected =
        new java.util.HashSet<>(
            expectedSources(kube, Set.of("webserver", "worker", "log-shipper")));
    expected.add(executor + "/task-1/base");
    assertThat(sources).isEqualTo(expected);
    assertThat(sources).noneMatch(s -> s.contains("impostor"));
    // Every container's log ends with the line just appended, and only 5 lines of each are sent.
    assertThat(lines).filteredOn(l -> l.endsWith("] " + marker)).hasSize(sources.size());
    assertThat(lines).hasSizeLessThanOrEqualTo(5 * sources.size());
  }

  @Test
  @DisplayName(
      "component selects one component by its status name or without the release prefix; an"
          + " unknown one is 400 naming the components; tail=0 sends no earlier line")
  void component(KubernetesClient kube) {
    Http.Response bare = http.get("/api/v1/deployments/lw/logs?component=webserver&tail=1", member);
    Http.Response full = http.get("/api/v1/deployments/lw/logs?component=lw-worker&tail=1", member);
    Http.Response unknown = http.get("/api/v1/deployments/lw/logs?component=scheduler", member);
    Http.Response none = http.get("/api/v1/deployments/lw/logs?tail=0", member);
    Http.Response workers =
        http.get("/api/v1/deployments/lw/logs?component=workers&tail=1", member);

    assertThat(bare.text().lines().map(DeploymentLogsIT::source).collect(Collectors.toSet()))
        .isEqualTo(expectedSources(kube, Set.of("webserver")));
    assertThat(full.text().lines().map(DeploymentLogsIT::source).collect(Collectors.toSet()))
        .isEqualTo(expectedSources(kube, Set.of("worker")));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.errorMessage())
        .isEqualTo(
            "component: \"scheduler\" is not a component of deployment \"lw\"; its components:"
                + " lw-log-shipper, lw-run-airflow-migrations, lw-webserver, lw-worker, workers");
    assertThat(workers.text().lines().map(DeploymentLogsIT::source).toList())
        .containsExactly(executor + "/task-1/base");
    assertThat(none.status()).isEqualTo(200);
    assertThat(none.text()).isEmpty();
  }

  @Test
  @DisplayName(
      "follow streams a line logged after the stream started, and a client that disconnects"
          + " closes every stream: no reader thread is left")
  void follow() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    String after = "followed-" + System.nanoTime();
    try (Socket socket = new Socket("127.0.0.1", java.net.URI.create(nspool.url()).getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /api/v1/deployments/lw/logs?component=webserver&tail=0&follow=true HTTP/1.1\r\n"
                  + "Host: 127.0.0.1\r\nAuthorization: Bearer "
                  + member
                  + "\r\nAccept: text/plain\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
      Thread reader =
          new Thread(
              () -> {
                try {
                  String line;
                  while ((line = in.readLine()) != null) {
                    received.add(line);
                  }
                } catch (java.io.IOException closed) {
                  // the test closed the socket
                }
              });
      reader.setDaemon(true);
      reader.start();

      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                containerLogs.append(after);
                assertThat(received).anySatisfy(l -> assertThat(l).endsWith("] " + after));
              });
      assertThat(received)
          .filteredOn(l -> l.endsWith("] " + after))
          .allSatisfy(l -> assertThat(l).contains("[" + namespace + "/lw-webserver-"));
      assertThat(readers()).isNotEmpty();
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(readers()).isEmpty());
  }

  @Test
  @DisplayName(
      "a viewer of another workspace gets 404 for the logs, the followed logs and the events")
  void otherWorkspace() {
    for (String path :
        List.of(
            "/api/v1/deployments/lw/logs",
            "/api/v1/deployments/lw/logs?follow=true",
            "/api/v1/deployments/lw/events")) {
      Http.Response r = http.get(path, otherViewer);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.errorCode()).isEqualTo("not_found");
    }
  }

  @Test
  @DisplayName(
      "events come from all the deployment's namespaces, its executor namespace's too, each"
          + " naming its namespace")
  void events() {
    await()
        .atMost(RunningController.WAIT)
        .untilAsserted(
            () -> {
              JsonNode items =
                  http.get("/api/v1/deployments/lw/events", member).json().path("items");
              assertThat(items).isNotEmpty();
              assertThat(items)
                  .allSatisfy(
                      e -> assertThat(e.path("namespace").asText()).isIn(namespace, executor));
              assertThat(items)
                  .anySatisfy(
                      e -> {
                        assertThat(e.path("namespace").asText()).isEqualTo(namespace);
                        assertThat(e.path("object").asText()).startsWith("Pod/lw-");
                      });
              assertThat(items)
                  .anySatisfy(
                      e -> {
                        assertThat(e.path("namespace").asText()).isEqualTo(executor);
                        assertThat(e.path("object").asText()).isEqualTo("Pod/task-1");
                      });
            });
  }

  /** The reader threads of followed logs of this test's namespace. */
  private static List<String> readers() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(n -> n.startsWith(FollowedLogs.THREAD_PREFIX + "[" + namespace + "/"))
        .toList();
  }

  private static String source(String line) {
    Matcher m = LINE.matcher(line);
    assertThat(m.matches()).as(line).isTrue();
    return m.group(1) + "/" + m.group(2) + "/" + m.group(3);
  }

  /** namespace/pod/container of the pods labelled with these components by the chart. */
  private static Set<String> expectedSources(KubernetesClient kube, Set<String> components) {
    return kube.pods().inNamespace(namespace).withLabel("release", "lw").list().getItems().stream()
        .filter(p -> components.contains(p.getMetadata().getLabels().get("component")))
        .flatMap(
            (Pod p) ->
                p.getSpec().getContainers().stream()
                    .map(c -> namespace + "/" + p.getMetadata().getName() + "/" + c.getName()))
        .collect(Collectors.toSet());
  }
}
