package io.nspool.claim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The state of one pool namespace. {@link NamespaceStateMachine} says how a namespace moves between
 * them.
 */
public enum ClaimState {
  /** Offered to tenants (unless it is leaving the pool). */
  FREE,
  /** Held by exactly one tenant deployment. */
  CLAIMED,
  /** Soft-deleted deployment: the tenant's data stays until {@code purgeAfter}; restorable. */
  RETAINED,
  /** Being scrubbed by the janitor; never offered until verified clean. */
  CLEANING,
  /** Unusable (missing, RBAC insufficient, scrub failed); never offered. */
  QUARANTINED,
  /** Removed from the pool while a tenant still holds it; leaves once released. */
  DRAINING;

  /** The lowercase name used in annotations, the REST API, the CLI and metrics. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name such as {@code free}; rejects anything else, naming the allowed values. */
  public static ClaimState fromWireName(String value) {
    for (ClaimState state : values()) {
      if (state.wireName().equals(value)) {
        return state;
      }
    }
    throw new IllegalArgumentException(
        "claim state \"" + value + "\" is unknown; use one of " + allowedWireNames());
  }

  static String allowedWireNames() {
    return Arrays.stream(values()).map(ClaimState::wireName).collect(Collectors.joining(", "));
  }
}
