package io.nspool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.auth.Role;
import io.nspool.chart.ChartEntry;
import io.nspool.cli.client.ApiClient;
import io.nspool.deploy.BundledChart;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.testing.HelmRepositoryServer;
import io.nspool.testing.LocalRegistry;
import io.nspool.testing.RunningController;
import io.nspool.testing.RunningServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charts from a pool's catalogue, end to end: the real CLI against the real server, which fetches
 * the chart from a real Helm repository (HTTP on loopback) or a real OCI registry (Distribution,
 * built from its Go module; the chart pushed there by Helm's own push), verifies its digest, keeps
 * it by digest and installs it as the namespace's installer.
 */
@LocalKubernetes
@DisplayName("Charts from the pool's catalogue (real Helm repository, real OCI registry)")
class ChartCatalogueIT {
  private static final String VERSION = "0.1.0";
  private static final String LIE = "ab".repeat(32);

  @TempDir static Path dir;
  static RunningServer nspool;
  static HelmRepositoryServer repo;
  static LocalRegistry registry;
  static Map<String, String> member;
  static String digest;

  private final List<String> created = new ArrayList<>();

  @BeforeAll
  static void start(KubernetesClient admin) throws Exception {
    new Helm(BundledChart.path(BundledChart.DEFAULT)).packageIt().withDestination(dir).call();
    Path tgz = dir.resolve("airflow-" + VERSION + ".tgz");
    digest = HelmRepositoryServer.sha256(Files.readAllBytes(tgz));
    repo =
        new HelmRepositoryServer()
            .publish("airflow", VERSION, tgz)
            .publish("tampered", VERSION, tgz, LIE);
    registry = LocalRegistry.start();
    Helm.push()
        .withChart(tgz)
        .withRemote(URI.create(registry.reference("charts")))
        .plainHttp()
        .call();

    nspool = RunningServer.start(admin, "charts", 3, dir.resolve("cache"));
    ChartEntry fromRepo = ChartEntry.repository("from-repo", repo.url(), "airflow", VERSION);
    fromRepo.setDefault(true);
    fromRepo.setValues(Map.of("core", Map.of("parallelism", 8)));
    ChartEntry fromOci = ChartEntry.oci("from-oci", registry.reference("charts/airflow"), VERSION);
    fromOci.setPlainHttp(true);
    fromOci.setWaitTimeout("2m");
    ChartEntry tampered = ChartEntry.repository("tampered", repo.url(), "tampered", VERSION);
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    ChartEntry offline =
        ChartEntry.repository(
            "offline", "http://user:hunter2@127.0.0.1:" + closed, "airflow", VERSION);
    admin
        .resources(NamespacePool.class)
        .inNamespace(nspool.plan().controlNamespace())
        .withName(nspool.plan().pool())
        .edit(
            p -> {
              p.getSpec().setCharts(new ArrayList<>(List.of(fromRepo, fromOci, tampered, offline)));
              return p;
            });
    await()
        .atMost(RunningController.WAIT)
        .until(
            () ->
                nspool
                    .controller()
                    .pool(nspool.plan().pool())
                    .map(p -> p.getSpec().getCharts().size() == 4)
                    .orElse(false));
    member =
        Map.of(
            "NSPOOL_SERVER",
            nspool.url(),
            "NSPOOL_TOKEN",
            nspool.token("alice", Role.MEMBER, List.of("team-a")));
  }

  @AfterAll
  static void stop() {
    if (nspool != null) {
      nspool.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (repo != null) {
      repo.close();
    }
  }

  @AfterEach
  void giveThePoolBack() {
    for (String name : created) {
      CliRun.run(member, "deployment", "delete", name, "--hard", "--yes");
    }
    await()
        .atMost(RunningController.WAIT)
        .until(
            () ->
                nspool.controller().pool(nspool.plan().pool()).orElseThrow().getStatus().getFree()
                    == 3);
  }

  private static CliRun nspool(String... args) {
    CliRun run = CliRun.run(member, args);
    assertThat(run.err()).doesNotContain("\tat ");
    return run;
  }

  private static JsonNode get(String name) throws Exception {
    CliRun run = nspool("deployment", "get", name, "-o", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return ApiClient.JSON.readTree(run.out());
  }

  private static Path valuesFile() throws Exception {
    Path file = dir.resolve("values.yaml");
    Files.writeString(file, "images:\n  airflow: apache/airflow:2.10.4\n");
    return file;
  }

  /** The chart's values as installed: the entry's defaults under the tenant's -f file. */
  private static void assertInstalledWithBothValues(String name) throws Exception {
    String namespace = get(name).path("namespace").asText();
    KubernetesClient admin = nspool.admin();
    assertThat(
            admin
                .configMaps()
                .inNamespace(namespace)
                .withName(name + "-config")
                .get()
                .getData()
                .get("airflow.cfg"))
        .as("the catalogue entry's default values")
        .contains("parallelism = ");
    assertThat(
            admin
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name + "-scheduler")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .as("the -f file's values")
        .isEqualTo("apache/airflow:2.10.4");
  }

  @Test
  @DisplayName(
      "create --chart NAME --version V -f values.yaml --wait installs a Helm repository's chart,"
          + " verified and kept by its digest, with the entry's values under the file's: Ready")
  void fromHelmRepository() throws Exception {
    created.add("repo-d");
    CliRun run =
        nspool(
            "deployment",
            "create",
            "repo-d",
            "--chart",
            "from-repo",
            "--version",
            VERSION,
            "-f",
            valuesFile().toString(),
            "--wait",
            "--timeout",
            "3m");

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode d = get("repo-d");
    assertThat(d.path("phase").asText()).isEqualTo("Ready");
    assertThat(d.path("chart").asText()).isEqualTo("from-repo");
    assertThat(d.path("release").path("chart").asText()).isEqualTo("airflow-" + VERSION);
    assertInstalledWithBothValues("repo-d");
    String namespace = d.path("namespace").asText();
    assertThat(
            nspool
                .admin()
                .configMaps()
                .inNamespace(namespace)
                .withName("repo-d-config")
                .get()
                .getData()
                .get("airflow.cfg"))
        .contains("parallelism = 8");
    assertThat(dir.resolve("cache/sha256/" + digest + ".tgz")).exists();
    // At most once: when the OCI test ran first, it kept the same digest (Helm packages
    // deterministically) and this install read it from the cache without any download.
    assertThat(repo.requests("airflow-" + VERSION + ".tgz")).isLessThanOrEqualTo(1);
  }

  @Test
  @DisplayName(
      "create --chart NAME --version V -f values.yaml --wait installs an OCI registry's chart"
          + " (pushed by Helm, plain HTTP on loopback): Ready")
  void fromOciRegistry() throws Exception {
    created.add("oci-d");
    CliRun run =
        nspool(
            "deployment",
            "create",
            "oci-d",
            "--chart",
            "from-oci",
            "--version",
            VERSION,
            "-f",
            valuesFile().toString(),
            "--wait",
            "--timeout",
            "3m");

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode d = get("oci-d");
    assertThat(d.path("phase").asText()).isEqualTo("Ready");
    assertThat(d.path("release").path("chart").asText()).isEqualTo("airflow-" + VERSION);
    assertInstalledWithBothValues("oci-d");
    // Helm packages deterministically, so the registry's layer is the repository's archive.
    assertThat(dir.resolve("cache/sha256/" + digest + ".tgz")).exists();
  }

  @Test
  @DisplayName(
      "a chart whose archive is not the index's digest fails for good, naming the URL and both"
          + " digests, and is not downloaded again")
  void digestMismatch() throws Exception {
    created.add("bad-d");
    CliRun run = nspool("deployment", "create", "bad-d", "--chart", "tampered");
    assertThat(run.exitCode()).as(run.err()).isZero();

    await()
        .atMost(RunningController.WAIT)
        .untilAsserted(() -> assertThat(get("bad-d").path("phase").asText()).isEqualTo("Failed"));
    JsonNode installed = installed(get("bad-d"));
    assertThat(installed.path("reason").asText()).isEqualTo("ChartDigestMismatch");
    assertThat(installed.path("message").asText())
        .contains(repo.url() + "/tampered-" + VERSION + ".tgz")
        .contains("sha256:" + digest)
        .contains("sha256:" + LIE)
        .doesNotContain("retrying");
    Thread.sleep(Duration.ofSeconds(5).toMillis()); // five resyncs and retry delays
    assertThat(repo.requests("tampered-" + VERSION + ".tgz")).isEqualTo(1);
    assertThat(installed(get("bad-d")).path("reason").asText()).isEqualTo("ChartDigestMismatch");
  }

  @Test
  @DisplayName(
      "an unreachable repository is retried with backoff, each attempt visible in the condition,"
          + " its credentials never shown")
  void unreachableIsRetried() throws Exception {
    created.add("off-d");
    CliRun run = nspool("deployment", "create", "off-d", "--chart", "offline");
    assertThat(run.exitCode()).as(run.err()).isZero();

    await()
        .atMost(RunningController.WAIT)
        .untilAsserted(
            () -> {
              JsonNode installed = installed(get("off-d"));
              assertThat(installed.path("reason").asText()).isEqualTo("ChartFetchFailed");
              assertThat(installed.path("message").asText())
                  .contains("/index.yaml")
                  .contains("retrying in")
                  // A second attempt or any later one: a loaded machine's poll can miss the 2nd.
                  .containsPattern("\\(attempt ([2-9]|[1-9][0-9]+), ");
            });
    assertThat(get("off-d").toString()).doesNotContain("hunter2");
  }

  private static JsonNode installed(JsonNode deployment) {
    for (JsonNode c : deployment.path("conditions")) {
      if ("Installed".equals(c.path("type").asText())) {
        return c;
      }
    }
    throw new AssertionError("no Installed condition: " + deployment);
  }

  @Test
  @DisplayName(
      "an unknown chart or a version the entry does not pin is refused with 400 invalid_argument"
          + " naming the field, the value and the catalogue, and nothing is created")
  void refusedAtTheApi() throws Exception {
    CliRun unknown = nspool("deployment", "create", "x-d", "--chart", "nope");
    assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(unknown.err())
        .contains("chart: \"nope\" is not in the pool's catalogue; choose one of: from-repo")
        .contains("from-oci " + VERSION)
        .contains("tampered " + VERSION);

    CliRun version =
        nspool("deployment", "create", "x-d", "--chart", "from-oci", "--version", "9.9.9");
    assertThat(version.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(version.err())
        .contains("version: \"9.9.9\" is not offered for chart from-oci")
        .contains("pins it to " + VERSION);

    HttpResponse<String> raw =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(nspool.url() + "/api/v1/deployments"))
                    .header("Authorization", "Bearer " + member.get("NSPOOL_TOKEN"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"x-d\",\"chart\":\"/etc/charts/mine\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(raw.statusCode()).isEqualTo(400);
    JsonNode error = ApiClient.JSON.readTree(raw.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("invalid_argument");
    assertThat(error.path("message").asText()).startsWith("chart: \"/etc/charts/mine\"");
    assertThat(nspool.controller().deployment("x-d")).isEmpty();
  }

  @Test
  @DisplayName(
      "pool get lists the catalogue: names, sources, versions, the default, no credentials")
  void poolListsTheCatalogue() throws Exception {
    CliRun run = nspool("pool", "get", nspool.plan().pool(), "-o", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode charts = ApiClient.JSON.readTree(run.out()).path("charts");

    assertThat(charts.findValuesAsText("name"))
        .containsExactly("from-repo", "from-oci", "tampered", "offline");
    assertThat(charts.get(0).path("isDefault").asBoolean()).isTrue();
    assertThat(charts.get(1).path("source").asText()).isEqualTo("oci");
    assertThat(charts.get(1).path("version").asText()).isEqualTo(VERSION);
    assertThat(charts.get(3).path("location").asText()).startsWith("http://127.0.0.1:");
    assertThat(run.out()).doesNotContain("hunter2").doesNotContain("user:");
    CliRun table = nspool("pool", "get", nspool.plan().pool());
    assertThat(table.out()).contains("Charts:     from-repo " + VERSION + " (default, repository");
  }
}
