package io.nspool.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.nspool.claim.Claim;
import io.nspool.claim.ClaimStore;
import io.nspool.localcluster.ServiceAccountIdentity;
import io.nspool.rbac.NspoolRoles;
import io.nspool.watch.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * What watching a pool costs: nspool's watches of {@code poolSize} namespaces on one client (its
 * own JVM, {@link WatchAgent}) next to the way Airflow's KubernetesExecutor does it, one OS process
 * per namespace with its own watch ({@code kubectl get pods --watch -n NS}), on the same cluster in
 * the same run, while the driver stamps one pod per namespace in a loop. Memory, threads and TCP
 * connections to the API server are read from /proc and {@code ss} while the pods are busy; latency
 * is from the stamp (the PATCH) to the watcher seeing the change.
 */
public final class WatchBenchmark {
  private static final String PREFIX = "wbench";
  private static final String POD = "busy";
  private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(5);

  /** What the run measures; the defaults are what docs/benchmarks.md records. */
  public record Settings(
      int poolSize,
      int baselineNamespaces,
      Duration busy,
      int patchesPerSecond,
      List<Transport> transports) {}

  private final KubernetesClient admin;
  private final PrintStream out;
  private final Settings settings;
  private final Path kubeLocal;
  private final Path caFile;
  private final Path work;

  public WatchBenchmark(
      KubernetesClient admin, PrintStream out, Settings settings, Path kubeLocal, Path caFile)
      throws IOException {
    if (settings.baselineNamespaces() > settings.poolSize()) {
      throw new IllegalArgumentException(
          "--baseline "
              + settings.baselineNamespaces()
              + " exceeds --pool-size "
              + settings.poolSize()
              + "; the baseline watches namespaces of the pool");
    }
    this.admin = admin;
    this.out = out;
    this.settings = settings;
    this.kubeLocal = kubeLocal;
    this.caFile = caFile;
    this.work = Files.createTempDirectory("nspool-watch-bench-");
  }

  /** One row of the table: a watcher's footprint while busy, and what it saw. */
  record Row(
      String watcher,
      int namespaces,
      int processes,
      long rssBytes,
      Long heapBytes,
      int threads,
      int connections,
      int events,
      double p50Millis,
      double p99Millis) {}

  public void run() throws Exception {
    ServiceAccountIdentity identity = new ServiceAccountIdentity(PREFIX + "-system", "nspool");
    List<String> pool =
        IntStream.rangeClosed(1, settings.poolSize())
            .mapToObj(i -> String.format("%s-ns-%04d", PREFIX, i))
            .toList();
    Instant setupStart = Instant.now();
    out.printf(
        "setting up %d pool namespaces with nspool's Role, claim object and one pod each...%n",
        pool.size());
    namespace(identity.namespace());
    identity.ensureExists(admin);
    admin.resource(NspoolRoles.controlRole(identity.namespace())).serverSideApply();
    admin
        .resource(NspoolRoles.binding(identity.namespace(), identity.namespace(), identity.name()))
        .serverSideApply();
    ClaimStore store = new ClaimStore(admin);
    parallel(
        8,
        pool,
        ns -> {
          namespace(ns);
          admin.resource(NspoolRoles.poolRole(ns, List.of())).serverSideApply();
          admin
              .resource(NspoolRoles.binding(ns, identity.namespace(), identity.name()))
              .serverSideApply();
          // No controller manager in the benchmark's cluster: the pod needs its ServiceAccount.
          new ServiceAccountIdentity(ns, "default").ensureExists(admin);
          if (store.read(ns).isEmpty()) {
            store.create(Claim.free(ns, Instant.now()));
          }
          admin
              .pods()
              .inNamespace(ns)
              .resource(
                  new PodBuilder()
                      .withNewMetadata()
                      .withName(POD)
                      .endMetadata()
                      .withNewSpec()
                      .addNewContainer()
                      .withName("busy")
                      .withImage("busybox")
                      .endContainer()
                      .endSpec()
                      .build())
              .serverSideApply();
        });
    Path kubeconfig =
        identity.writeKubeconfig(
            admin, work.resolve("nspool.kubeconfig"), caFile, Duration.ofHours(2));
    int port = URI.create(admin.getConfiguration().getMasterUrl()).getPort();
    out.printf("setup took %ds%n%n", Duration.between(setupStart, Instant.now()).toSeconds());

    List<Row> rows = new ArrayList<>();
    for (Transport transport : settings.transports()) {
      if (!transport.available()) {
        out.printf(
            "transport %s: its HTTP client is not on the class path, skipped%n", transport.id());
        continue;
      }
      boolean withBaseline = transport == Transport.CHOSEN;
      rows.addAll(measure(transport, withBaseline, pool, kubeconfig, identity.namespace(), port));
    }
    print(rows);
  }

