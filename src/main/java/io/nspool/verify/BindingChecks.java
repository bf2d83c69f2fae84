package io.nspool.verify;

import static io.nspool.verify.ClusterView.describe;
import static io.nspool.verify.ClusterView.statusNamespace;

import io.nspool.claim.Claim;
import io.nspool.deploy.TenantDeployment;
import io.nspool.verify.Violation.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Invariants 1 and 2: never two deployments in one namespace, and every held namespace's claim
 * object names a deployment that exists. The claim object is the truth; a deployment's status is
 * what nspool last told it.
 */
final class BindingChecks {
  private BindingChecks() {}

  static List<Violation> check(ClusterView view, Instant now, Duration grace) {
    List<Violation> found = new ArrayList<>(boundTwice(view));
    found.addAll(disagreeing(view));
    found.addAll(orphans(view, now, grace));
    return found;
  }

  /** Two or more deployments whose status names one namespace. */
  static List<Violation> boundTwice(ClusterView view) {
    Map<String, List<TenantDeployment>> byNamespace = new TreeMap<>();
    for (TenantDeployment d : view.deployments()) {
      String namespace = statusNamespace(d);
      if (namespace != null) {
        byNamespace.computeIfAbsent(namespace, n -> new ArrayList<>()).add(d);
      }
    }
    List<Violation> found = new ArrayList<>();
    byNamespace.forEach(
        (namespace, deployments) -> {
          if (deployments.size() < 2) {
            return;
          }
          String names =
              deployments.stream()
                  .map(d -> d.getMetadata().getName())
                  .collect(Collectors.joining(", "));
          String holder =
              view.facts(namespace)
                  .flatMap(NamespaceFacts::held)
                  .map(c -> "names " + c.deploymentName())
                  .orElse("names none of them");
          found.add(
              Violation.of(
                  Kind.NAMESPACE_BOUND_TWICE,
                  "Namespace " + namespace,
                  namespace,
                  deployments.size()
                      + " TenantDeployments ("
                      + names
                      + ") say they hold namespace "
                      + namespace
                      + "; its claim object "
                      + holder
                      + ". The claim object wins: nspool marks the others ClaimLost on its next"
                      + " pass; if this stays, check that nspool's server runs, then delete the"
                      + " deployments the claim object does not name."));
        });
    return found;
  }

  /** A deployment whose status names a namespace whose claim object does not name it. */
  static List<Violation> disagreeing(ClusterView view) {
    List<Violation> found = new ArrayList<>();
    for (TenantDeployment d : view.deployments()) {
      String namespace = statusNamespace(d);
      if (namespace == null) {
        continue;
      }
      NamespaceFacts facts = view.facts(namespace).orElse(null);
      if (facts == null || !facts.claimRead()) {
        continue; // reported as cannot_check
      }
      String uid = d.getMetadata().getUid();
      // Cleaning keeps the holder, so a deployment being deleted still agrees with its claim.
      if (facts.claim().map(c -> uid.equals(c.holderUid())).orElse(false)) {
        continue;
      }
      found.add(
          Violation.of(
              Kind.BINDING_DISAGREES,
              describe(d),
              namespace,
              "its status says it holds namespace "
                  + namespace
                  + ", but the claim object there "
                  + claimSays(facts)
                  + ". The claim object wins: nspool marks this deployment ClaimLost on its next"
                  + " pass; if this stays, check that nspool's server runs."));
    }
    return found;
  }

  /** Held claims naming a deployment that does not exist, for longer than {@code grace}. */
  static List<Violation> orphans(ClusterView view, Instant now, Duration grace) {
    Set<String> uids =
        view.deployments().stream().map(d -> d.getMetadata().getUid()).collect(Collectors.toSet());
    List<Violation> found = new ArrayList<>();
    for (NamespaceFacts facts : view.namespaces().values()) {
      Claim claim = facts.held().orElse(null);
      if (claim == null || uids.contains(claim.holderUid())) {
        continue;
      }
      Duration age = Duration.between(claim.since(), now);
      if (age.compareTo(grace) <= 0) {
        continue; // a claim is written before its deployment's status: give it time
      }
      found.add(
          Violation.of(
              Kind.ORPHANED_CLAIM,
              facts.claimObject(),
              facts.name(),
              "namespace "
                  + facts.name()
                  + " is "
                  + claim.state().wireName()
                  + " by deployment "
                  + claim.deploymentName()
                  + " (uid "
                  + claim.holderUid()
                  + "), which does not exist, for "
                  + Ages.of(age)
                  + " (since "
                  + claim.since()
                  + "). nspool scrubs and frees such a claim after its orphan grace; if this"
                  + " stays, check that nspool's server runs for this control namespace."));
    }
    return found;
  }

  private static String claimSays(NamespaceFacts facts) {
    if (facts.claim().isEmpty()) {
      return "does not exist";
    }
    Claim claim = facts.claim().get();
    return claim.holderUid() == null
        ? "says it is " + claim.state().wireName() + " and held by no one"
        : "names deployment " + claim.deploymentName() + " (uid " + claim.holderUid() + ")";
  }
}
