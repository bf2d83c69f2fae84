package io.nspool.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.nspool.claim.ClaimCache;
import io.nspool.pool.PullSecrets;
import io.nspool.watch.SharedClient;
import io.nspool.watch.Transport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The watching half of {@code nspool bench watch}, run in a JVM of its own so its memory, threads
 * and connections are measured apart from the benchmark driver: one client (the transport given),
 * and per namespace what nspool's controller watches there (the claim object through {@link
 * ClaimCache}, the pull secret copies through {@link PullSecrets}) plus the namespace's pods, as
 * the workload watch of an occupied namespace. Pod informers keep only the annotations, the one
 * field the benchmark reads.
 *
 * <p>Line protocol on stdin/stdout: prints {@code synced MILLIS} once every watch has listed; on
 * {@code report} prints {@code report EVENTS P50_MS P99_MS HEAP_BYTES} (heap after a GC) and
 * forgets the latencies; exits at end of input.
 */
public final class WatchAgent {
  /** The annotation the driver writes: the epoch microsecond it patched the pod. */
  static final String SENT = "nspool.io/bench-sent";

  private WatchAgent() {}

  public static void main(String[] args) throws Exception {
    Path kubeconfig = Path.of(args[0]);
    Transport transport = Transport.of(args[1]);
    List<String> namespaces = List.of(args[2].split(","));
    String control = args[3];
    Config config =
        Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    try (KubernetesClient client = SharedClient.create(config, transport);
        ClaimCache claims = new ClaimCache(client, ns -> {});
        PullSecrets secrets = new PullSecrets(client, control, n -> {}, ns -> {})) {
      List<SharedIndexInformer<Pod>> pods = new ArrayList<>();
      for (String ns : namespaces) {
        claims.watch(ns);
        secrets.sync(ns, List.of());
        SharedIndexInformer<Pod> informer = client.pods().inNamespace(ns).runnableInformer(0);
        informer.itemStore(
            new ReducedStateItemStore<>(
                ReducedStateItemStore.NAME_KEY_STATE,
                Pod.class,
                client.getKubernetesSerialization(),
                "metadata.annotations"));
        informer.addEventHandler(latency(latencies));
        informer.exceptionHandler((started, error) -> true); // retry, as nspool's own watches do
        informer.start();
        pods.add(informer);
      }
      while (!pods.stream().allMatch(SharedIndexInformer::hasSynced)
          || !namespaces.stream().allMatch(claims::isSynced)) {
        Thread.sleep(100);
      }
      System.out.println("synced " + (System.nanoTime() - start) / 1_000_000);
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("report")) {
          long[] nanos = drain(latencies);
          LatencyStats stats = LatencyStats.of(nanos, 1);
          System.gc();
          long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          System.out.printf(
              Locale.ROOT,
              "report %d %.1f %.1f %d%n",
              nanos.length,
              stats.p50Millis(),
              stats.p99Millis(),
              heap);
          System.out.flush();
        }
      }
      pods.forEach(SharedIndexInformer::close);
    }
  }

  private static long[] drain(ConcurrentLinkedQueue<Long> queue) {
    List<Long> all = new ArrayList<>();
    for (Long l = queue.poll(); l != null; l = queue.poll()) {
      all.add(l);
    }
    return all.stream().mapToLong(Long::longValue).toArray();
  }

  private static ResourceEventHandler<Pod> latency(ConcurrentLinkedQueue<Long> latencies) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {}

      @Override
      public void onUpdate(Pod before, Pod after) {
        Long nanos = sinceSent(after);
        if (nanos != null) {
          latencies.add(nanos);
        }
      }

      @Override
      public void onDelete(Pod pod, boolean unknown) {}
    };
  }

  /** Nanoseconds since the driver stamped the pod, or null if it carries no stamp. */
  static Long sinceSent(Pod pod) {
    var annotations = pod.getMetadata().getAnnotations();
    String sent = annotations == null ? null : annotations.get(SENT);
    if (sent == null) {
      return null;
    }
    Instant now = Instant.now();
    long nowMicros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    return (nowMicros - Long.parseLong(sent)) * 1000;
  }
}
