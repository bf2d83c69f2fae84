package io.nspool.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.security.auth.module.UnixSystem;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.localcluster.ServiceAccountIdentity;
import io.nspool.pool.PodSecurityLevel;
import io.nspool.testing.ImageBuild;
import io.nspool.testing.ImagePull;
import io.nspool.testing.LocalRegistry;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nspool's container image as a registry and a container runtime would see it, without either
 * product: the base from {@code image/build-base.sh} (cached), Jib ({@code mvn jib:build}) pushing
 * the image to a real OCI registry on loopback ({@link LocalRegistry}), the image pulled back by
 * the registry's HTTP API with every digest checked ({@link ImagePull}: manifest, config, each
 * layer compressed and uncompressed), its layers unpacked in order into a root filesystem, and the
 * image's entrypoint, environment and user run there: {@code unshare} into a mount and PID
 * namespace of its own with {@code /proc}, the root changed to the unpacked one, on this machine's
 * network. As root it switches to the image's user (65532) for real; otherwise a user namespace
 * maps the caller to it.
 *
 * <p>Nothing here skips for a missing image: it builds one. Only the run steps depend on the kernel
 * letting {@code unshare} make namespaces; where it refuses, they are aborted with its message, and
 * fail under {@code CI=true}.
 */
@LocalKubernetes
@DisplayName("nspool's container image")
class ImageIT {
  static final Path ROOT = Path.of(System.getProperty("nspool.repoRoot", ".")).toAbsolutePath();
  static final String VERSION = System.getProperty("nspool.version", "0.0.0-dev");
  static final boolean AS_ROOT = new UnixSystem().getUid() == 0;

  @TempDir static Path work;
  static LocalRegistry registry;
  static Path rootfs;
  static ImagePull.Pulled image;
  static String pushed;
  static String sandboxRefusal;

