package io.nspool.pool;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.claim.ClaimCodec;
import io.nspool.fault.CrashPoint;
import io.nspool.fault.CrashPoints;
import io.nspool.janitor.Janitor;
import io.nspool.janitor.ObjectKey;
import io.nspool.janitor.ScrubReport;
import io.nspool.rbac.NspoolRoles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes a released namespace fit for its next tenant, or says why it is not: the janitor deletes
 * everything the previous tenant left (the installer's Role and RoleBinding included), the
 * installer's ServiceAccount in the control namespace is renewed (so no token minted for it
 * survives), then {@link KeptObjects} puts nspool's own objects back to exactly their desired
 * content and verifies them. Anything not clean quarantines the namespace.
 */
public final class Handover implements Scrubber {
  /**
   * Kept through the scrub: nspool's own access (it could not recreate it once deleted) and the
   * claim object. The installer is not kept: it is deleted with the tenant's objects and created
   * anew.
   */
  public static final Set<ObjectKey> KEPT_THROUGH_SCRUB =
      Set.of(
          ObjectKey.of("rbac.authorization.k8s.io", "roles", NspoolRoles.ROLE_NAME),
          ObjectKey.of("rbac.authorization.k8s.io", "rolebindings", NspoolRoles.ROLE_NAME),
          ObjectKey.of("coordination.k8s.io", "leases", ClaimCodec.LEASE_NAME));

  private final Janitor janitor;
  private final KubernetesClient client;
  private final String controlNamespace;
  private final KeptObjects kept;
  private final Duration deadline;
  private volatile PullSecrets pullSecrets;

  /**
   * @param client nspool's own identity
   * @param deadline how long the janitor waits for deletions
   */
  public Handover(
      KubernetesClient client, String controlNamespace, String serviceAccount, Duration deadline) {
    this.janitor = new Janitor(client);
    this.client = client;
    this.controlNamespace = controlNamespace;
    this.kept = new KeptObjects(client, controlNamespace, serviceAccount);
    this.deadline = deadline;
  }

  /**
   * Keeps the pool's pull secret copies through the scrub and resets them to their source after it,
   * as nspool's other kept objects.
   */
  public void keepPullSecrets(PullSecrets pullSecrets) {
    this.pullSecrets = pullSecrets;
    kept.alsoKeep(pullSecrets::desired);
  }

  @Override
  public void declareInstallerRules(
      String namespace, List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> rules) {
    kept.declareInstallerRules(namespace, rules);
  }

  @Override
  public Result scrub(String namespace) {
    Set<ObjectKey> keep = new HashSet<>(KEPT_THROUGH_SCRUB);
    PullSecrets pulls = pullSecrets;
    if (pulls != null) {
      pulls.names(namespace).forEach(n -> keep.add(ObjectKey.of("", "secrets", n)));
    }
    ScrubReport report = janitor.scrub(namespace, keep, deadline);
    if (!report.clean()) {
      return new Result(false, report.summary());
    }
    List<String> problems = new ArrayList<>();
    try {
      io.nspool.rbac.InstallerIdentity.renew(client, controlNamespace, namespace);
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      problems.add(
          "the installer's ServiceAccount "
              + controlNamespace
              + "/"
              + io.nspool.rbac.InstallerIdentity.serviceAccountName(namespace)
              + " could not be renewed (HTTP "
              + e.getCode()
              + "): tokens minted for the previous tenant's Helm operations may still be valid;"
              + " nspool install creates the Role "
              + io.nspool.rbac.InstallerIdentity.serviceAccountName(namespace)
              + " there that allows it");
    }
    CrashPoints.reach(CrashPoint.HANDOVER_BEFORE_RESET);
    problems.addAll(kept.reset(namespace));
    if (problems.isEmpty()) {
      problems.addAll(kept.verify(namespace));
    }
    if (problems.isEmpty()) {
      return new Result(true, report.summary() + "; nspool's objects reset and verified");
    }
    return new Result(
        false,
        report.summary()
            + "; but "
            + problems.size()
            + " of nspool's objects could not be reset:\n  "
            + String.join("\n  ", problems));
  }
}
