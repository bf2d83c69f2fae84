package io.nspool.janitor;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrubs a pool namespace of everything a tenant left in it, acting as nspool's namespace-scoped
 * identity, and reports whether it is clean. It never throws for what it cannot delete: each such
 * object is a {@link Leftover} in the {@link ScrubReport}, and a namespace that is not clean must
 * be quarantined. Re-applying nspool's own objects and changing the claim are the caller's job.
 *
 * <p>Safe to share between threads: each scrub keeps its own state.
 */
public final class Janitor {
  private static final Logger LOG = LoggerFactory.getLogger(Janitor.class);

  /**
   * Kept in every namespace whatever the caller says: Kubernetes' own controllers recreate these in
   * every namespace (the service-account controller the ServiceAccount {@code default}, the root-CA
   * publisher the ConfigMap {@code kube-root-ca.crt}) moments after they are deleted, so deleting
   * them only races those controllers and could never be verified.
   */
  public static final Set<ObjectKey> ALWAYS_KEPT =
      Set.of(
          ObjectKey.of("", "serviceaccounts", "default"),
          ObjectKey.of("", "configmaps", "kube-root-ca.crt"));

  private final KubernetesClient client;
  private final PollBackoff backoff;

  /** {@code client} acts as nspool's ServiceAccount, never as an admin. */
  public Janitor(KubernetesClient client) {
    this(client, PollBackoff.DEFAULT);
  }

  Janitor(KubernetesClient client, PollBackoff backoff) {
    this.client = Objects.requireNonNull(client, "client");
    this.backoff = backoff;
  }

  /**
   * Deletes every object in {@code namespace} except {@code keep} and {@link #ALWAYS_KEPT}, waits
   * up to {@code within} for the deletions to finish, and verifies what is left.
   */
  public ScrubReport scrub(String namespace, Set<ObjectKey> keep, Duration within) {
    Objects.requireNonNull(namespace, "namespace");
    Set<ObjectKey> kept = new HashSet<>(ALWAYS_KEPT);
    kept.addAll(keep);
    ScrubReport report = new Scrub(client, namespace, kept, backoff).run(within);
    log(report);
    return report;
  }

  /**
   * What each of {@code namespaces} holds now beyond {@code keep} and {@link #ALWAYS_KEPT}, read as
   * a scrub reads it (every namespaced type API discovery finds, listed) but changing nothing: what
   * {@code nspool verify} checks a free namespace with. Discovery runs once for all of them.
   */
  public List<Inspection> inspect(Collection<String> namespaces, Set<ObjectKey> keep) {
    Set<ObjectKey> kept = new HashSet<>(ALWAYS_KEPT);
    kept.addAll(keep);
    // Every event counts: there is no scrub whose own events could be told apart.
    DeletionPlan plan = new DeletionPlan(kept, new EventBaseline(Set.of(), false));
    ApiDiscovery.Result discovery = ApiDiscovery.discover(client);
    return namespaces.stream()
        .map(
            namespace -> {
              NamespaceObjects objects = new NamespaceObjects(client, namespace);
              Optional<Leftover> unavailable = objects.unavailable();
              if (unavailable.isPresent()) {
                return Inspection.of(namespace, List.of(), List.of(unavailable.get()));
              }
              Snapshot snapshot = objects.snapshot(discovery.types());
              return Inspection.of(
                  namespace,
                  plan.tenantObjects(snapshot),
                  Verification.unseen(namespace, discovery, snapshot));
            })
        .toList();
  }

  private static void log(ScrubReport report) {
    String line =
        String.format(
            "scrub namespace=%s clean=%s deleted=%d leftovers=%d took=%s",
            report.namespace(),
            report.clean(),
            report.deleted().size(),
            report.leftovers().size(),
            ScrubReport.seconds(report.took()));
    if (report.clean()) {
      LOG.info(line);
    } else {
      LOG.warn(
          "{}: {}",
          line,
          report.leftovers().stream()
              .map(l -> l.what() + ": " + l.why())
              .collect(Collectors.joining("; ")));
    }
  }
}
