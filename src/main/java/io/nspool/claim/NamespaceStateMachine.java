package io.nspool.claim;

import static io.nspool.claim.ClaimState.CLAIMED;
import static io.nspool.claim.ClaimState.CLEANING;
import static io.nspool.claim.ClaimState.DRAINING;
import static io.nspool.claim.ClaimState.FREE;
import static io.nspool.claim.ClaimState.QUARANTINED;
import static io.nspool.claim.ClaimState.RETAINED;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The life of a pool namespace, in one place.
 *
 * <p>Soft delete: {@code free → claimed → retained → cleaning → free}. Hard delete: {@code free →
 * claimed → cleaning → free}. Every transition:
 *
 * <pre>
 * transition     from                                      to
 * claim          free, not leaving                         claimed
 * release-soft   claimed, draining                         retained until purgeAfter
 * restore        retained, same holder, before purgeAfter  claimed (draining if leaving)
 * purge          retained, from purgeAfter on              cleaning
 * release-hard   claimed, draining                         cleaning
 * orphaned       claimed, draining, retained               cleaning
 * scrubbed       cleaning                                  free
 * scrub-failed   cleaning                                  quarantined
 * quarantine     free                                      quarantined
 * recover        quarantined                               cleaning
 * drain          any                                       claimed → draining; others: leaving
 * undrain        any                                       draining → claimed; others: not leaving
 * </pre>
 *
 * <p>{@code draining} is {@code claimed} for a namespace removed from the pool: the tenant keeps it
 * until its deployment is deleted, then it is scrubbed and leaves. Every state carries a {@code
 * leaving} flag for that removal; {@link #shouldLeavePool} says when the caller may drop it.
 * Quarantined and cleaning namespaces are never offered: only a scrub leads to free.
 *
 * <p>Every method is pure: it returns the new claim, or throws {@link IllegalTransitionException}
 * and changes nothing. The caller stores the result with a compare-and-swap on the claim object
 * (see {@link ClaimCodec}), so two replicas racing on one namespace cannot both win.
 *
 * <p>{@code since} moves only when the state changes; setting or clearing {@code leaving} alone
 * keeps it, so "retained since" and "cleaning since" stay true.
 *
 * <p>Every quarantine (scrub-failed, quarantine) counts one more in {@link Claim#quarantines()};
 * recover carries the count into cleaning, scrubbed sets it back to 0. How long a quarantined
 * namespace waits before recover is {@link QuarantineBackoff}'s to say.
 */
public final class NamespaceStateMachine {

  /** What can happen to a namespace, and the states it may happen in. */
  public enum Transition {
    CLAIM(FREE),
    RELEASE_HARD(CLAIMED, DRAINING),
    RELEASE_SOFT(CLAIMED, DRAINING),
    RESTORE(RETAINED),
    PURGE(RETAINED),
    SCRUBBED(CLEANING),
    SCRUB_FAILED(CLEANING),
    QUARANTINE(FREE),
    RECOVER(QUARANTINED),
    DRAIN(ClaimState.values()),
    UNDRAIN(ClaimState.values()),
    ORPHANED(CLAIMED, DRAINING, RETAINED);

    private final Set<ClaimState> from;

    Transition(ClaimState... from) {
      this.from = Collections.unmodifiableSet(EnumSet.copyOf(Arrays.asList(from)));
    }

    /** The states this transition starts from; guards (holder, time, leaving) come on top. */
    public Set<ClaimState> from() {
      return from;
    }

    /** The name used in messages, events and metrics, e.g. {@code release-soft}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private NamespaceStateMachine() {}

  /** A tenant deployment takes a free namespace for itself alone. */
  public static Claim claim(Claim c, String deploymentUid, String deploymentName, Instant now) {
    require(c, Transition.CLAIM, now);
    requireText("deploymentUid", deploymentUid);
    requireText("deploymentName", deploymentName);
    if (c.leaving()) {
      throw refuse(
          c, Transition.CLAIM, now, "it was removed from the pool; pick another namespace");
    }
    return new Claim(c.namespace(), CLAIMED, deploymentUid, deploymentName, now, null, null, false);
  }

  /**
   * A tenant deployment takes a free namespace as an extra executor namespace, next to its own
   * namespace {@code primary}: the deployment's pods may be launched there, its release is not.
   */
  public static Claim claimExecutor(
      Claim c, String deploymentUid, String deploymentName, String primary, Instant now) {
    claim(c, deploymentUid, deploymentName, now); // the same rules as for its own namespace
    requireText("primary", primary);
    return new Claim(
        c.namespace(), CLAIMED, deploymentUid, deploymentName, now, null, null, false, primary);
  }

  /**
   * Hard delete: the namespace goes straight to the janitor. The holder stays on the claim so the
   * janitor knows whose release and objects it removes.
   */
  public static Claim releaseHard(Claim c, Instant now) {
    require(c, Transition.RELEASE_HARD, now);
    return cleaning(c, now);
  }

  /**
   * Soft delete: the tenant's objects stay until {@code now + retention}; the holder stays so the
   * same deployment can {@link #restore} it.
   */
  public static Claim releaseSoft(Claim c, Duration retention, Instant now) {
    require(c, Transition.RELEASE_SOFT, now);
    Retention.requireValid(retention);
    return new Claim(
        c.namespace(),
        RETAINED,
        c.holderUid(),
        c.deploymentName(),
        now,
        now.plus(retention),
        null,
        c.leaving(),
        c.executorOf());
  }

  /**
   * Undoes a soft delete, only for the deployment that held the namespace and only before {@code
   * purgeAfter}: after it the purge may already be deleting the tenant's objects. A namespace
   * removed from the pool meanwhile comes back as draining, not claimed.
   */
  public static Claim restore(Claim c, String deploymentUid, Instant now) {
    require(c, Transition.RESTORE, now);
    requireText("deploymentUid", deploymentUid);
    if (!c.holderUid().equals(deploymentUid)) {
      throw refuse(
          c,
          Transition.RESTORE,
          now,
          "it is retained for deployment uid "
              + c.holderUid()
              + ", not "
              + deploymentUid
              + "; only that deployment can restore it");
    }
    if (!now.isBefore(c.purgeAfter())) {
      throw refuse(
          c,
          Transition.RESTORE,
          now,
          "the retention expired at " + c.purgeAfter() + "; the namespace is due to be purged");
    }
    return new Claim(
        c.namespace(),
        c.leaving() ? DRAINING : CLAIMED,
        c.holderUid(),
        c.deploymentName(),
        now,
        null,
        null,
        c.leaving(),
        c.executorOf());
  }

  /** The retention is over: the janitor may delete the tenant's data. */
  public static Claim purge(Claim c, Instant now) {
    require(c, Transition.PURGE, now);
    if (now.isBefore(c.purgeAfter())) {
      throw refuse(
          c,
          Transition.PURGE,
          now,
          "the retention runs until "
              + c.purgeAfter()
              + " and the deployment may still restore it");
    }
    return cleaning(c, now);
  }

  /**
   * The janitor verified the namespace holds nothing of the previous tenant. A clean scrub ends a
   * run of quarantines: a later one waits the shortest time again.
   */
  public static Claim scrubbed(Claim c, Instant now) {
    require(c, Transition.SCRUBBED, now);
    return new Claim(c.namespace(), FREE, null, null, now, null, null, c.leaving());
  }

  /**
   * The janitor could not verify the namespace clean. The tenant binding is dropped (the tenant is
   * gone), so {@code reason} must say what was left behind for an operator to act on.
   */
  public static Claim scrubFailed(Claim c, String reason, Instant now) {
    require(c, Transition.SCRUB_FAILED, now);
    return quarantined(c, reason, now);
  }

  /**
   * A free namespace is unusable (missing, RBAC insufficient). Not allowed while a tenant holds or
   * retains it: taking it away would break that tenant; the caller reports it as unhealthy instead.
   */
  public static Claim quarantine(Claim c, String reason, Instant now) {
    require(c, Transition.QUARANTINE, now);
    return quarantined(c, reason, now);
  }

  /**
   * An operator fixed the cause. The namespace goes through cleaning, never straight to free: what
   * broke it may have left objects behind, and only a scrub verifies it is clean.
   */
  public static Claim recover(Claim c, Instant now) {
    require(c, Transition.RECOVER, now);
    // The count goes along: if this scrub fails too, the next quarantine waits twice as long.
    return new Claim(
        c.namespace(), CLEANING, null, null, now, null, null, c.leaving(), null, c.quarantines());
  }

  /**
   * The namespace was removed from the pool. A claimed one becomes draining (the tenant keeps it
   * until its deployment is deleted); any other just starts leaving. Draining again changes
   * nothing.
   */
  public static Claim drain(Claim c, Instant now) {
    require(c, Transition.DRAIN, now);
    if (c.leaving()) {
      return c;
    }
    if (c.state() == CLAIMED) {
      return new Claim(
          c.namespace(),
          DRAINING,
          c.holderUid(),
          c.deploymentName(),
          now,
          null,
          null,
          true,
          c.executorOf());
    }
    return withLeaving(c, true);
  }

  /** The namespace was added back to the pool: undoes {@link #drain}. */
  public static Claim undrain(Claim c, Instant now) {
    require(c, Transition.UNDRAIN, now);
    if (c.state() == DRAINING) {
      return new Claim(
          c.namespace(),
          CLAIMED,
          c.holderUid(),
          c.deploymentName(),
          now,
          null,
          null,
          false,
          c.executorOf());
    }
    return c.leaving() ? withLeaving(c, false) : c;
  }

  /**
   * The holding deployment no longer exists (deleted behind nspool's back, or nspool crashed
   * midway) so nobody will ever release the namespace: scrub it rather than leave it held forever.
   */
  public static Claim orphaned(Claim c, Instant now) {
    require(c, Transition.ORPHANED, now);
    return cleaning(c, now);
  }

  /** Whether tenants may be offered this namespace. */
  public static boolean isOffered(Claim c) {
    return c.state() == FREE && !c.leaving();
  }

  /** Whether the caller may now drop the namespace from the pool and delete its claim object. */
  public static boolean shouldLeavePool(Claim c) {
    return c.state() == FREE && c.leaving();
  }

  /** The transitions this claim allows at {@code now}; restore also needs the holder's UID. */
  public static Set<Transition> legalTransitions(Claim c, Instant now) {
    return Arrays.stream(Transition.values())
        .filter(t -> t.from().contains(c.state()))
        .filter(t -> t != Transition.CLAIM || !c.leaving())
        .filter(t -> t != Transition.RESTORE || now.isBefore(c.purgeAfter()))
        .filter(t -> t != Transition.PURGE || !now.isBefore(c.purgeAfter()))
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Transition.class)));
  }

  private static void require(Claim c, Transition t, Instant now) {
    Objects.requireNonNull(c, "claim");
    Objects.requireNonNull(now, "now");
    if (!t.from().contains(c.state())) {
      String from = t.from().stream().map(ClaimState::wireName).collect(Collectors.joining(" or "));
      throw refuse(c, t, now, "only allowed from " + from);
    }
  }

  private static IllegalTransitionException refuse(Claim c, Transition t, Instant now, String why) {
    return new IllegalTransitionException(c, t, why, legalTransitions(c, now));
  }

  private static Claim cleaning(Claim c, Instant now) {
    return new Claim(
        c.namespace(),
        CLEANING,
        c.holderUid(),
        c.deploymentName(),
        now,
        null,
        null,
        c.leaving(),
        c.executorOf());
  }

  /** One more quarantine in a row: the next retry waits longer ({@link QuarantineBackoff}). */
  private static Claim quarantined(Claim c, String reason, Instant now) {
    requireText("reason", reason);
    return new Claim(
        c.namespace(),
        QUARANTINED,
        null,
        null,
        now,
        null,
        reason,
        c.leaving(),
        null,
        c.quarantines() == Integer.MAX_VALUE ? Integer.MAX_VALUE : c.quarantines() + 1);
  }

  private static Claim withLeaving(Claim c, boolean leaving) {
    return new Claim(
        c.namespace(),
        c.state(),
        c.holderUid(),
        c.deploymentName(),
        c.since(),
        c.purgeAfter(),
        c.reason(),
        leaving,
        c.executorOf(),
        c.quarantines());
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be empty");
    }
  }
}
