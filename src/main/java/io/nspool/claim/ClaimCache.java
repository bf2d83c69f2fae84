package io.nspool.claim;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.nspool.watch.WatchErrors;
import io.nspool.watch.WatchFailures;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live local copy of every watched pool namespace's claim object: one informer per namespace, all
 * on one shared client (nspool may not watch Leases cluster-wide). Namespaces are added and removed
 * while running as pools change. An informer relists by itself after {@code 410 Gone}; a namespace
 * whose watch is forbidden is reported unhealthy while the others keep working.
 */
public final class ClaimCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClaimCache.class);

  private final KubernetesClient client;
  private final Consumer<String> onChange;
  private final Map<String, SharedIndexInformer<Lease>> informers = new ConcurrentHashMap<>();
  private final WatchFailures watchErrors = new WatchFailures();
  private final InformerStarts starts = new InformerStarts("nspool-claim-watch-starts");

  /**
   * @param onChange called with the namespace whenever its claim object changes (or its watch
   *     fails), so a reconciler can react without polling
   */
  public ClaimCache(KubernetesClient client, Consumer<String> onChange) {
    this.client = client;
    this.onChange = onChange;
  }

  /** Starts watching a namespace's claim object; watching it again does nothing. */
  public void watch(String namespace) {
    informers.computeIfAbsent(namespace, this::start);
  }

  public void unwatch(String namespace) {
    SharedIndexInformer<Lease> informer = informers.remove(namespace);
    watchErrors.forget(namespace);
    if (informer != null) {
      informer.close();
    }
  }

  public Set<String> watched() {
    return Set.copyOf(informers.keySet());
  }

  /** Whether the first list of the namespace's claim object has completed. */
  public boolean isSynced(String namespace) {
    SharedIndexInformer<Lease> informer = informers.get(namespace);
    return informer != null && informer.hasSynced();
  }

  /** Why the namespace's claim object cannot be watched, if it cannot. */
  public Optional<String> watchError(String namespace) {
    return watchErrors.current(namespace, informers.get(namespace));
  }

  /**
   * The cached claim object, if it exists. A claim object that cannot be decoded is reported as
   * absent by {@link #get} and explained by {@link #decodeError}.
   */
  public Optional<StoredClaim> get(String namespace) {
    SharedIndexInformer<Lease> informer = informers.get(namespace);
    if (informer == null) {
      return Optional.empty();
    }
    Lease lease = informer.getStore().getByKey(namespace + "/" + ClaimCodec.LEASE_NAME);
    if (lease == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ClaimStore.stored(lease));
    } catch (MalformedClaimException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Why the cached claim object of a namespace cannot be decoded, if it cannot. */
  public Optional<String> decodeError(String namespace) {
    SharedIndexInformer<Lease> informer = informers.get(namespace);
    Lease lease =
        informer == null
            ? null
            : informer.getStore().getByKey(namespace + "/" + ClaimCodec.LEASE_NAME);
    if (lease == null) {
      return Optional.empty();
    }
    try {
      ClaimCodec.fromLease(lease);
      return Optional.empty();
    } catch (MalformedClaimException | IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  private SharedIndexInformer<Lease> start(String namespace) {
    SharedIndexInformer<Lease> informer =
        io.nspool.watch.SlimStore.slim(
            client
                .leases()
                .inNamespace(namespace)
                .withName(ClaimCodec.LEASE_NAME)
                .runnableInformer(0));
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Lease lease) {
            changed(namespace);
          }

          @Override
          public void onUpdate(Lease before, Lease after) {
            changed(namespace);
          }

          @Override
          public void onDelete(Lease lease, boolean finalStateUnknown) {
            changed(namespace);
          }
        });
    informer.exceptionHandler(
        (started, error) -> {
          String reason =
              WatchErrors.describe(
                  error, namespace, "leases.coordination.k8s.io", "its claim object");
          if (watchErrors.failed(namespace, reason, informer)) {
            log.warn("Lease({}/{}) {}", namespace, ClaimCodec.LEASE_NAME, reason);
            onChange.accept(namespace);
          }
          return true; // keep retrying with backoff: a fixed Role heals the namespace by itself
        });
    starts.start(informer);
    return informer;
  }

  private void changed(String namespace) {
    watchErrors.forget(namespace);
    onChange.accept(namespace);
  }

  @Override
  public void close() {
    starts.close();
    informers.values().forEach(SharedIndexInformer::close);
    informers.clear();
  }
}
