package io.nspool.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.deploy.DeploymentSpec;
import io.nspool.deploy.TenantDeployment;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.localcluster.ServiceAccountIdentity;
import io.nspool.localcluster.SimulatedNodes;
import io.nspool.pool.NamespacePool;
import io.nspool.rbac.NspoolRoles;
import io.nspool.testing.RunningController;
import io.nspool.testing.ServerProcess;
import io.nspool.testing.Testbed;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * charts/nspool on the local cluster: its rendered manifests applied as an admin would, nspool run
 * as the ServiceAccount and Roles they define, and a real {@code helm install} / {@code helm
 * uninstall} of it (Helm's Go code, through helm-java) that leaves tenants alone.
 */
@LocalKubernetes
@DisplayName("The nspool chart on the local cluster")
class ChartIT {
  private static final AtomicInteger counter = new AtomicInteger();
  private static final Path CHART =
      Path.of(System.getProperty("nspool.repoRoot", ".")).resolve("charts/nspool");
  private static final Duration WAIT = RunningController.WAIT;

  @Test
  @DisplayName(
      "applied server-side, runs its two server pods on the simulated nodes, and nspool acting as the chart's ServiceAccount and Roles (outside the cluster) gets ready and brings a deployment to Ready")
  void appliedManifestsRunNspool(LocalCluster cluster, KubernetesClient admin) throws Exception {
    String prefix = "chart-" + counter.incrementAndGet();
    String control = prefix + "-system";
    List<String> poolNamespaces = List.of(prefix + "-ns-1");
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("controlNamespace", Map.of("create", true));
    values.put("pool", Map.of("namespaces", poolNamespaces));
    List<HasMetadata> objects =
        InstallChart.objects(
            InstallChart.render(CHART, control, values), admin.getKubernetesSerialization());
    assertThat(objects).noneMatch(o -> o.getKind().startsWith("Cluster"));

    Testbed.installCrds(admin);
    for (HasMetadata object : objects) {
      admin.resource(object).fieldManager("chart-it").forceConflicts().serverSideApply();
    }

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<Pod> pods =
                  admin
                      .pods()
                      .inNamespace(control)
                      .withLabel("app.kubernetes.io/name", "nspool")
                      .list()
                      .getItems();
              assertThat(pods)
                  .hasSize(2)
                  .allSatisfy(
                      p -> {
                        assertThat(p.getSpec().getNodeName()).isIn(SimulatedNodes.names());
                        assertThat(p.getStatus().getPhase()).isEqualTo("Running");
                      });
            });

    int port = freePort();
    try (ServerProcess nspool =
        ServerProcess.start(cluster, admin, new ServiceAccountIdentity(control, "nspool"), port)) {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> status("http://127.0.0.1:" + port + "/readyz") == 200);

      TenantDeployment d = new TenantDeployment();
      d.getMetadata().setName("first");
      d.getMetadata().setNamespace(control);
      DeploymentSpec spec = new DeploymentSpec();
      spec.setPool("default");
      d.setSpec(spec);
      admin.resource(d).create();

      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                TenantDeployment now =
                    admin
                        .resources(TenantDeployment.class)
                        .inNamespace(control)
                        .withName("first")
                        .get();
                assertThat(now.getStatus()).isNotNull();
                assertThat(now.getStatus().getPhase())
                    .as("%s", now.getStatus().getConditions())
                    .isEqualTo("Ready");
                assertThat(now.getStatus().getNamespace()).isEqualTo(poolNamespaces.get(0));
              });
      assertThat(nspool.alive()).isTrue();
    }
  }

  @Test
  @DisplayName(
      "helm uninstall removes nspool's server and Roles but keeps every pool namespace, every tenant object, the pool, the users and the CRDs")
  void uninstallKeepsTenants(LocalCluster cluster, KubernetesClient admin) throws IOException {
    String prefix = "chart-" + counter.incrementAndGet();
    String control = prefix + "-system";
    List<String> poolNamespaces = List.of(prefix + "-ns-1", prefix + "-ns-2");
    Path values = Files.createTempFile("chart-it-values-", ".yaml");
    Files.writeString(
        values,
        io.fabric8.kubernetes.client.utils.Serialization.asYaml(
            Map.of(
                "global",
                Map.of(
                    "clusterRoles",
                    false,
                    "features",
                    Map.of(
                        "namespacePools",
                        Map.of(
                            "enabled",
                            true,
                            "namespaces",
                            Map.of("create", true, "names", poolNamespaces)))))));
    Testbed.installCrds(admin);

    new Helm(CHART)
        .install()
        .withName("nspool")
        .withNamespace(control)
        .createNamespace()
        .withKubeConfig(cluster.adminKubeconfig())
        .withValuesFile(values)
        .call();

    String tenantNs = poolNamespaces.get(0);
    assertThat(admin.rbac().roles().inNamespace(tenantNs).withName(NspoolRoles.ROLE_NAME).get())
        .as("installed by Helm")
        .isNotNull();
    admin
        .configMaps()
        .inNamespace(tenantNs)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("tenant-data")
                .endMetadata()
                .withData(Map.of("dags", "important"))
                .build())
        .create();
    TenantDeployment d = new TenantDeployment();
    d.getMetadata().setName("tenants-own");
    d.getMetadata().setNamespace(control);
    DeploymentSpec spec = new DeploymentSpec();
    spec.setPool("default");
    d.setSpec(spec);
    admin.resource(d).create();

    Helm.uninstall("nspool")
        .withNamespace(control)
        .withKubeConfig(cluster.adminKubeconfig())
        .call();

    assertThat(admin.apps().deployments().inNamespace(control).withName("nspool").get())
        .as("nspool's server is uninstalled")
        .isNull();
    for (String ns : poolNamespaces) {
      Namespace namespace = admin.namespaces().withName(ns).get();
      assertThat(namespace).as(ns).isNotNull();
      assertThat(namespace.getMetadata().getDeletionTimestamp()).as(ns).isNull();
      assertThat(namespace.getStatus().getPhase()).as(ns).isEqualTo("Active");
      assertThat(admin.rbac().roles().inNamespace(ns).withName(NspoolRoles.ROLE_NAME).get())
          .as("nspool's Role in %s is uninstalled", ns)
          .isNull();
    }
    assertThat(admin.configMaps().inNamespace(tenantNs).withName("tenant-data").get())
        .as("the tenant's object")
        .isNotNull();
    assertThat(
            admin
                .resources(TenantDeployment.class)
                .inNamespace(control)
                .withName("tenants-own")
                .get())
        .as("the tenant's deployment record")
        .isNotNull();
    assertThat(admin.resources(NamespacePool.class).inNamespace(control).withName("default").get())
        .isNotNull();
    assertThat(admin.secrets().inNamespace(control).withName(NspoolRoles.USERS_SECRET).get())
        .isNotNull();
    assertThat(
            admin
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("namespacepools.nspool.io")
                .get())
        .isNotNull();
    Files.deleteIfExists(values);
  }

  private static int status(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
