package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live local copy of the workloads (every {@link WorkloadKind}) of every namespace a tenant
 * deployment occupies: one informer per kind and namespace, all on the controller's one client
 * (nspool may not watch them cluster-wide). A change to one of a release's components requeues the
 * tenant deployment at once, so a component going down, coming up or being deleted shows in the
 * status without waiting for the periodic resync, and the resync reads memory instead of listing.
 *
 * <p>Nothing is filtered by label: charts label their workloads as they please, and the namespace
 * belongs to one tenant. Which objects are a release's components is what its manifest names, as
 * the readiness check tells this cache ({@link #expect}); changes to any other object of the
 * namespace (a Job a CronJob started, say) requeue nothing.
 */
final class WorkloadCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkloadCache.class);

  /** One workload of a namespace, by kind and name. */
  record Ref(WorkloadKind kind, String name) {}

  /** The release occupying a namespace and the workloads its manifest names. */
  private record Expected(String release, Set<Ref> components) {}

  private record Informers(Map<WorkloadKind, SharedIndexInformer<? extends HasMetadata>> byKind) {
    boolean hasSynced() {
      return byKind.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    void close() {
      byKind.values().forEach(SharedIndexInformer::close);
    }
  }

  private final KubernetesClient client;
  private final Consumer<String> onChange;
  private final Map<String, Informers> informers = new ConcurrentHashMap<>();
  private final Map<String, Expected> expected = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param onChange called with the release name (the tenant deployment's name) whenever one of its
   *     components changes
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

  /**
   * Says which workloads of the namespace are the release's components: from now on a change to one
   * of them requeues the release.
   */
  void expect(String namespace, String release, Set<Ref> components) {
    expected.put(namespace, new Expected(release, Set.copyOf(components)));
  }

  /** Stops watching every namespace not in {@code occupied}: their deployments are gone. */
  void retainOnly(Set<String> occupied) {
    for (String namespace : Set.copyOf(informers.keySet())) {
      if (!occupied.contains(namespace)) {
        expected.remove(namespace);
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

  /**
   * The namespace's workloads as cached at one moment, watching the namespace from now on; empty
   * until every informer has completed its first list.
   */
  Optional<Map<Ref, HasMetadata>> of(String namespace) {
    watch(namespace);
    Informers set = informers.get(namespace); // one set: retainOnly may drop it meanwhile
    if (set == null || !set.hasSynced()) {
      return Optional.empty();
    }
    Map<Ref, HasMetadata> workloads = new HashMap<>();
    set.byKind()
        .forEach(
            (kind, informer) ->
                informer
                    .getStore()
                    .list()
                    .forEach(o -> workloads.put(new Ref(kind, o.getMetadata().getName()), o)));
    return Optional.of(workloads);
  }

  /** The namespace's workloads from list calls, for before its informers have synced. */
  Map<Ref, HasMetadata> list(String namespace) {
    Map<Ref, HasMetadata> workloads = new HashMap<>();
    for (WorkloadKind kind : WorkloadKind.values()) {
      client
          .resources(kind.type())
          .inNamespace(namespace)
          .list()
          .getItems()
          .forEach(o -> workloads.put(new Ref(kind, o.getMetadata().getName()), o));
    }
    return workloads;
  }

  private Informers start(String namespace) {
    Map<WorkloadKind, SharedIndexInformer<? extends HasMetadata>> byKind =
        new EnumMap<>(WorkloadKind.class);
    for (WorkloadKind kind : WorkloadKind.values()) {
      SharedIndexInformer<? extends HasMetadata> informer =
          io.nspool.watch.SlimStore.slim(
              client.resources(kind.type()).inNamespace(namespace).runnableInformer(0));
      informer.addEventHandler(handler(namespace, kind));
      // A forbidden watch is the pool health check's to report (it quarantines the namespace with
      // the missing permission); here it only means readiness falls back to listing.
      informer.exceptionHandler((started, error) -> true);
      byKind.put(kind, informer);
    }
    byKind.values().forEach(SharedIndexInformer::start);
    return new Informers(byKind);
  }

  private ResourceEventHandler<HasMetadata> handler(String namespace, WorkloadKind kind) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(HasMetadata object) {
        changed(namespace, kind, object);
      }

      @Override
      public void onUpdate(HasMetadata before, HasMetadata after) {
        changed(namespace, kind, after); // resync period 0: an update is always a real change
      }

      @Override
      public void onDelete(HasMetadata object, boolean finalStateUnknown) {
        changed(namespace, kind, object);
      }
    };
  }

  private void changed(String namespace, WorkloadKind kind, HasMetadata object) {
    Expected release = expected.get(namespace);
    if (release != null
        && release.components().contains(new Ref(kind, object.getMetadata().getName()))) {
      onChange.accept(release.release());
    }
  }

  @Override
  public void close() {
    closed = true;
    informers.values().forEach(Informers::close);
    informers.clear();
    expected.clear();
  }
}
