package io.nspool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nspool.localcluster.Component;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.StateDir;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a newcomer types: up --detach, source the env file, kubectl, up again, down. */
@DisplayName("nspool up --detach / down (the whole product on the local cluster)")
class UpDownIT {
  @TempDir Path stateDir;

  @AfterEach
  void down() {
    run("down", "--state-dir", stateDir.toString());
  }

  @Test
  @DisplayName(
      "starts cluster and nspool usable through the env file, refuses a second one, stops every process")
  void upDetachThenDown() throws Exception {
    StateDir state = new StateDir(stateDir);

    Result up = run("up", "--detach", "--state-dir", stateDir.toString());

    assertThat(up.exitCode).as(up.err).isZero();
    assertThat(up.out).contains("ready");
    String env = Files.readString(state.env());
    assertThat(env)
        .contains("export KUBECONFIG=" + state.kubeconfig())
        .contains("export NSPOOL_SERVER=http://127.0.0.1:")
        .contains("export NSPOOL_TOKEN=nsp_");
    Process api =
        new ProcessBuilder(
                "bash",
                "-c",
                ". '"
                    + state.env()
                    + "' && curl -sf -H \"Authorization: Bearer $NSPOOL_TOKEN\" $NSPOOL_SERVER/api/v1/namespaces?available=true")
            .redirectErrorStream(true)
            .start();
    assertThat(api.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(api.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("\"name\":\"tenant-1\"")
        .contains("\"name\":\"tenant-3\"");
    Process kubectl =
        new ProcessBuilder(
                "bash", "-c", ". '" + state.env() + "' && kubectl get ns default -o name")
            .redirectErrorStream(true)
            .start();
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("namespace/default");
    List<Long> pids = new ArrayList<>();
    for (Component c : Component.values()) {
      pids.add(Long.parseLong(Files.readString(state.pidFile(c)).trim()));
    }

    // As a newcomer types it: deployment create demo --wait, then one namespace fewer available.
    String server =
        env.lines()
            .filter(l -> l.startsWith("export NSPOOL_SERVER="))
            .findFirst()
            .orElseThrow()
            .substring("export NSPOOL_SERVER=".length());
    String token =
        env.lines()
            .filter(l -> l.startsWith("export NSPOOL_TOKEN="))
            .findFirst()
            .orElseThrow()
            .substring("export NSPOOL_TOKEN=".length());
    Result create =
        run(
            "deployment",
            "create",
            "demo",
            "--wait",
            "--timeout",
            "2m",
            "--server",
            server,
            "--token",
            token);
    assertThat(create.exitCode).as(create.err).isZero();
    assertThat(create.out).contains("demo is Ready");
    Result available =
        run("namespace", "list", "--available", "-o", "json", "--server", server, "--token", token);
    assertThat(available.out).contains("tenant-").doesNotContain("\"deployment\" : \"demo\"");
    assertThat(available.out.split("\"available\"", -1).length - 1).isEqualTo(2);

    Result again = run("up", "--detach", "--state-dir", stateDir.toString());

    assertThat(again.exitCode).isZero();
    assertThat(again.err).contains("already running");
    assertThat(LocalCluster.running(state)).hasSize(Component.values().length);

    Result down = run("down", "--state-dir", stateDir.toString());

    assertThat(down.exitCode).isZero();
    assertThat(down.out).contains("stopped");
    assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isEmpty());
    assertThat(LocalCluster.running(state)).isEmpty();
  }

  @Test
  @DisplayName(
      "up --detach after nspool's server and kwok were killed -9 restarts just those, with the"
          + " same URL and token, within 15 s; status shows every process healthy")
  void upHealsWhatDied() throws Exception {
    StateDir state = new StateDir(stateDir);
    Result up = run("up", "--detach", "--state-dir", stateDir.toString());
    assertThat(up.exitCode).as(up.err).isZero();
    String env = Files.readString(state.env());
    long etcd = pid(state, Component.ETCD);
    long apiserver = pid(state, Component.KUBE_APISERVER);
    long server = pid(state, Component.NSPOOL_SERVER);
    long kwok = pid(state, Component.KWOK);

    for (long pid : List.of(server, kwok)) {
      new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }
    Result down = run("status", "--state-dir", stateDir.toString());
    assertThat(down.exitCode).isEqualTo(1);
    assertThat(down.out).containsPattern("nspool-server +- +\\d+ +not running");

    long started = System.nanoTime();
    Result again = run("up", "--detach", "--state-dir", stateDir.toString());
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(again.exitCode).as(again.err).isZero();
    assertThat(took).isLessThan(Duration.ofSeconds(15));
    assertThat(again.err).doesNotContain("already running").contains("starting nspool server");
    assertThat(Files.readString(state.env())).isEqualTo(env);
    assertThat(pid(state, Component.ETCD)).isEqualTo(etcd);
    assertThat(pid(state, Component.KUBE_APISERVER)).isEqualTo(apiserver);
    assertThat(pid(state, Component.NSPOOL_SERVER)).isNotEqualTo(server);
    assertThat(pid(state, Component.KWOK)).isNotEqualTo(kwok);
    assertThat(LocalCluster.running(state)).hasSize(Component.values().length);
    Process api =
        new ProcessBuilder(
                "bash",
                "-c",
                ". '"
                    + state.env()
                    + "' && curl -sf -H \"Authorization: Bearer $NSPOOL_TOKEN\" $NSPOOL_SERVER/api/v1/namespaces")
            .redirectErrorStream(true)
            .start();
    assertThat(api.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(api.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("\"name\":\"tenant-1\"");
    Result status = run("status", "--state-dir", stateDir.toString());
    assertThat(status.exitCode).as(status.out).isZero();
    for (Component c : Component.values()) {
      assertThat(status.out).containsPattern(c.role() + " +\\d+ +\\d+ +ok");
    }
  }

  private static long pid(StateDir state, Component component) throws Exception {
    return Long.parseLong(Files.readString(state.pidFile(component)).trim());
  }

  private record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.commandLine().execute(args);
      return new Result(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }
}
