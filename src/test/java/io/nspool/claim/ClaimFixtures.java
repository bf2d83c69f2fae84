package io.nspool.claim;

import java.time.Duration;
import java.time.Instant;

/** One valid claim per state, all in the same namespace, stamped at a fixed instant. */
final class ClaimFixtures {

  static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  static final String NS = "pool-ns-1";
  static final String UID = "5d0b8a3e-1b2c-4d5e-8f90-123456789abc";
  static final String OTHER_UID = "9e8d7c6b-0000-4000-8000-fedcba987654";
  static final String DEPLOYMENT = "tenants/airflow-prod";
  static final Duration RETENTION = Duration.ofDays(14);
  static final Instant PURGE_AFTER = T0.plus(RETENTION);
  static final String REASON = "namespace pool-ns-1 not found";

  private ClaimFixtures() {}

  static Claim inState(ClaimState state) {
    return switch (state) {
      case FREE -> Claim.free(NS, T0);
      case CLAIMED -> new Claim(NS, state, UID, DEPLOYMENT, T0, null, null, false);
      case RETAINED -> new Claim(NS, state, UID, DEPLOYMENT, T0, PURGE_AFTER, null, false);
      case CLEANING -> new Claim(NS, state, UID, DEPLOYMENT, T0, null, null, false);
      case QUARANTINED -> new Claim(NS, state, null, null, T0, null, REASON, false);
      case DRAINING -> new Claim(NS, state, UID, DEPLOYMENT, T0, null, null, true);
    };
  }

  static Claim leaving(Claim c) {
    return new Claim(
        c.namespace(),
        c.state(),
        c.holderUid(),
        c.deploymentName(),
        c.since(),
        c.purgeAfter(),
        c.reason(),
        true);
  }
}
