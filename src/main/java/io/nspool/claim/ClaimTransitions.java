package io.nspool.claim;

import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one state-machine transition to a stored claim: compute the next claim, write it with a
 * compare-and-swap, record it in the audit. Losing the race returns empty; the caller reconciles
 * again from fresh state rather than retrying blindly.
 */
public final class ClaimTransitions {
  private static final Logger log = LoggerFactory.getLogger(ClaimTransitions.class);

  private final ClaimStore store;
  private final ClaimAudit audit;

  public ClaimTransitions(ClaimStore store, ClaimAudit audit) {
    this.store = store;
    this.audit = audit;
  }

  public Optional<StoredClaim> apply(
      String pool, StoredClaim current, UnaryOperator<Claim> transition, String why) {
    Claim next = transition.apply(current.claim());
    if (next.equals(current.claim())) {
      return Optional.of(current);
    }
    try {
      StoredClaim written = store.replace(current, next);
      if (next.state() != current.claim().state()) {
        audit.transition(pool, current.claim(), next, why);
      }
      return Optional.of(written);
    } catch (ClaimConflictException e) {
      log.debug(
          "Lease({}/{}) changed meanwhile; will reconcile again",
          current.namespace(),
          ClaimCodec.LEASE_NAME);
      return Optional.empty();
    }
  }

  public ClaimStore store() {
    return store;
  }

  public ClaimAudit audit() {
    return audit;
  }
}
