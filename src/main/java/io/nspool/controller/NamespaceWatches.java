package io.nspool.controller;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.nspool.pool.LabelledNamespaces;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.NamespaceSelector;
import io.nspool.watch.WatchFailures;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dynamic mode's cluster-scoped watches: one fabric8 informer on Namespaces per distinct
 * selector of the pools (the API server filters by label, so only labelled namespaces are held). A
 * namespace labelled, relabelled, unlabelled (the API server reports a namespace that stops
 * matching as deleted from the watch) or deleted calls {@code changed} with the selector, and the
 * pools using it are reconciled; a restart rebuilds membership from the first list. Started and
 * stopped as pools come and go; with no dynamic pool nothing cluster-scoped is watched, and pool
 * mode needs no ClusterRole.
 */
final class NamespaceWatches implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NamespaceWatches.class);

  private final KubernetesClient client;
  private final Consumer<String> changed;
  private final Set<String> reserved;
  private final Map<String, SharedIndexInformer<Namespace>> informers = new ConcurrentHashMap<>();
  private final WatchFailures failures = new WatchFailures();

  /**
   * @param changed called with the selector ({@link NamespaceSelector#toString()}) whose namespaces
   *     changed
   */
  NamespaceWatches(KubernetesClient client, String controlNamespace, Consumer<String> changed) {
    this.client = client;
    this.changed = changed;
    Set<String> never = new HashSet<>(LabelledNamespaces.CLUSTER_NAMESPACES);
    never.add(controlNamespace);
    this.reserved = Set.copyOf(never);
  }

  /** Watches the selectors of the dynamic pools among {@code pools}, and no others. */
  synchronized void follow(Collection<NamespacePool> pools) {
    Map<String, NamespaceSelector> wanted = new HashMap<>();
    for (NamespacePool pool : pools) {
      NamespaceSelector selector = pool.getSpec().getNamespaceSelector();
      if (selector != null && selector.problems().isEmpty()) {
        wanted.putIfAbsent(selector.toString(), selector);
      }
    }
    wanted.forEach((key, selector) -> informers.computeIfAbsent(key, k -> start(k, selector)));
    for (String key : Set.copyOf(informers.keySet())) {
      if (!wanted.containsKey(key)) {
        SharedIndexInformer<Namespace> informer = informers.remove(key);
        failures.forget(key);
        if (informer != null) {
          informer.close();
        }
        log.info("Namespaces({}) no longer watched: no pool selects by it", key);
      }
    }
  }

  /** What the watches show now. */
  LabelledNamespaces snapshot() {
    Map<String, Map<String, String>> labels = new HashMap<>();
    Set<String> unsynced = new HashSet<>();
    Map<String, String> errors = new HashMap<>();
    informers.forEach(
        (key, informer) -> {
          failures.current(key, informer).ifPresent(e -> errors.put(key, e));
          if (!informer.hasSynced()) {
            unsynced.add(key);
          }
          for (Namespace ns : informer.getStore().list()) {
            if (ns.getMetadata().getDeletionTimestamp() == null) {
              Map<String, String> l = ns.getMetadata().getLabels();
              labels.put(ns.getMetadata().getName(), l == null ? Map.of() : l);
            }
          }
        });
    return new LabelledNamespaces(labels, unsynced, errors, reserved);
  }

  private SharedIndexInformer<Namespace> start(String key, NamespaceSelector selector) {
    SharedIndexInformer<Namespace> informer =
        io.nspool.watch.SlimStore.slim(
            client.namespaces().withLabelSelector(selector.toLabelSelector()).runnableInformer(0));
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Namespace ns) {
            changed(key);
          }

          @Override
          public void onUpdate(Namespace before, Namespace after) {
            changed(key);
          }

          @Override
          public void onDelete(Namespace ns, boolean finalStateUnknown) {
            changed(key);
          }
        });
    informer.exceptionHandler(
        (started, error) -> {
          String reason =
              error instanceof KubernetesClientException kce && kce.getCode() == 403
                  ? "list and watch on namespaces is forbidden"
                  : String.valueOf(error.getMessage()).lines().findFirst().orElse("");
          if (failures.failed(key, reason, informer)) {
            log.warn("Namespaces({}) watch fails: {}", key, reason);
            changed.accept(key);
          }
          return true; // keep retrying: installing the ClusterRole heals it
        });
    informer.start().whenComplete((done, error) -> changed.accept(key));
    log.info("Namespaces({}) watched for dynamic pools", key);
    return informer;
  }

  private void changed(String key) {
    failures.forget(key);
    changed.accept(key);
  }

  @Override
  public synchronized void close() {
    informers.values().forEach(SharedIndexInformer::close);
    informers.clear();
  }
}
