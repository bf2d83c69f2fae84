package io.nspool.fault;

/**
 * The places where a test may halt nspool's JVM at once, as {@code kill -9} would, to prove that
 * work interrupted there converges when the next leader takes over. Each sits between two writes
 * whose order matters; the name says which. Enabled only by {@link CrashPoints} (never in
 * production): see {@code docs/reliability.md}.
 */
public enum CrashPoint {
  /**
   * Dynamic mode: a namespace joining by label has nspool's RoleBinding; the installer's objects,
   * the removal of the join binding and the claim object are still to come.
   */
  JOIN_AFTER_ROLE_BINDING("join.after-role-binding"),
  /** A free namespace chosen for a deployment, its claim Lease not yet written. */
  CLAIM_BEFORE_LEASE_WRITE("claim.before-lease-write"),
  /** The claim Lease names the deployment; the deployment's status does not yet. */
  CLAIM_AFTER_LEASE_WRITE("claim.after-lease-write"),
  /**
   * An executor namespace's claim Lease written; reached after each one, so the first reach is the
   * deployment's own namespace and one executor namespace claimed, the others not yet, and the
   * deployment's status naming none of them: the partial claim all-or-nothing must not leave.
   */
  EXECUTOR_AFTER_CLAIM("executor.after-claim"),
  /**
   * A TenantDeployment's status about to change: after a claim (the namespace not yet in status), a
   * release's outcome, a retention; every status write of the deployment reconciler passes here.
   */
  DEPLOYMENT_BEFORE_STATUS_WRITE("deployment.before-status-write"),
  /** Helm about to install or upgrade (the interrupted release, if any, already healed). */
  INSTALL_BEFORE_HELM("install.before-helm"),
  /** Helm installed or upgraded the release; nspool has not recorded it in status. */
  INSTALL_AFTER_HELM("install.after-helm"),
  /** Helm about to uninstall before a soft or hard delete. */
  UNINSTALL_BEFORE_HELM("uninstall.before-helm"),
  /** Helm uninstalled the release; the claim Lease still names the deployment. */
  UNINSTALL_AFTER_HELM("uninstall.after-helm"),
  /** The claim Lease released (cleaning or orphaned); the deployment's finalizer still there. */
  RELEASE_BEFORE_FINALIZER("release.before-finalizer-removal"),
  /** Soft delete: the claim Lease is retained; the deployment's status does not say so yet. */
  RETAIN_AFTER_LEASE_WRITE("retain.after-lease-write"),
  /** The janitor deleted one object of a namespace being scrubbed, others are still there. */
  SCRUB_MID_DELETION("scrub.mid-deletion"),
  /** The janitor finished; nspool's kept objects (installer, pull secrets) not yet reset. */
  HANDOVER_BEFORE_RESET("handover.before-reset"),
  /** Scrubbed, reset and verified clean; the claim Lease still says cleaning. */
  SCRUB_BEFORE_FREE("scrub.before-free");

  private final String wireName;

  CrashPoint(String wireName) {
    this.wireName = wireName;
  }

  /** The name {@code NSPOOL_CRASH_AT} takes. */
  public String wireName() {
    return wireName;
  }

  public static CrashPoint parse(String name) {
    for (CrashPoint p : values()) {
      if (p.wireName.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "NSPOOL_CRASH_AT: unknown crash point \""
            + name
            + "\"; one of "
            + java.util.Arrays.stream(values())
                .map(CrashPoint::wireName)
                .collect(java.util.stream.Collectors.joining(", ")));
  }
}
