package io.nspool.claim;

import static io.nspool.claim.ClaimState.CLAIMED;
import static io.nspool.claim.ClaimState.CLEANING;
import static io.nspool.claim.ClaimState.DRAINING;
import static io.nspool.claim.ClaimState.FREE;
import static io.nspool.claim.ClaimState.QUARANTINED;
import static io.nspool.claim.ClaimState.RETAINED;

import java.time.Instant;
import java.util.Objects;

/**
 * The claim object of one pool namespace: who holds it and in which state it is. Immutable; a
 * transition in {@link NamespaceStateMachine} returns a new one.
 *
 * <p>The constructor rejects combinations no transition can produce (a free namespace with a
 * holder, a retained one without {@code purgeAfter}, ...), so a hand-edited or garbled claim object
 * is caught when it is read instead of being acted on.
 *
 * @param namespace the pool namespace this claim object lives in
 * @param state the current state
 * @param holderUid UID of the holding TenantDeployment; null when nobody holds it. Kept while
 *     retained (so the same deployment can restore) and while cleaning (so the janitor knows whose
 *     objects it removes).
 * @param deploymentName {@code namespace/name} of the holding TenantDeployment, or null
 * @param since when the namespace entered {@code state}
 * @param purgeAfter when a retained namespace may be purged; null in every other state
 * @param reason why the namespace is quarantined, in words an operator can act on; null otherwise
 * @param leaving the namespace was removed from the pool and leaves it once no tenant uses it
 * @param executorOf for an extra executor namespace of a deployment, the deployment's own (primary)
 *     namespace; null for a primary namespace and whenever nobody holds it. It travels with the
 *     holder (retained, restored, draining, cleaning) so a claim alone says its role, even when the
 *     deployment's status was never written (a crash between claim and status).
 * @param quarantines how many times in a row the namespace has been quarantined since it was last
 *     verified clean: it sets how long the next retry waits ({@link QuarantineBackoff}). Carried
 *     from quarantined to cleaning (the retry), one more at every further quarantine, back to 0
 *     when a scrub verifies the namespace clean. 0 in every state but quarantined and cleaning; 0
 *     also for a quarantined claim written before the count existed (read as a first quarantine).
 */
public record Claim(
    String namespace,
    ClaimState state,
    String holderUid,
    String deploymentName,
    Instant since,
    Instant purgeAfter,
    String reason,
    boolean leaving,
    String executorOf,
    int quarantines) {

  /** A claim never quarantined since it was last verified clean. */
  public Claim(
      String namespace,
      ClaimState state,
      String holderUid,
      String deploymentName,
      Instant since,
      Instant purgeAfter,
      String reason,
      boolean leaving,
      String executorOf) {
    this(
        namespace,
        state,
        holderUid,
        deploymentName,
        since,
        purgeAfter,
        reason,
        leaving,
        executorOf,
        0);
  }

  /** A claim of a deployment's own namespace (or of nobody). */
  public Claim(
      String namespace,
      ClaimState state,
      String holderUid,
      String deploymentName,
      Instant since,
      Instant purgeAfter,
      String reason,
      boolean leaving) {
    this(namespace, state, holderUid, deploymentName, since, purgeAfter, reason, leaving, null);
  }

  public Claim {
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("claim: namespace must not be empty");
    }
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
    boolean held = state == CLAIMED || state == RETAINED || state == DRAINING;
    if (held && holderUid == null) {
      throw inconsistent(namespace, state, "needs a holderUid");
    }
    if ((state == FREE || state == QUARANTINED) && (holderUid != null || deploymentName != null)) {
      throw inconsistent(namespace, state, "must not name a holder or deployment");
    }
    if ((state == RETAINED) != (purgeAfter != null)) {
      throw inconsistent(namespace, state, "purgeAfter is set when, and only when, retained");
    }
    if ((state == QUARANTINED) != (reason != null)) {
      throw inconsistent(namespace, state, "reason is set when, and only when, quarantined");
    }
    if (executorOf != null && holderUid == null) {
      throw inconsistent(namespace, state, "an executor namespace needs a holderUid");
    }
    if (state == DRAINING && !leaving) {
      throw inconsistent(namespace, state, "a draining namespace is always leaving");
    }
    if (quarantines < 0) {
      throw inconsistent(namespace, state, "quarantines must not be negative, got " + quarantines);
    }
    if (quarantines > 0 && state != QUARANTINED && state != CLEANING) {
      throw inconsistent(
          namespace, state, "quarantines is counted only while quarantined or cleaning");
    }
  }

  /** Whether this is an extra executor namespace of its holder, not the holder's own. */
  public boolean executor() {
    return executorOf != null;
  }

  /** A namespace that just joined the pool (or was never claimed). */
  public static Claim free(String namespace, Instant now) {
    return new Claim(namespace, FREE, null, null, now, null, null, false);
  }

  private static IllegalArgumentException inconsistent(
      String namespace, ClaimState state, String rule) {
    return new IllegalArgumentException(
        "claim of namespace \"" + namespace + "\" in state " + state.wireName() + ": " + rule);
  }
}