  @BeforeAll
  static void buildPushPull() throws Exception {
    ImageBuild build = new ImageBuild(ROOT);
    long started = System.nanoTime();
    Path base = build.base();
    long based = System.nanoTime();
    registry = LocalRegistry.start(Files.createDirectories(work.resolve("registry")));
    pushed = build.push(base, registry.address() + "/nspool:" + VERSION);
    long pushedAt = System.nanoTime();
    rootfs = Files.createDirectories(work.resolve("rootfs"));
    image =
        new ImagePull("http://" + registry.address(), "nspool")
            .pull(VERSION, pushed, Files.createDirectories(work.resolve("pull")), rootfs);
    long pulled = System.nanoTime();
    Files.createDirectories(rootfs.resolve("proc"));
    System.out.printf(
        "ImageIT: base %.1f s, Jib push %.1f s, pull + verify + unpack %.1f s (%d layers, %s)%n",
        (based - started) / 1e9,
        (pushedAt - based) / 1e9,
        (pulled - pushedAt) / 1e9,
        image.layers().size(),
        image.manifestDigest());
    sandboxRefusal = sandboxRefusal();
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  @DisplayName(
      "the image pulled back from the registry is the one Jib pushed: non-root user, the jar's layers split, OCI labels")
  void pulledImage() {
    assertThat(image.manifestDigest()).isEqualTo(pushed);
    JsonNode c = image.config().get("config");
    assertThat(c.get("User").asText()).isEqualTo("65532:65532");
    assertThat(c.get("Labels").get("org.opencontainers.image.version").asText()).isEqualTo(VERSION);
    assertThat(c.get("Labels").has("org.opencontainers.image.source")).isTrue();
    assertThat(image.layers())
        .as("the base, then dependencies, resources and classes in layers of their own")
        .hasSizeGreaterThanOrEqualTo(4)
        .doesNotHaveDuplicates();
    assertThat(rootfs.resolve("opt/java/bin/java")).isExecutable();
    assertThat(rootfs.resolve("app/jib-classpath-file")).isRegularFile();
  }

  @Test
  @DisplayName(
      "its entrypoint, run in the unpacked root filesystem as the image's user, prints the version")
  void version() throws Exception {
    requireSandbox();
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
    requireSandbox();
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
      ProcessHandle java =
          p.descendants()
              .filter(h -> h.info().command().map(c -> c.endsWith("/bin/java")).orElse(false))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no java process under " + p.pid()));
      Ids ids = Ids.of(java.pid());
      assertThat(ids.uidInside()).as("uid of nspool in its namespace: " + ids).isEqualTo(65532);
      assertThat(ids.gidInside()).as("gid of nspool in its namespace: " + ids).isEqualTo(65532);
      if (AS_ROOT) {
        assertThat(ids.uid())
            .as("no user namespace: the kernel's uid is 65532 itself")
            .isEqualTo(65532);
        assertThat(ids.capEff()).as("no capabilities left after the switch").isZero();
      }
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
   * The image's entrypoint with {@code args}, in the unpacked root filesystem, as the image's user,
   * with exactly the image's environment (plus {@code env}).
   */
  static ProcessBuilder container(List<String> args, Map<String, String> env) {
    JsonNode c = image.config().get("config");
    String[] user = c.get("User").asText().split(":", 2);
    List<String> command = new ArrayList<>(sandbox(user[0], user.length > 1 ? user[1] : user[0]));
    command.add("--root=" + rootfs);
    command.add("--wd=" + c.path("WorkingDir").asText("/"));
    command.add("--");
    c.get("Entrypoint").forEach(e -> command.add(e.asText()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    c.get("Env")
        .forEach(
            e -> {
              String[] kv = e.asText().split("=", 2);
              builder.environment().put(kv[0], kv[1]);
            });
    builder.environment().putAll(env);
    return builder;
  }

  /**
   * {@code unshare} into new mount and PID namespaces with a fresh {@code /proc} (inside the new
   * root), ending as {@code uid:gid}: as root by a real setgid/setuid (all capabilities dropped, as
   * a runtime does for a non-root image); otherwise in a user namespace mapping the caller to it,
   * since an unprivileged caller can map only itself (more ids need newuidmap and /etc/subuid).
   */
  static List<String> sandbox(String uid, String gid) {
    List<String> command =
        new ArrayList<>(
            List.of("unshare", "--mount", "--pid", "--fork", "--kill-child", "--mount-proc=/proc"));
    if (AS_ROOT) {
      command.addAll(List.of("--setgid=" + gid, "--setuid=" + uid));
    } else {
      command.addAll(List.of("--user", "--map-user=" + uid, "--map-group=" + gid));
    }
    return command;
  }

  /** Null when unshare can make the namespaces here, else what it said. */
  private static String sandboxRefusal() throws IOException, InterruptedException {
    List<String> probe = new ArrayList<>(sandbox("65532", "65532"));
    probe.addAll(List.of("--root=/", "--", "/bin/true"));
    Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    return p.waitFor() == 0 ? null : String.join(" ", probe) + " failed here: " + out;
  }

  /**
   * The run steps need the kernel to let unshare make namespaces: without, they say exactly that,
   * skipped on a workstation and failed under CI=true (where the image check must run).
   */
  private static void requireSandbox() {
    if (sandboxRefusal == null) {
      return;
    }
    String why =
        "cannot run the image's entrypoint: "
            + sandboxRefusal
            + " (needs unprivileged user namespaces, or root for mount and PID namespaces);"
            + " the build, push, pull and digest checks above still ran";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(why);
    }
    Assumptions.abort(why);
  }

  /**
   * A process's ids as the kernel reports them to this JVM, and as seen inside its user namespace
   * (its {@code uid_map}: identity when it has none of its own).
   */
  record Ids(long uid, long gid, long uidInside, long gidInside, long capEff) {
    static Ids of(long pid) throws IOException {
      Path proc = Path.of("/proc", String.valueOf(pid));
      Map<String, String> status = new java.util.HashMap<>();
      for (String line : Files.readAllLines(proc.resolve("status"))) {
        String[] kv = line.split(":\\s*", 2);
        if (kv.length == 2) {
          status.put(kv[0], kv[1]);
        }
      }
      long uid = Long.parseLong(status.get("Uid").split("\\s+")[0]);
      long gid = Long.parseLong(status.get("Gid").split("\\s+")[0]);
      return new Ids(
          uid,
          gid,
          inside(uid, Files.readAllLines(proc.resolve("uid_map"))),
          inside(gid, Files.readAllLines(proc.resolve("gid_map"))),
          Long.parseUnsignedLong(status.get("CapEff").trim(), 16));
    }

    /** Maps an id of this JVM's namespace through {@code inside outside count} lines. */
    private static long inside(long outside, List<String> map) {
      for (String line : map) {
        String[] f = line.trim().split("\\s+");
        long in = Long.parseLong(f[0]);
        long out = Long.parseLong(f[1]);
        long count = Long.parseLong(f[2]);
        if (outside >= out && outside < out + count) {
          return in + (outside - out);
        }
      }
      return -1;
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
