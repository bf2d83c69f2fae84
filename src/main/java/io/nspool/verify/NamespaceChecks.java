package io.nspool.verify;

import io.nspool.claim.Claim;
import io.nspool.claim.ClaimState;
import io.nspool.janitor.Inspection;
import io.nspool.janitor.Janitor;
import io.nspool.pool.Handover;
import io.nspool.pool.KeptObjects;
import io.nspool.rbac.NspoolRoles;
import io.nspool.verify.Violation.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Invariants 4 to 6, namespace by namespace: a free namespace holds nothing but nspool's kept
 * objects, each with its desired content; no Helm release is stuck mid-operation; every pool
 * namespace still has nspool's access and the installer.
 */
final class NamespaceChecks {
  private NamespaceChecks() {}

  static List<Violation> check(ClusterView view, Instant now, Duration grace) {
    List<Violation> found = new ArrayList<>();
    for (NamespaceFacts facts : view.namespaces().values()) {
      found.addAll(freeAndClean(facts));
      found.addAll(stuckReleases(facts, now, grace));
      found.addAll(accessPresent(facts));
    }
    return found;
  }

  /** Invariant 4: what a free namespace, offered to the next tenant, holds that it should not. */
  static List<Violation> freeAndClean(NamespaceFacts facts) {
    Claim claim = facts.claim().orElse(null);
    if (claim == null || claim.state() != ClaimState.FREE) {
      return List.of();
    }
    String namespace = facts.name();
    List<Violation> found = new ArrayList<>();
    Inspection inspection = facts.inspection().orElse(null);
    if (inspection != null) {
      for (Inspection.Found object : inspection.objects()) {
        if (writtenWhileScrubbed(object, claim)) {
          continue;
        }
        found.add(
            Violation.of(
                Kind.TENANT_OBJECT_IN_FREE_NAMESPACE,
                object.describe(namespace),
                namespace,
                "namespace "
                    + namespace
                    + " is free, so the next tenant gets it with this object, which nspool does"
                    + " not keep there. Delete it: kubectl -n "
                    + namespace
                    + " delete "
                    + object.key()));
      }
      inspection
          .unseen()
          .forEach(
              unseen ->
                  found.add(
                      Violation.of(
                          Kind.CANNOT_CHECK,
                          unseen.what(),
                          namespace,
                          "cannot check that free namespace "
                              + namespace
                              + " holds none of these: "
                              + unseen.why())));
    }
    for (KeptObjects.Difference difference : facts.kept()) {
      if (difference.problem() == KeptObjects.Difference.Problem.MISSING) {
        continue; // accessPresent's, or re-created by Kubernetes
      }
      found.add(
          Violation.of(
              Kind.KEPT_OBJECT_DIFFERS,
              difference.object(),
              namespace,
              "in free namespace "
                  + namespace
                  + " it "
                  + difference.what()
                  + ", and the next tenant would inherit that. Delete it to have it re-created"
                  + " with nspool's content: Kubernetes re-creates ServiceAccount default and"
                  + " ConfigMap kube-root-ca.crt, nspool install (or applying nspool install"
                  + " --render) the others."));
    }
    return found;
  }

  /**
   * Events the controllers wrote while the janitor scrubbed ("Deleted pod ...") name the previous
   * tenant's objects and are left to expire; the janitor tells them from the tenant's own by UID
   * ({@code EventBaseline}). Long after, only their age tells: older than the free claim.
   */
  static boolean writtenWhileScrubbed(Inspection.Found object, Claim freeClaim) {
    return object.isEvent()
        && object.created() != null
        && object.created().isBefore(freeClaim.since());
  }

  /** Invariant 5: a Helm release left mid-operation blocks every later one on it. */
  static List<Violation> stuckReleases(NamespaceFacts facts, Instant now, Duration grace) {
    List<Violation> found = new ArrayList<>();
    for (HelmRelease release : facts.releases()) {
      if (!release.pending() || release.since() == null) {
        continue;
      }
      Duration age = Duration.between(release.since(), now);
      if (age.compareTo(grace) <= 0) {
        continue;
      }
      found.add(
          Violation.of(
              Kind.HELM_RELEASE_STUCK,
              "Secret " + release.namespace() + "/" + release.secret(),
              release.namespace(),
              "Helm release "
                  + release.name()
                  + " revision "
                  + release.revision()
                  + " has been "
                  + release.status()
                  + " for "
                  + Ages.of(age)
                  + " (since "
                  + release.since()
                  + "): the operation died midway, and Helm refuses every later one on this"
                  + " release. Roll it back (helm -n "
                  + release.namespace()
                  + " rollback "
                  + release.name()
                  + ") or, for a pending-install, uninstall it; nspool then installs it again."));
    }
    return found;
  }

  /**
   * Invariant 6: nspool's Role and RoleBinding and the installer's objects are there. The installer
   * is deleted and created anew while a namespace is cleaning; what Kubernetes re-creates itself
   * ({@link Janitor#ALWAYS_KEPT}) is never missing for long.
   */
  static List<Violation> accessPresent(NamespaceFacts facts) {
    boolean cleaning = facts.state().map(s -> s == ClaimState.CLEANING).orElse(false);
    List<Violation> found = new ArrayList<>();
    for (KeptObjects.Difference difference : facts.kept()) {
      if (difference.problem() != KeptObjects.Difference.Problem.MISSING
          || Janitor.ALWAYS_KEPT.contains(difference.key())
          || (cleaning && !Handover.KEPT_THROUGH_SCRUB.contains(difference.key()))) {
        continue;
      }
      found.add(
          Violation.of(
              Kind.NSPOOL_OBJECT_MISSING,
              difference.object(),
              facts.name(),
              "pool namespace "
                  + facts.name()
                  + " has no "
                  + difference.object()
                  + ", so "
                  + (difference.key().name().equals(NspoolRoles.INSTALLER)
                          || difference
                              .key()
                              .name()
                              .equals(
                                  io.nspool.rbac.InstallerIdentity.serviceAccountName(facts.name()))
                      ? "Helm has no identity to install as there"
                      : "nspool cannot claim, watch or scrub it")
                  + ". Re-apply it: nspool install, or nspool install --render | kubectl apply"
                  + " --server-side -f -"));
    }
    return found;
  }
}
