package io.nspool.verify;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks nspool's invariants against a live cluster, reading only, as whatever identity its client
 * has (an admin's in practice; nspool's own ServiceAccount can read all of it):
 *
 * <ol>
 *   <li>no namespace is bound to two deployments, and every deployment's namespace has a claim
 *       object naming it;
 *   <li>every held namespace's claim object names an existing TenantDeployment (an orphan younger
 *       than the grace is still being recorded);
 *   <li>per pool, no more active deployments than namespaces, and none in a namespace its pool does
 *       not own;
 *   <li>a free namespace holds nothing but nspool's kept objects, each with its desired content;
 *   <li>no Helm release is pending an install, upgrade or rollback for longer than the grace;
 *   <li>every pool namespace has nspool's Role and RoleBinding and the installer's objects.
 * </ol>
 *
 * What it cannot read is reported as a violation of kind {@code cannot_check}, never thrown.
 */
public final class Verifier {
  /** How long a claim may name a missing deployment, or a Helm operation run, before it counts. */
  public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);

  private final KubernetesClient client;
  private final String controlNamespace;
  private final String serviceAccount;
  private final Duration grace;
  private final Clock clock;

  /**
   * @param serviceAccount nspool's ServiceAccount in the control namespace, the subject its
   *     RoleBindings must name
   */
  public Verifier(
      KubernetesClient client,
      String controlNamespace,
      String serviceAccount,
      Duration grace,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.controlNamespace = Objects.requireNonNull(controlNamespace, "controlNamespace");
    this.serviceAccount = Objects.requireNonNull(serviceAccount, "serviceAccount");
    this.grace = Objects.requireNonNull(grace, "grace");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Report verify() {
    ClusterReader reader = new ClusterReader(client, controlNamespace, serviceAccount);
    Optional<ClusterView> view = reader.read();
    if (view.isEmpty()) {
      return new Report(reader.unreadable(), 0, 0, 0);
    }
    return check(view.get(), reader.unreadable(), clock.instant(), grace);
  }

  /** The pure part: every invariant checked on what was read. */
  static Report check(ClusterView view, List<Violation> unreadable, Instant now, Duration grace) {
    List<Violation> found = new ArrayList<>(unreadable);
    found.addAll(BindingChecks.check(view, now, grace));
    found.addAll(PoolChecks.check(view));
    found.addAll(NamespaceChecks.check(view, now, grace));
    java.util.SortedMap<String, String> selectors = new java.util.TreeMap<>();
    view.pools().stream()
        .filter(p -> p.getSpec().isDynamic())
        .forEach(
            p ->
                selectors.put(
                    p.getMetadata().getName(), p.getSpec().getNamespaceSelector().toString()));
    return new Report(
        found, view.pools().size(), view.namespaces().size(), view.deployments().size(), selectors);
  }
}
