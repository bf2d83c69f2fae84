package io.nspool.localcluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver with RBAC authorization and
 * service-account token signing, and, for workloads, kube-controller-manager with its default
 * controllers, kube-scheduler and kwok, which runs {@value SimulatedNodes#COUNT} simulated nodes
 * and moves the pods bound to them through their lifecycle. Containers never run.
 */
public final class LocalCluster implements AutoCloseable {
  /**
   * kube-controller-manager's controllers as kubeadm runs them: every default one ({@code *}; the
   * cloud-provider ones skip themselves without a cloud provider, and CSR signing skips itself
   * without a cluster CA key, which no simulated kubelet needs) plus the bootstrap-token ones.
   */
  public static final String CONTROLLERS = "*,bootstrapsigner,tokencleaner";

  private static final String SERVICE_ACCOUNT_ISSUER =
      "https://kubernetes.default.svc.cluster.local";

  /** Where kwok gives out pod IPs; nothing ever connects to them. */
  private static final String POD_CIDR = "10.244.0.0/16";

  private final LocalClusterOptions options;
  private final Pki pki;
  private final Ports ports;
  private final List<ComponentProcess> processes;

  private LocalCluster(
      LocalClusterOptions options, Pki pki, Ports ports, List<ComponentProcess> processes) {
    this.options = options;
    this.pki = pki;
    this.ports = ports;
    this.processes = processes;
  }

  /**
   * Starts a cluster in the options' state folder and returns once every component is ready.
   *
   * @throws AlreadyRunningException when a cluster of this state folder is already running
   * @throws LocalClusterException when a component does not become ready, naming it and its log
   */
  public static LocalCluster start(LocalClusterOptions options) {
    List<ComponentProcess> running = running(options.state());
    if (!running.isEmpty()) {
      throw new AlreadyRunningException(options.state(), running);
    }
    return boot(options, List.of());
  }

  /**
   * Starts only what is not running of a cluster in this state folder (a detached cluster some of
   * whose processes died or were killed) and returns once every component is ready; the processes
   * still alive are kept as they are. With nothing running it is {@link #start}. The returned
   * cluster's {@link #close} stops only what this call started.
   */
  public static LocalCluster startMissing(LocalClusterOptions options) {
    return boot(options, running(options.state()));
  }

  private static LocalCluster boot(LocalClusterOptions options, List<ComponentProcess> alive) {
    StateDir state = options.state();
    Consumer<String> progress = options.progress();
    for (Component component : Component.values()) {
      if (alive.stream().noneMatch(p -> p.component() == component)
          && Files.exists(state.pidFile(component))) {
        progress.accept("removed stale pid file of " + component.role() + " from a killed run");
        deleteQuietly(state.pidFile(component));
      }
    }

    Pki pki = new Pki(state.pki());
    pki.ensure();
    Ports ports = Ports.loadOrAllocate(state.ports());
    Instant deadline = Instant.now().plus(options.startTimeout());
    List<ComponentProcess> started = new ArrayList<>();
    LocalCluster cluster = new LocalCluster(options, pki, ports, started);
    Set<Component> keep = new HashSet<>();
    for (ComponentProcess process : alive) {
      if (process.component() != Component.NSPOOL_SERVER) {
        progress.accept(
            process.component().role() + " is still running (pid " + process.pid() + ")");
      }
      keep.add(process.component());
    }
    try {
      if (!keep.contains(Component.ETCD)) {
        cluster.startEtcd(deadline);
      }
      if (!keep.contains(Component.KUBE_APISERVER)) {
        cluster.startApiserver(deadline);
      }
      if (options.workloads()) {
        if (!keep.contains(Component.KUBE_CONTROLLER_MANAGER)) {
          cluster.startControllerManager(deadline);
        }
        if (!keep.contains(Component.KUBE_SCHEDULER)) {
          cluster.startScheduler(deadline);
        }
        if (!keep.contains(Component.KWOK)) {
          cluster.startKwok(deadline);
        }
      }
      cluster.linkKubectl();
    } catch (RuntimeException | IOException e) {
      cluster.close();
      if (e instanceof LocalClusterException lce) {
        throw lce;
      }
      throw new LocalClusterException("cannot start the local cluster: " + e.getMessage(), e);
    }
    return cluster;
  }

  /**
   * One component of a local cluster as {@code nspool status} shows it.
   *
   * @param pid its process, -1 when it is not running
   * @param port the loopback port it listens on, -1 when the cluster never started
   * @param health "ok", or what its health endpoint answered instead, or "not running"
   */
  public record ComponentStatus(Component component, long pid, int port, String health) {
    public boolean healthy() {
      return "ok".equals(health);
    }
  }

  /** Each component of the cluster in this state folder: its process, port and health. */
  public static List<ComponentStatus> status(StateDir state) {
    java.util.Optional<Ports> ports = Ports.load(state.ports());
    String adminToken =
        Files.exists(state.pki().resolve(Pki.User.ADMIN.file))
            ? new Pki(state.pki()).adminToken()
            : null;
    List<ComponentStatus> all = new ArrayList<>();
    for (Component component : Component.values()) {
      int port = ports.map(p -> p.of(component)).orElse(-1);
      java.util.Optional<ComponentProcess> process = ComponentProcess.find(component, state);
      if (process.isEmpty()) {
        all.add(new ComponentStatus(component, -1, port, "not running"));
        continue;
      }
      String health = "unknown: no ports file";
      if (ports.isPresent()) {
        Probe.Answer answer =
            Probe.get(
                ports.get().healthUrl(component),
                component == Component.KUBE_APISERVER ? adminToken : null);
        health = answer.ok() ? "ok" : answer.toString();
      }
      all.add(new ComponentStatus(component, process.get().pid(), port, health));
    }
    return all;
  }

  /** The components this instance started (not those it found running). */
  public List<Component> started() {
    return processes.stream().map(ComponentProcess::component).toList();
  }

  /** The components of a cluster in this state folder that are alive now. */
  public static List<Component> runningComponents(StateDir state) {
    return running(state).stream().map(ComponentProcess::component).toList();
  }

  /** The processes of a cluster in this state folder that are alive now. */
  public static List<ComponentProcess> running(StateDir state) {
    List<ComponentProcess> alive = new ArrayList<>();
    for (Component component : Component.values()) {
      ComponentProcess.find(component, state).ifPresent(alive::add);
    }
    return alive;
  }

  /**
   * Stops whatever runs from this state folder, nspool's server first and etcd last, and removes
   * the pid files. Returns what was stopped; stopping a stopped cluster does nothing.
   */
  public static List<Component> stop(StateDir state, Consumer<String> progress) {
    List<Component> stopped = new ArrayList<>();
    List<ComponentProcess> alive = running(state);
    for (int i = alive.size() - 1; i >= 0; i--) {
      ComponentProcess process = alive.get(i);
      progress.accept("stopping " + process.component().role() + " (pid " + process.pid() + ")");
      process.stop(15);
      if (process.isAlive()) {
        throw new LocalClusterException(
            process.component().role() + " (pid " + process.pid() + ") survived SIGKILL");
      }
      stopped.add(process.component());
    }
    for (Component component : Component.values()) {
      deleteQuietly(state.pidFile(component));
    }
    return stopped;
  }

  private void startEtcd(Instant deadline) throws IOException {
    String client = "http://127.0.0.1:" + ports.etcdClient();
    String peer = "http://127.0.0.1:" + ports.etcdPeer();
    launch(
        Component.ETCD,
        List.of(
            "--name=nspool-local",
            "--data-dir=" + options.state().etcdData(),
            "--listen-client-urls=" + client,
            "--advertise-client-urls=" + client,
            "--listen-peer-urls=" + peer,
            "--initial-advertise-peer-urls=" + peer,
            "--initial-cluster=nspool-local=" + peer,
            // A throwaway single-member store: durability is not worth the fsync latency.
            "--unsafe-no-fsync=true",
            "--log-level=warn"));
    awaitReady(Component.ETCD, deadline, () -> Probe.get(client + "/health", null));
  }

  /**
   * Extra kube-apiserver flags, space-separated, for a benchmark that measures a setting an admin
   * may change (e.g. {@code --http2-max-streams-per-connection}); tests never set it. Left unset,
   * the local API server limits each HTTP/2 connection to 100 streams, as a stock kube-apiserver
   * does: it is the same code (k8s.io/kubernetes cmd/kube-apiserver), whose flag defaults to 0 and
   * 0 means 100 (k8s.io/apiserver pkg/server/secure_serving.go). The 1000 in Kubernetes' source is
   * the default of aggregated API servers (RecommendedOptions), not of kube-apiserver.
   */
  public static final String EXTRA_APISERVER_FLAGS = "nspool.local.apiserverFlags";

  private void startApiserver(Instant deadline) throws IOException {
    List<String> flags =
        new java.util.ArrayList<>(
            List.of(
                "--etcd-servers=http://127.0.0.1:" + ports.etcdClient(),
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--secure-port=" + ports.apiserver(),
                "--cert-dir=" + options.state().apiserverCerts(),
                "--authorization-mode=RBAC",
                // As on kubeadm and every managed cluster: privileged pods are allowed by the API
                // server, so what refuses them in a pool namespace is Pod Security Admission.
                "--allow-privileged=true",
                "--token-auth-file=" + pki.tokenFile(),
                "--service-account-issuer=" + SERVICE_ACCOUNT_ISSUER,
                "--service-account-key-file=" + pki.serviceAccountPub(),
                "--service-account-signing-key-file=" + pki.serviceAccountKey(),
                "--service-cluster-ip-range=10.96.0.0/16",
                // The simulated nodes' "kubelet" is kwok on 127.0.0.1: never resolve a node's name.
                "--kubelet-preferred-address-types=InternalIP",
                "--profiling=false",
                "--v=1"));
    String extra = System.getProperty(EXTRA_APISERVER_FLAGS, "").trim();
    if (!extra.isEmpty()) {
      flags.addAll(List.of(extra.split("\\s+")));
    }
    launch(Component.KUBE_APISERVER, flags);
    awaitReady(
        Component.KUBE_APISERVER,
        deadline,
        () -> Probe.get(server() + "/readyz", pki.adminToken()));
    Kubeconfig.write(
        options.state().kubeconfig(), server(), apiserverCa(), Pki.ADMIN_USER, pki.adminToken());
  }

  private void startControllerManager(Instant deadline) throws IOException {
    Path kubeconfig =
        componentKubeconfig(Component.KUBE_CONTROLLER_MANAGER, Pki.User.CONTROLLER_MANAGER);
    launch(
        Component.KUBE_CONTROLLER_MANAGER,
        List.of(
            "--kubeconfig=" + kubeconfig,
            "--authentication-kubeconfig=" + kubeconfig,
            "--authorization-kubeconfig=" + kubeconfig,
            "--bind-address=127.0.0.1",
            "--secure-port=" + ports.controllerManager(),
            "--cert-dir=" + options.state().controllerManagerCerts(),
            "--controllers=" + CONTROLLERS,
            "--service-account-private-key-file=" + pki.serviceAccountKey(),
            "--root-ca-file=" + apiserverCa(),
            "--leader-elect=false",
            // Each controller acts as its own ServiceAccount in kube-system, as in kubeadm.
            "--use-service-account-credentials=true",
            "--v=1"));
    String healthz = "https://127.0.0.1:" + ports.controllerManager() + "/healthz";
    awaitReady(Component.KUBE_CONTROLLER_MANAGER, deadline, () -> Probe.get(healthz, null));
    // Healthy is not yet working: the serviceaccount controller creating default/default and the
    // root-ca-cert-publisher creating default/kube-root-ca.crt are.
    try (KubernetesClient admin = adminClient()) {
      awaitReady(
          Component.KUBE_CONTROLLER_MANAGER,
          deadline,
          () -> {
            if (admin.serviceAccounts().inNamespace("default").withName("default").get() == null) {
              return new Probe.Answer(-1, "ServiceAccount default/default not created yet");
            }
            if (admin.configMaps().inNamespace("default").withName("kube-root-ca.crt").get()
                == null) {
              return new Probe.Answer(-1, "ConfigMap default/kube-root-ca.crt not created yet");
            }
            return new Probe.Answer(200, "ok");
          });
    }
  }

  private void startScheduler(Instant deadline) throws IOException {
    Path kubeconfig = componentKubeconfig(Component.KUBE_SCHEDULER, Pki.User.SCHEDULER);
    launch(
        Component.KUBE_SCHEDULER,
        List.of(
            "--kubeconfig=" + kubeconfig,
            "--authentication-kubeconfig=" + kubeconfig,
            "--authorization-kubeconfig=" + kubeconfig,
            "--bind-address=127.0.0.1",
            "--secure-port=" + ports.scheduler(),
            "--cert-dir=" + options.state().schedulerCerts(),
            "--leader-elect=false",
            "--v=1"));
    // /healthz is one of the scheduler's --authorization-always-allow-paths (its default).
    String healthz = "https://127.0.0.1:" + ports.scheduler() + "/healthz";
    awaitReady(Component.KUBE_SCHEDULER, deadline, () -> Probe.get(healthz, null));
  }

  private void startKwok(Instant deadline) throws IOException {
    Path kubeconfig = componentKubeconfig(Component.KWOK, Pki.User.KWOK);
    Path config = options.state().kwokConfig();
    Files.createDirectories(config.getParent());
    try (var stages = LocalCluster.class.getResourceAsStream("kwok.yaml")) {
      Files.writeString(
          config,
          new String(stages.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              + ContainerLogs.kwokConfig(options.state().containerLogs()));
    }
    ContainerLogs.ensure(options.state().containerLogs());
    try (KubernetesClient admin = adminClient()) {
      SimulatedNodes.releaseLeases(admin);
      launch(
          Component.KWOK,
          List.of(
              "--kubeconfig=" + kubeconfig,
              "--config=" + config,
              "--manage-nodes-with-annotation-selector=" + SimulatedNodes.KWOK_SELECTOR,
              "--server-address=127.0.0.1:" + ports.kwok(),
              "--node-ip=" + SimulatedNodes.NODE_IP,
              "--node-port=" + ports.kwok(),
              "--cidr=" + POD_CIDR,
              "--node-lease-duration-seconds=40",
              "-v=WARN"));
      String healthz = "http://127.0.0.1:" + ports.kwok() + "/healthz";
      awaitReady(Component.KWOK, deadline, () -> Probe.get(healthz, null));
      options.progress().accept("creating " + SimulatedNodes.COUNT + " simulated nodes");
      SimulatedNodes.ensure(admin, ports.kwok());
      awaitReady(
          Component.KWOK,
          deadline,
          () -> {
            String missing = SimulatedNodes.notReady(admin);
            return missing == null ? new Probe.Answer(200, "ok") : new Probe.Answer(-1, missing);
          });
    }
  }

  /** Writes the kubeconfig of a component's own identity and returns its path. */
  private Path componentKubeconfig(Component component, Pki.User user) {
    Path file = options.state().componentKubeconfig(component);
    Kubeconfig.write(file, server(), apiserverCa(), user.name, pki.token(user));
    return file;
  }

  private void launch(Component component, List<String> flags) throws IOException {
    options.progress().accept("starting " + component.role());
    Path binary =
        component == Component.KWOK ? options.binaries().kwok() : options.binaries().kubeLocal();
    processes.add(
        ComponentProcess.start(
            binary, component, flags, options.state(), options.exitWithParent()));
  }

  private void awaitReady(Component component, Instant deadline, Supplier<Probe.Answer> probe) {
    ComponentProcess process = processes.get(processes.size() - 1);
    Probe.Answer last = new Probe.Answer(-1, "not probed yet");
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw failure(component, "exited during start-up");
      }
      try {
        last = probe.get();
      } catch (RuntimeException e) {
        last = new Probe.Answer(-1, e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      if (last.ok()) {
        return;
      }
      sleep(Duration.ofMillis(250));
    }
    throw failure(
        component,
        "was not ready within the start timeout of "
            + options.startTimeout().toSeconds()
            + "s; last probe: "
            + last);
  }

  private LocalClusterException failure(Component component, String what) {
    Path log = options.state().log(component);
    return new LocalClusterException(
        component.role() + " " + what + "; its log is " + log + ", ending with:\n" + tail(log, 25));
  }

  private void linkKubectl() throws IOException {
    Path link = options.state().bin().resolve("kubectl");
    Files.createDirectories(link.getParent());
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, options.binaries().kubeLocal());
  }

  /** The loopback port kept for nspool's own server in this state folder. */
  public int nspoolPort() {
    return ports.nspool();
  }

  /**
   * Starts nspool's server in the background (it outlives this JVM) and waits for /readyz.
   *
   * @param serverArgs arguments of {@code nspool server}
   */
  public void startDetachedServer(List<String> serverArgs, Duration timeout) throws IOException {
    processes.add(ComponentProcess.startServer(serverArgs, options.state()));
    awaitReady(
        Component.NSPOOL_SERVER,
        Instant.now().plus(timeout),
        () -> Probe.get("http://127.0.0.1:" + ports.nspool() + "/readyz", null));
  }

  /**
   * Stops kube-apiserver (SIGTERM, as a rolling restart of a control plane does) and starts it
   * again on the same port, certificates and etcd; returns once it is ready. Every client's watches
   * break and reconnect: what fault-injection tests use to prove nspool recovers from an API server
   * outage. Only for a cluster this instance started.
   */
  public void restartApiserver(Duration timeout) {
    int index = -1;
    for (int i = 0; i < processes.size(); i++) {
      if (processes.get(i).component() == Component.KUBE_APISERVER) {
        index = i;
      }
    }
    if (index < 0) {
      throw new LocalClusterException(
          "kube-apiserver was not started by this instance; it cannot be restarted from here");
    }
    processes.remove(index).stop(15);
    try {
      startApiserver(Instant.now().plus(timeout));
    } catch (IOException e) {
      throw new LocalClusterException("cannot start kube-apiserver again: " + e.getMessage(), e);
    }
    // Back to its place in the start order, so close() stops it before etcd again.
    processes.add(index, processes.remove(processes.size() - 1));
    awaitWorkloadsRun(Instant.now().plus(timeout));
  }

  /**
   * Healthy is not yet working after a restart of the API server: kube-controller-manager,
   * kube-scheduler and kwok each relist every watch (410 Gone), some after a backoff of seconds,
   * and until then a new Deployment gets no pods. Returns once one does, end to end, so that what
   * runs next finds a cluster that works.
   */
  private void awaitWorkloadsRun(Instant deadline) {
    String name = "local-cluster-probe-" + Long.toString(System.nanoTime(), 36);
    Map<String, String> labels = Map.of("app", name);
    try (KubernetesClient admin = adminClient()) {
      var deployments = admin.apps().deployments().inNamespace("default");
      deployments
          .resource(
              new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .endMetadata()
                  .withNewSpec()
                  .withReplicas(1)
                  .withNewSelector()
                  .withMatchLabels(labels)
                  .endSelector()
                  .withNewTemplate()
                  .withNewMetadata()
                  .withLabels(labels)
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("probe")
                  .withImage("probe")
                  .endContainer()
                  .endSpec()
                  .endTemplate()
                  .endSpec()
                  .build())
          .create();
      try {
        Probe.Answer last = new Probe.Answer(-1, "not probed yet");
        while (Instant.now().isBefore(deadline)) {
          var d = deployments.withName(name).get();
          Integer available =
              d == null || d.getStatus() == null ? null : d.getStatus().getAvailableReplicas();
          if (available != null && available == 1) {
            return;
          }
          last = new Probe.Answer(-1, "Deployment default/" + name + " has no available pod yet");
          sleep(Duration.ofMillis(250));
        }
        throw new LocalClusterException(
            "after the restart of kube-apiserver the cluster runs no workload: " + last);
      } finally {
        deployments.withName(name).delete();
      }
    }
  }

  /** Forgets the processes without stopping them: a detached cluster outlives this JVM. */
  public void detach() {
    processes.clear();
  }

  public String server() {
    return "https://127.0.0.1:" + ports.apiserver();
  }

  /** The apiserver's self-signed certificate, which bundles the CA that signed it. */
  public Path apiserverCa() {
    return options.state().apiserverCerts().resolve("apiserver.crt");
  }

  public StateDir state() {
    return options.state();
  }

  /** What every simulated container's log shows; append to it to simulate output. */
  public ContainerLogs containerLogs() {
    return new ContainerLogs(options.state().containerLogs());
  }

  /** The kube-local binary. */
  public Path binary() {
    return options.binaries().kubeLocal();
  }

  public LocalBinaries binaries() {
    return options.binaries();
  }

  public Path adminKubeconfig() {
    return options.state().kubeconfig();
  }

  /** Client config of the admin identity (group system:masters). */
  public Config adminConfig() {
    return Config.fromKubeconfig(null, readString(adminKubeconfig()), null);
  }

  public KubernetesClient adminClient() {
    return new KubernetesClientBuilder().withConfig(adminConfig()).build();
  }

  /** Runs kubectl of the same version against this cluster as admin. */
  public CommandResult kubectl(String... args) {
    List<String> command = new ArrayList<>(List.of(binary().toString(), "kubectl"));
    command.add("--kubeconfig=" + adminKubeconfig());
    command.addAll(List.of(args));
    return CommandResult.run(command, Duration.ofMinutes(2));
  }

  /** Stops what this instance started. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).stop(15);
      deleteQuietly(options.state().pidFile(processes.get(i).component()));
    }
    processes.clear();
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new LocalClusterException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A pid file that cannot be deleted is found stale and reported on the next start.
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalClusterException("interrupted while waiting for the local cluster", e);
    }
  }
}
