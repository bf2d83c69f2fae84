package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live local copy of the workloads (Deployments and StatefulSets) of every namespace a tenant
 * deployment occupies: one informer per kind and namespace, all on the controller's one client
 * (nspool may not watch them cluster-wide). A workload whose readiness changes requeues the tenant
 * deployment it belongs to at once, so a component going down or coming up shows in the status
 * without waiting for the periodic resync, and the resync reads memory instead of listing.
 *
 * <p>Only workloads carrying Helm's {@code app.kubernetes.io/instance} label are cached: that label
 * names the release, which is the tenant deployment.
 */
final class WorkloadCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkloadCache.class);

  private record Informers(
      SharedIndexInformer<Deployment> deployments, SharedIndexInformer<StatefulSet> statefulSets) {
    boolean hasSynced() {
      return deployments.hasSynced() && statefulSets.hasSynced();
    }

    void close() {
      deployments.close();
      statefulSets.close();
    }
  }

  private final KubernetesClient client;
  private final Consumer<String> onChange;
  private final Map<String, Informers> informers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param onChange called with the release name (the tenant deployment's name) whenever one of its
   *     workloads changes
   */
  WorkloadCache(KubernetesClient client, Consumer<String> onChange) {
    this.client = client;
    this.onChange = onChange;
  }

  /** Starts watching a namespace's workloads; watching it again does nothing. */
  void watch(String namespace) {
    if (!closed) {
      informers.computeIfAbsent(namespace, this::start);
    }
  }

  /** Stops watching every namespace not in {@code occupied}: their deployments are gone. */
  void retainOnly(Set<String> occupied) {
    for (String namespace : Set.copyOf(informers.keySet())) {
      if (!occupied.contains(namespace)) {
        Informers removed = informers.remove(namespace);
        if (removed != null) {
          removed.close();
          log.debug("stopped watching workloads of {}", namespace);
        }
      }
    }
  }

  Set<String> watched() {
    return Set.copyOf(informers.keySet());
  }

  /** A release's workloads as cached at one moment. */
  record Workloads(List<Deployment> deployments, List<StatefulSet> statefulSets) {}

  /**
   * The release's cached workloads in the namespace, watching the namespace from now on; empty
   * until both informers have completed their first list.
   */
  Optional<Workloads> of(String namespace, String release) {
    watch(namespace);
    Informers set = informers.get(namespace); // one set: retainOnly may drop it meanwhile
    if (set == null || !set.hasSynced()) {
      return Optional.empty();
    }
    return Optional.of(
        new Workloads(
            ofRelease(set.deployments().getStore().list(), release),
            ofRelease(set.statefulSets().getStore().list(), release)));
  }

  private static <T extends HasMetadata> List<T> ofRelease(List<T> objects, String release) {
    return objects.stream().filter(o -> release.equals(instance(o))).toList();
  }

  private Informers start(String namespace) {
    SharedIndexInformer<Deployment> deployments =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withLabel(Releases.INSTANCE_LABEL)
            .runnableInformer(0);
    SharedIndexInformer<StatefulSet> statefulSets =
        client
            .apps()
            .statefulSets()
            .inNamespace(namespace)
            .withLabel(Releases.INSTANCE_LABEL)
            .runnableInformer(0);
    deployments.addEventHandler(handler());
    statefulSets.addEventHandler(handler());
    // A forbidden watch is the pool health check's to report (it quarantines the namespace with
    // the missing permission); here it only means readiness falls back to listing.
    deployments.exceptionHandler((started, error) -> true);
    statefulSets.exceptionHandler((started, error) -> true);
    deployments.start();
    statefulSets.start();
    return new Informers(deployments, statefulSets);
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        changed(object);
      }

      @Override
      public void onUpdate(T before, T after) {
        changed(after); // resync period 0: an update is always a real change
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
        changed(object);
      }
    };
  }

  private void changed(HasMetadata object) {
    String release = instance(object);
    if (release != null) {
      onChange.accept(release);
    }
  }

  private static String instance(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? null : labels.get(Releases.INSTANCE_LABEL);
  }

  @Override
  public void close() {
    closed = true;
    informers.values().forEach(Informers::close);
    informers.clear();
  }
}