  private List<Row> measure(
      Transport transport,
      boolean withBaseline,
      List<String> pool,
      Path kubeconfig,
      String control,
      int port)
      throws Exception {
    out.printf("%s: starting nspool's watches of %d namespaces...%n", transport.id(), pool.size());
    Process agent = startAgent(transport, pool, kubeconfig, control);
    BufferedReader agentOut =
        new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
    PrintWriter agentIn = new PrintWriter(agent.getOutputStream(), true, StandardCharsets.UTF_8);
    String synced = readLine(agentOut, SYNC_TIMEOUT);
    if (synced == null || !synced.startsWith("synced ")) {
      agent.destroyForcibly();
      Path log = work.resolve("agent-" + transport.id() + ".log");
      String why = lastError(log);
      out.printf("  did not sync within %ds: %s%n", SYNC_TIMEOUT.toSeconds(), why);
      return List.of(
          new Row(
              "nspool, " + transport.id() + ": FAILED to sync (" + why + ")",
              pool.size(),
              1,
              0,
              null,
              0,
              0,
              0,
              Double.NaN,
              Double.NaN));
    }
    out.printf("  synced in %s ms%n", synced.substring("synced ".length()));
    List<Process> kubectls = new ArrayList<>();
    ConcurrentLinkedQueue<Long> baselineLatencies = new ConcurrentLinkedQueue<>();
    if (withBaseline) {
      List<String> watched = pool.subList(0, settings.baselineNamespaces());
      out.printf("  starting %d kubectl watch processes (baseline)...%n", watched.size());
      CountDownLatch listed = new CountDownLatch(watched.size());
      for (String ns : watched) {
        kubectls.add(startKubectl(ns, kubeconfig, listed, baselineLatencies));
      }
      if (!listed.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("kubectl watches did not all list within 5 minutes");
      }
    }
    agentIn.println("report"); // forget what was seen while starting
    agentOut.readLine();
    baselineLatencies.clear();

    out.printf(
        "  stamping pods for %ds at %d patches/s...%n",
        settings.busy().toSeconds(), settings.patchesPerSecond());
    ExecutorService writers = Executors.newFixedThreadPool(8);
    long interval = 1_000_000_000L / settings.patchesPerSecond();
    long end = System.nanoTime() + settings.busy().toNanos();
    Footprint agentFootprint = null;
    Footprint baselineFootprint = null;
    long next = System.nanoTime();
    int i = 0;
    long halfway = System.nanoTime() + settings.busy().toNanos() / 2;
    while (System.nanoTime() < end) {
      String ns = pool.get(i++ % pool.size());
      writers.submit(() -> stamp(ns));
      if (agentFootprint == null && System.nanoTime() > halfway) {
        agentFootprint = Footprint.of(List.of(agent.pid()), port);
        baselineFootprint =
            kubectls.isEmpty()
                ? null
                : Footprint.of(kubectls.stream().map(Process::pid).toList(), port);
      }
      next += interval;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    }
    writers.shutdown();
    writers.awaitTermination(1, TimeUnit.MINUTES);
    Thread.sleep(2000); // the last events in flight
    agentIn.println("report");
    String[] report = agentOut.readLine().split(" ");
    agentIn.close();
    agent.waitFor(30, TimeUnit.SECONDS);
    agent.destroy();
    kubectls.forEach(Process::destroy);
    for (Process p : kubectls) {
      p.waitFor(10, TimeUnit.SECONDS);
    }

    List<Row> rows = new ArrayList<>();
    rows.add(
        new Row(
            "nspool, " + transport.id() + " (1 JVM, one client)",
            pool.size(),
            1,
            agentFootprint.rssBytes(),
            Long.parseLong(report[4]),
            agentFootprint.threads(),
            agentFootprint.connections(),
            Integer.parseInt(report[1]),
            Double.parseDouble(report[2]),
            Double.parseDouble(report[3])));
    if (baselineFootprint != null) {
      long[] nanos = baselineLatencies.stream().mapToLong(Long::longValue).toArray();
      LatencyStats stats = LatencyStats.of(nanos, 1);
      rows.add(
          new Row(
              "baseline: kubectl get pods --watch, 1 process per namespace",
              kubectls.size(),
              kubectls.size(),
              baselineFootprint.rssBytes(),
              null,
              baselineFootprint.threads(),
              baselineFootprint.connections(),
              nanos.length,
              stats.p50Millis(),
              stats.p99Millis()));
    }
    return rows;
  }

