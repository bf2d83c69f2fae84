package io.nspool.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.localcluster.ServiceAccountIdentity;
import io.nspool.pool.PodSecurityLevel;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nspool's container image as a container runtime would run it, without one: the layers of the
 * tarball Jib built ({@code image/build.sh}) unpacked in order into a root filesystem, and the
 * image's entrypoint, environment and arguments run in it ({@code unshare} into a user, mount and
 * PID namespace of its own with {@code /proc}, then {@code chroot}), on this machine's network.
 * Skipped when the tarball is missing: build it first with {@code image/build.sh}.
 */
@LocalKubernetes
@DisplayName("nspool's container image")
class ImageIT {
  static final Path ROOT = Path.of(System.getProperty("nspool.repoRoot", "."));
  static final Path IMAGE = ROOT.resolve("target/jib-image.tar");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  static Path rootfs;
  static JsonNode config;

  @BeforeAll
  static void unpack() throws Exception {
    Assumptions.assumeTrue(
        Files.exists(IMAGE), IMAGE + " is missing: build the image with image/build.sh");
    Path extracted = Files.createDirectories(work.resolve("image"));
    run(tar(IMAGE, extracted));
    JsonNode manifest = JSON.readTree(extracted.resolve("manifest.json").toFile()).get(0);
    config = JSON.readTree(extracted.resolve(manifest.get("Config").asText()).toFile());
    rootfs = Files.createDirectories(work.resolve("rootfs"));
    for (JsonNode layer : manifest.get("Layers")) {
      run(
          List.of(
              "tar", "-xf", extracted.resolve(layer.asText()).toString(), "-C", rootfs.toString()));
    }
    Files.createDirectories(rootfs.resolve("proc"));
  }

  @Test
  @DisplayName(
      "runs as a non-root user with the jar's layers split and OCI labels, and its entrypoint prints the version")
  void version() throws Exception {
    JsonNode c = config.get("config");
    assertThat(c.get("User").asText()).isEqualTo("65532:65532");
    assertThat(c.get("Labels").get("org.opencontainers.image.version").asText())
        .isEqualTo(
            System.getProperty(
                "nspool.version",
                c.get("Labels").get("org.opencontainers.image.version").asText()));
    assertThat(c.get("Labels").has("org.opencontainers.image.source")).isTrue();
    assertThat(config.get("rootfs").get("diff_ids").size())
        .as("the base, then dependencies, resources and classes in layers of their own")
        .isGreaterThanOrEqualTo(4);

    Process p = container(List.of("--version"), Map.of()).start();
    String out = new String(p.getInputStream().readAllBytes());

    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("nspool");
  }

  @Test
  @DisplayName(
      "runs nspool server with in-cluster configuration (a ServiceAccount token and CA in the files a pod gets, KUBERNETES_SERVICE_HOST/PORT) against the local cluster, and gets ready")
  void serverInCluster(LocalCluster cluster, KubernetesClient admin) throws Exception {
    String control = "image-system";
    Installer.apply(
        admin,
        new InstallPlan(
            control,
            "nspool",
            "default",
            List.of("image-ns-1"),
            "14d",
            true,
            PodSecurityLevel.DEFAULT),
        line -> {});
    Path sa =
        Files.createDirectories(rootfs.resolve("var/run/secrets/kubernetes.io/serviceaccount"));
    Files.writeString(
        sa.resolve("token"),
        new ServiceAccountIdentity(control, "nspool").token(admin, Duration.ofMinutes(30)));
    Files.copy(
        cluster.apiserverCa(),
        sa.resolve("ca.crt"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(sa.resolve("namespace"), control);
    URI api = URI.create(cluster.server());
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Files.createDirectories(ROOT.resolve("target/it-logs")).resolve("image-server.log");
    Process p =
        container(
                List.of(
                    "server", "--namespace", control, "--bind", "127.0.0.1", "--port", "" + port),
                Map.of(
                    "KUBERNETES_SERVICE_HOST", api.getHost(),
                    "KUBERNETES_SERVICE_PORT", String.valueOf(api.getPort())))
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    try {
      int ready = port;
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !p.isAlive() || status("http://127.0.0.1:" + ready + "/readyz") == 200);
      assertThat(p.isAlive()).as("see " + log).isTrue();
      assertThat(status("http://127.0.0.1:" + port + "/readyz")).isEqualTo(200);
      assertThat(Files.readString(log)).contains("nspool server running");
    } finally {
      // unshare --fork ignores SIGTERM while it waits; SIGKILL, and --kill-child takes nspool too.
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> p.descendants().noneMatch(ProcessHandle::isAlive));
    }
  }

  /**
   * The image's entrypoint with {@code args}, in the unpacked root filesystem, with exactly the
   * image's environment (plus {@code env}).
   */
  static ProcessBuilder container(List<String> args, Map<String, String> env) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "--user",
                "--map-root-user",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child",
                "--mount-proc=" + rootfs.resolve("proc"),
                "chroot",
                rootfs.toString()));
    config.get("config").get("Entrypoint").forEach(e -> command.add(e.asText()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    config
        .get("config")
        .get("Env")
        .forEach(
            e -> {
              String[] kv = e.asText().split("=", 2);
              builder.environment().put(kv[0], kv[1]);
            });
    builder.environment().putAll(env);
    return builder;
  }

  private static List<String> tar(Path archive, Path into) {
    return List.of(
        "tar", "--warning=no-unknown-keyword", "-xf", archive.toString(), "-C", into.toString());
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(command + " failed: " + out);
    }
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
}
