package io.nspool.pool;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.nspool.claim.InformerStarts;
import io.nspool.rbac.NspoolRoles;
import io.nspool.watch.WatchErrors;
import io.nspool.watch.WatchFailures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a copy of each pool's pull secrets ({@code spec.pullSecrets}, Secrets of the control
 * namespace) in every namespace of the pool. Event-driven, following {@code ClaimCache}: one
 * informer per source Secret, by name (nspool's control Role grants Secrets only by name), and one
 * informer per pool namespace on just the copies (label {@value #LABEL}), all on the shared client.
 * A change to a source or a copy calls back so the pool is reconciled, which puts every copy back.
 */
public final class PullSecrets implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PullSecrets.class);

  /** Marks nspool's copies of pull secrets; what the per-namespace watch selects. */
  public static final String LABEL = "nspool.io/pull-secret";

  private final KubernetesClient client;
  private final String controlNamespace;
  private final Consumer<String> sourceChanged;
  private final Consumer<String> copyChanged;
  private final Map<String, SharedIndexInformer<Secret>> sources = new ConcurrentHashMap<>();
  private final Map<String, SharedIndexInformer<Secret>> copies = new ConcurrentHashMap<>();
  private final Map<String, List<String>> assigned = new ConcurrentHashMap<>();
  private final Set<String> swept = ConcurrentHashMap.newKeySet();
  private final InformerStarts starts = new InformerStarts("nspool-pull-secret-watch-starts");
  private final WatchFailures watchErrors = new WatchFailures();

  /**
   * @param sourceChanged called with a source Secret's name when it changes
   * @param copyChanged called with a pool namespace when one of its copies changes
   */
  public PullSecrets(
      KubernetesClient client,
      String controlNamespace,
      Consumer<String> sourceChanged,
      Consumer<String> copyChanged) {
    this.client = client;
    this.controlNamespace = controlNamespace;
    this.sourceChanged = sourceChanged;
    this.copyChanged = copyChanged;
  }

  /** Watches the named sources (in addition to those already watched). */
  public void watchSources(List<String> names) {
    names.forEach(
        name ->
            sources.computeIfAbsent(
                name,
                n ->
                    start(
                        client
                            .secrets()
                            .inNamespace(controlNamespace)
                            .withName(n)
                            .runnableInformer(0),
                        () -> sourceChanged.accept(n),
                        null)));
  }

  /** Stops watching the sources no pool names any more. */
  public void retainSources(Set<String> names) {
    for (String name : Set.copyOf(sources.keySet())) {
      if (!names.contains(name)) {
        Optional.ofNullable(sources.remove(name)).ifPresent(SharedIndexInformer::close);
      }
    }
  }

  /** A source Secret that is missing or unreadable, described for the pool's status; else empty. */
  public Optional<String> sourceProblem(String name) {
    SharedIndexInformer<Secret> informer = sources.get(name);
    if (informer == null || !informer.hasSynced()) {
      return Optional.empty();
    }
    if (source(name) == null) {
      return Optional.of(
          "spec.pullSecrets: Secret "
              + controlNamespace
              + "/"
              + name
              + " does not exist or nspool may not read it (grant it by name in nspool's control"
              + " Role: nspool install --pull-secret "
              + name
              + ")");
    }
    return Optional.empty();
  }

  private Secret source(String name) {
    SharedIndexInformer<Secret> informer = sources.get(name);
    return informer == null ? null : informer.getStore().getByKey(controlNamespace + "/" + name);
  }

  /** The copies {@code namespace} must hold now: one per readable source assigned to it. */
  public List<Secret> desired(String namespace) {
    List<Secret> wanted = new ArrayList<>();
    for (String name : assigned.getOrDefault(namespace, List.of())) {
      Secret source = source(name);
      if (source != null) {
        wanted.add(copy(source, namespace));
      }
    }
    return wanted;
  }

  /** The names of the copies assigned to {@code namespace}, whether or not the source exists. */
  public List<String> names(String namespace) {
    return assigned.getOrDefault(namespace, List.of());
  }

  static Secret copy(Secret source, String namespace) {
    Map<String, String> labels = new LinkedHashMap<>(NspoolRoles.LABELS);
    labels.put(LABEL, "true");
    return new SecretBuilder()
        .withNewMetadata()
        .withName(source.getMetadata().getName())
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withType(source.getType())
        .withData(source.getData() == null ? null : new HashMap<>(source.getData()))
        .build();
  }

  /**
   * Makes {@code namespace} hold exactly a copy of each of {@code names}: creates what is missing,
   * puts back what differs, deletes copies no longer named. Returns why it could not, naming the
   * rule nspool's Role lacks.
   */
  public Optional<String> sync(String namespace, List<String> names) {
    assigned.put(namespace, List.copyOf(names));
    if (names.isEmpty() && !copies.containsKey(namespace)) {
      // No pull secrets: no watch is kept (a watch is a connection of its own, and a pool of 5000
      // had 5000 of them for nothing); one sweep removes copies a former list left behind.
      if (swept.add(namespace)) {
        try {
          client.secrets().inNamespace(namespace).withLabel(LABEL).delete();
        } catch (KubernetesClientException e) {
          swept.remove(namespace);
          return Optional.of(problem(namespace, "(former copies)", e));
        }
      }
      return Optional.empty();
    }
    SharedIndexInformer<Secret> informer =
        copies.computeIfAbsent(
            namespace,
            ns ->
                start(
                    io.nspool.watch.SlimStore.slim(
                        client.secrets().inNamespace(ns).withLabel(LABEL).runnableInformer(0)),
                    () -> copyChanged.accept(ns),
                    ns));
    if (!informer.hasSynced()) {
      return Optional.empty(); // its first list requeues the pool
    }
    Map<String, Secret> present = new HashMap<>();
    informer.getStore().list().forEach(s -> present.put(s.getMetadata().getName(), s));
    for (Secret want : desired(namespace)) {
      String name = want.getMetadata().getName();
      Secret have = present.remove(name);
      try {
        if (have == null) {
          have = client.secrets().inNamespace(namespace).withName(name).get();
        }
        if (have == null) {
          client.resource(want).create();
        } else if (!same(want, have)) {
          if (!Objects.equals(want.getType(), have.getType())
              || Boolean.TRUE.equals(have.getImmutable())) {
            client.resource(have).withGracePeriod(0).delete();
            client.resource(want).create();
          } else {
            client.resource(want).update(); // unconditional: the source's content wins
          }
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          copyChanged.accept(namespace); // raced a writer: again with the newer version
          continue;
        }
        return Optional.of(problem(namespace, name, e));
      }
    }
    for (Secret stale : present.values()) {
      if (names.contains(stale.getMetadata().getName())) {
        continue; // its source is unreadable for now: keep the copy rather than break pulls
      }
      try {
        client.resource(stale).delete();
      } catch (KubernetesClientException e) {
        return Optional.of(problem(namespace, stale.getMetadata().getName(), e));
      }
    }
    return Optional.empty();
  }

  private static String problem(String namespace, String name, KubernetesClientException e) {
    String first =
        e.getMessage() == null ? "unknown error" : e.getMessage().lines().findFirst().orElse("");
    return "cannot keep its pull secret Secret "
        + namespace
        + "/"
        + name
        + ": "
        + first
        + (e.getCode() == 403 && first.contains(" cannot ")
            ? " (nspool's Role here must allow create, update and delete on secrets)"
            : "");
  }

  static boolean same(Secret want, Secret have) {
    return Objects.equals(want.getType(), have.getType())
        && Objects.equals(orEmpty(want.getData()), orEmpty(have.getData()))
        && orEmpty(have.getStringData()).isEmpty()
        && Objects.equals(
            orEmpty(want.getMetadata().getLabels()), orEmpty(have.getMetadata().getLabels()))
        && orEmpty(have.getMetadata().getAnnotations()).isEmpty()
        && (have.getMetadata().getOwnerReferences() == null
            || have.getMetadata().getOwnerReferences().isEmpty())
        && (have.getMetadata().getFinalizers() == null
            || have.getMetadata().getFinalizers().isEmpty())
        && !Boolean.TRUE.equals(have.getImmutable());
  }

  /** Stops keeping copies in {@code namespace} (it left its pool), deleting them. */
  public void forget(String namespace) {
    assigned.remove(namespace);
    swept.remove(namespace);
    watchErrors.forget(namespace);
    SharedIndexInformer<Secret> informer = copies.remove(namespace);
    if (informer != null) {
      informer.close();
      try {
        client.secrets().inNamespace(namespace).withLabel(LABEL).delete();
      } catch (KubernetesClientException e) {
        log.warn("Secrets({}) pull secret copies not deleted: {}", namespace, e.getMessage());
      }
    }
  }

  /**
   * Why the copies of {@code namespace} cannot be watched, while they cannot (a forbidden or
   * failing watch; cleared once the watch runs again, e.g. after the Role was fixed).
   */
  public Optional<String> watchError(String namespace) {
    return watchErrors.current(namespace, copies.get(namespace));
  }

  /**
   * @param namespace the pool namespace whose copies the informer watches, or null for a source
   */
  private SharedIndexInformer<Secret> start(
      SharedIndexInformer<Secret> informer, Runnable call, String namespace) {
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Secret s) {
            call.run();
          }

          @Override
          public void onUpdate(Secret a, Secret b) {
            call.run();
          }

          @Override
          public void onDelete(Secret s, boolean unknown) {
            call.run();
          }
        });
    informer.exceptionHandler(
        (started, error) -> {
          if (namespace == null) {
            log.warn("watching pull secrets failed, retrying: {}", error.getMessage());
            return true;
          }
          String reason =
              WatchErrors.describe(error, namespace, "secrets", "its pull secret copies");
          if (watchErrors.failed(namespace, reason, informer)) {
            log.warn("Secrets({}) {}", namespace, reason);
            call.run(); // the pool reports it
          }
          return true; // keep retrying with backoff: a fixed Role heals the namespace by itself
        });
    starts.start(informer);
    return informer;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }

  @Override
  public void close() {
    starts.close();
    sources.values().forEach(SharedIndexInformer::close);
    copies.values().forEach(SharedIndexInformer::close);
    sources.clear();
    copies.clear();
    watchErrors.clear();
  }
}