  private static String readLine(BufferedReader in, Duration timeout) throws Exception {
    java.util.concurrent.CompletableFuture<String> line =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return in.readLine();
              } catch (IOException e) {
                return null;
              }
            });
    try {
      return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return null;
    }
  }

  /** The last error the agent logged, for the table: why a transport did not work. */
  private static String lastError(Path log) throws IOException {
    String last = "no error logged";
    for (String line : Files.readAllLines(log)) {
      if (line.contains("Exception:") && !line.contains("HttpClientUtils")) {
        int cut = line.lastIndexOf(": ");
        last = cut > 0 ? line.substring(cut + 2).trim() : line.trim();
      }
    }
    return last.length() > 80 ? last.substring(0, 80) : last;
  }

  private Process startAgent(
      Transport transport, List<String> pool, Path kubeconfig, String control) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            WatchAgent.class.getName(),
            kubeconfig.toString(),
            transport.id(),
            String.join(",", pool),
            control)
        .redirectError(work.resolve("agent-" + transport.id() + ".log").toFile())
        .start();
  }

  private Process startKubectl(
      String ns, Path kubeconfig, CountDownLatch listed, ConcurrentLinkedQueue<Long> latencies)
      throws IOException {
    Process p =
        new ProcessBuilder(
                kubeLocal.toString(),
                "kubectl",
                "--kubeconfig=" + kubeconfig,
                "get",
                "pods",
                "--watch",
                "-n",
                ns,
                "-o",
                "jsonpath={.metadata.annotations.nspool\\.io/bench-sent}{\"\\n\"}")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                in.readLine(); // the initial list
                listed.countDown();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  if (!line.isBlank()) {
                    latencies.add(nanosSince(Long.parseLong(line.trim())));
                  }
                }
              } catch (IOException | NumberFormatException e) {
                // the process was stopped
              }
            },
            "kubectl-" + ns);
    reader.setDaemon(true);
    reader.start();
    return p;
  }

  private void stamp(String ns) {
    try {
      admin
          .pods()
          .inNamespace(ns)
          .withName(POD)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\""
                  + WatchAgent.SENT
                  + "\":\""
                  + nowMicros()
                  + "\"}}}");
    } catch (RuntimeException e) {
      System.err.println("stamp of " + ns + " failed: " + e.getMessage());
    }
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }

  static long nanosSince(long micros) {
    return (nowMicros() - micros) * 1000;
  }

  /** RSS, threads and established TCP connections to the API server of a set of processes. */
  record Footprint(long rssBytes, int threads, int connections) {
    static Footprint of(List<Long> pids, int apiserverPort)
        throws IOException, InterruptedException {
      long rss = 0;
      int threads = 0;
      for (long pid : pids) {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
          if (line.startsWith("VmRSS:")) {
            rss += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          } else if (line.startsWith("Threads:")) {
            threads += Integer.parseInt(line.replaceAll("[^0-9]", ""));
          }
        }
      }
      return new Footprint(rss, threads, connections(new HashSet<>(pids), apiserverPort));
    }

    /** Counted with {@code ss -tnp}: established, to the API server's port, owned by the pids. */
    static int connections(Set<Long> pids, int port) throws IOException, InterruptedException {
      Process ss = new ProcessBuilder("ss", "-tnpH", "state", "established").start();
      List<String> lines;
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(ss.getInputStream(), StandardCharsets.UTF_8))) {
        lines = in.lines().toList();
      }
      ss.waitFor();
      int count = 0;
      for (String line : lines) {
        String[] cols = line.trim().split("\\s+");
        // Recv-Q Send-Q Local Peer Process (state is filtered, so not printed)
        if (cols.length < 5 || !cols[3].endsWith(":" + port)) {
          continue;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("pid=(\\d+)").matcher(line);
        while (m.find()) {
          if (pids.contains(Long.parseLong(m.group(1)))) {
            count++;
            break;
          }
        }
      }
      return count;
    }
  }

  private void print(List<Row> rows) {
    out.println();
    out.println(
        "| watcher | namespaces | processes | RSS MiB | RSS KiB / namespace | heap MiB | threads"
            + " | TCP conns | events | p50 ms | p99 ms |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "| %s | %d | %d | %.0f | %.0f | %s | %d | %d | %d | %.1f | %.1f |%n",
          r.watcher(),
          r.namespaces(),
          r.processes(),
          r.rssBytes() / 1048576.0,
          r.rssBytes() / 1024.0 / r.namespaces(),
          r.heapBytes() == null
              ? "n/a"
              : String.format(Locale.ROOT, "%.0f", r.heapBytes() / 1048576.0),
          r.threads(),
          r.connections(),
          r.events(),
          r.p50Millis(),
          r.p99Millis());
    }
  }

  private void namespace(String name) {
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  private interface NamespaceTask {
    void run(String namespace) throws Exception;
  }

  private static void parallel(int threads, List<String> items, NamespaceTask task)
      throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(threads);
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
    workers.shutdown();
  }
}
