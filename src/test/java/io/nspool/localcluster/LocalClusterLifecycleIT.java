package io.nspool.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@LocalKubernetes
@DisplayName("The local control plane")
class LocalClusterLifecycleIT {

  @Test
  @DisplayName("reports the Kubernetes version pinned in localcluster/go.mod")
  void reportsPinnedVersion(KubernetesClient admin) throws Exception {
    String goMod =
        Files.readString(
            Path.of(System.getProperty("nspool.repoRoot", ".")).resolve("localcluster/go.mod"));
    Matcher pinned = Pattern.compile("k8s\\.io/kubernetes (v\\d+\\.\\d+\\.\\d+)").matcher(goMod);
    assertThat(pinned.find()).isTrue();

    assertThat(admin.getKubernetesVersion().getGitVersion()).isEqualTo(pinned.group(1));
  }

  @Test
  @DisplayName("runs with RBAC authorization: an unbound ServiceAccount may do nothing")
  void rbacIsOn(KubernetesClient admin) {
    var nobody = new ServiceAccountIdentity("default", "nobody").ensureExists(admin);
    try (KubernetesClient client = nobody.client(admin)) {
      assertThatThrownBy(() -> client.configMaps().inNamespace("default").list())
          .hasMessageContaining("forbidden");
    }
  }

  @Test
  @DisplayName("refuses a second start of the same state folder and leaves the first running")
  void refusesSecondStart(LocalCluster cluster, KubernetesClient admin) {
    LocalClusterOptions again =
        new LocalClusterOptions(
            cluster.state(), cluster.binaries(), true, true, Duration.ofMinutes(1), line -> {});

    assertThatThrownBy(() -> LocalCluster.start(again))
        .isInstanceOf(AlreadyRunningException.class)
        .hasMessageContaining("already running")
        .hasMessageContaining("kube-apiserver pid");
    assertThat(admin.namespaces().withName("default").get()).isNotNull();
  }

  @Test
  @DisplayName("does not mistake a reused pid in a stale pid file for a running component")
  void stalePidFileIsNotRunning(@TempDir Path dir) throws Exception {
    StateDir state = new StateDir(dir);
    Files.createDirectories(state.pidFile(Component.KUBE_APISERVER).getParent());
    // This JVM's own pid: alive, but not kube-local.
    Files.writeString(
        state.pidFile(Component.KUBE_APISERVER), Long.toString(ProcessHandle.current().pid()));
    Files.writeString(state.pidFile(Component.ETCD), "999999999");

    assertThat(LocalCluster.running(state)).isEmpty();
    assertThat(LocalCluster.stop(state, line -> {})).isEmpty();
    assertThat(state.pidFile(Component.KUBE_APISERVER)).doesNotExist();
    assertThat(state.pidFile(Component.ETCD)).doesNotExist();
  }

  @Test
  @DisplayName("leaves no process behind when the process that started it dies")
  void componentExitsWithItsParent(LocalCluster cluster, @TempDir Path dir) throws Exception {
    // bash starts etcd in the background and exits at once, like a JVM killed with SIGKILL.
    CommandResult parent =
        CommandResult.run(
            List.of(
                "bash",
                "-c",
                "KUBE_LOCAL_EXIT_WITH_PARENT=1 setsid '"
                    + cluster.binary()
                    + "' etcd --data-dir='"
                    + dir.resolve("etcd")
                    + "' --listen-client-urls=http://127.0.0.1:0"
                    + " --advertise-client-urls=http://127.0.0.1:2379"
                    + " --listen-peer-urls=http://127.0.0.1:0 --log-level=error"
                    + " >/dev/null 2>&1 </dev/null & echo $!; sleep 1"),
            Duration.ofSeconds(30));
    long orphan = Long.parseLong(parent.stdout().trim());

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> ProcessHandle.of(orphan).map(h -> !h.isAlive()).orElse(true));
  }

  @Test
  @DisplayName("leaves no kwok behind either when the process that started it dies")
  void kwokExitsWithItsParent(LocalCluster cluster) throws Exception {
    // Pointed at a port where no API server listens, kwok waits for one for half a minute.
    CommandResult parent =
        CommandResult.run(
            List.of(
                "bash",
                "-c",
                "KUBE_LOCAL_EXIT_WITH_PARENT=1 setsid '"
                    + cluster.binaries().kwok()
                    + "' --kubeconfig='"
                    + cluster.state().componentKubeconfig(Component.KWOK)
                    + "' --master=http://127.0.0.1:1 --config='"
                    + cluster.state().kwokConfig()
                    + "' --manage-all-nodes >/dev/null 2>&1 </dev/null & echo $!; sleep 1;"
                    + " kill -0 $! && echo alive"),
            Duration.ofSeconds(30));
    List<String> lines = parent.stdout().lines().toList();
    long orphan = Long.parseLong(lines.get(0).trim());

    // It was running, waiting for its API server, when its parent exited...
    assertThat(lines).contains("alive");
    // ...and exits for that reason, long before it would give up on the API server.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(orphan).map(h -> !h.isAlive()).orElse(true));
  }
}
