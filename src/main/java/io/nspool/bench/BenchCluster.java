package io.nspool.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.auth.Role;
import io.nspool.auth.UserStore;
import io.nspool.install.Installer;
import io.nspool.localcluster.LocalBinaries;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalClusterOptions;
import io.nspool.localcluster.ServiceAccountIdentity;
import io.nspool.localcluster.StateDir;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PodSecurityLevel;
import io.nspool.pool.PoolSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * A fresh embedded local cluster (kube-apiserver and etcd, no controller-manager) with nspool
 * installed as {@code nspool install} would, for benchmarks that run real {@code nspool server}
 * processes ({@link ServerReplica}) against it.
 */
public final class BenchCluster implements AutoCloseable {
  /** How long the tokens handed to server replicas and API callers stay valid. */
  static final Duration TOKEN_TTL = Duration.ofHours(3);

  private final LocalCluster cluster;
  private final KubernetesClient admin;
  private final Path work;
  private final Consumer<String> progress;

  private BenchCluster(LocalCluster cluster, Path work, Consumer<String> progress) {
    this.cluster = cluster;
    this.admin = cluster.adminClient();
    this.work = work;
    this.progress = progress;
  }

  public static BenchCluster start(Path repoRoot, Consumer<String> progress) throws IOException {
    Path work = Files.createTempDirectory("nspool-bench-");
    LocalClusterOptions options =
        new LocalClusterOptions(
            new StateDir(work.resolve("cluster")),
            LocalBinaries.kubeLocalOnly(repoRoot),
            false,
            true,
            LocalClusterOptions.DEFAULT_START_TIMEOUT,
            line -> progress.accept(line));
    return new BenchCluster(LocalCluster.start(options), work, progress);
  }

  public KubernetesClient admin() {
    return admin;
  }

  Path work() {
    return work;
  }

  /** One nspool installation: a control namespace with its pool. */
  record Install(String controlNamespace, String pool, List<String> namespaces) {
    ServiceAccountIdentity identity() {
      return new ServiceAccountIdentity(controlNamespace, "nspool");
    }
  }

  /**
   * Installs nspool in {@code control} with one hard-delete pool of {@code size} namespaces named
   * {@code <control>-<i>}, applied by 8 threads (an admin's install of 5000 namespaces one object
   * at a time would take minutes here); the pool installs {@code chart} (null: the bundled one).
   */
  Install install(String control, int size, Path chart) {
    Instant start = Instant.now();
    Installer.applyCrds(admin);
    Installer.apply(admin, Installer.control(control, "nspool"));
    List<String> namespaces =
        IntStream.rangeClosed(1, size).mapToObj(i -> control + "-" + i).toList();
    parallel(
        8,
        namespaces,
        ns ->
            Installer.apply(
                admin, Installer.poolNamespace(ns, control, "nspool", PodSecurityLevel.BASELINE)));
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName("bench");
    pool.getMetadata().setNamespace(control);
    PoolSpec spec = new PoolSpec();
    spec.setNamespaces(new ArrayList<>(namespaces));
    spec.setHardDelete(true);
    if (chart != null) {
      spec.setCharts(
          new ArrayList<>(List.of(io.nspool.chart.ChartEntry.path("bench", chart.toString()))));
    }
    pool.setSpec(spec);
    pool.setStatus(null);
    Installer.apply(admin, List.<HasMetadata>of(pool));
    progress.accept(
        "installed nspool in "
            + control
            + " with a pool of "
            + size
            + " namespaces in "
            + Duration.between(start, Instant.now()).toSeconds()
            + "s");
    return new Install(control, "bench", namespaces);
  }

  /** nspool's ServiceAccount's kubeconfig, as a server replica runs with it. */
  Path kubeconfig(Install install) {
    Path file = work.resolve(install.controlNamespace() + ".kubeconfig");
    if (!Files.exists(file)) {
      install.identity().writeKubeconfig(admin, file, cluster.apiserverCa(), TOKEN_TTL);
    }
    return file;
  }

  /** A new admin user of nspool's REST API, stored before any server starts; its token. */
  String adminToken(Install install, String name) {
    try (UserStore users = new UserStore(admin, install.controlNamespace())) {
      return users.create(name, Role.ADMIN, List.of());
    }
  }

  /** Starts one {@code nspool server} process for the installation. */
  ServerReplica startServer(Install install, String name) {
    return ServerReplica.start(
        kubeconfig(install), install.controlNamespace(), work.resolve(name + ".log"));
  }

  /** A chart of one ConfigMap: what is measured is nspool's path, not a chart's many objects. */
  Path minimalChart() {
    Path chart = work.resolve("chart-minimal");
    try {
      Files.createDirectories(chart.resolve("templates"));
      Files.writeString(
          chart.resolve("Chart.yaml"),
          "apiVersion: v2\nname: bench-minimal\nversion: 0.1.0\ndescription: one ConfigMap\n");
      Files.writeString(
          chart.resolve("templates/configmap.yaml"),
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-bench\n"
              + "data:\n  release: {{ .Release.Name | quote }}\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return chart;
  }

  /** How many namespaces of the pool its status counts as free. */
  int free(Install install) {
    NamespacePool pool =
        admin
            .resources(NamespacePool.class)
            .inNamespace(install.controlNamespace())
            .withName(install.pool())
            .get();
    return pool == null || pool.getStatus() == null ? 0 : pool.getStatus().getFree();
  }

  void awaitFree(Install install, int count, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (free(install) < count) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "pool " + install.pool() + ": " + free(install) + " free after " + timeout);
      }
      Thread.sleep(200);
    }
  }

  interface Task {
    void run(String item) throws Exception;
  }

  static void parallel(int threads, List<String> items, Task task) {
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String item : items) {
        done.add(
            workers.submit(
                () -> {
                  task.run(item);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      workers.shutdownNow();
    }
  }

  @Override
  public void close() {
    admin.close();
    cluster.close();
  }
}
