package io.nspool.claim;

import static io.nspool.claim.ClaimFixtures.DEPLOYMENT;
import static io.nspool.claim.ClaimFixtures.NS;
import static io.nspool.claim.ClaimFixtures.PURGE_AFTER;
import static io.nspool.claim.ClaimFixtures.REASON;
import static io.nspool.claim.ClaimFixtures.RETENTION;
import static io.nspool.claim.ClaimFixtures.T0;
import static io.nspool.claim.ClaimFixtures.UID;
import static io.nspool.claim.ClaimFixtures.inState;
import static io.nspool.claim.ClaimFixtures.leaving;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nspool.claim.NamespaceStateMachine.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every transition tried from every state, leaving or not: the table in one place. */
class TransitionTableTest {

  /** Satisfies the time guards: restore before purgeAfter, purge from it on. */
  private static Instant nowFor(Transition t) {
    return t == Transition.PURGE ? PURGE_AFTER : T0.plus(Duration.ofHours(1));
  }

  private static Claim apply(Transition t, Claim c) {
    Instant now = nowFor(t);
    return switch (t) {
      case CLAIM -> NamespaceStateMachine.claim(c, UID, DEPLOYMENT, now);
      case RELEASE_HARD -> NamespaceStateMachine.releaseHard(c, now);
      case RELEASE_SOFT -> NamespaceStateMachine.releaseSoft(c, RETENTION, now);
      case RESTORE -> NamespaceStateMachine.restore(c, UID, now);
      case PURGE -> NamespaceStateMachine.purge(c, now);
      case SCRUBBED -> NamespaceStateMachine.scrubbed(c, now);
      case SCRUB_FAILED -> NamespaceStateMachine.scrubFailed(c, REASON, now);
      case QUARANTINE -> NamespaceStateMachine.quarantine(c, REASON, now);
      case RECOVER -> NamespaceStateMachine.recover(c, now);
      case DRAIN -> NamespaceStateMachine.drain(c, now);
      case UNDRAIN -> NamespaceStateMachine.undrain(c, now);
      case ORPHANED -> NamespaceStateMachine.orphaned(c, now);
    };
  }

  static Stream<Arguments> illegalPairs() {
    return pairs(false);
  }

  static Stream<Arguments> legalPairs() {
    return pairs(true);
  }

  private static Stream<Arguments> pairs(boolean legal) {
    return Arrays.stream(Transition.values())
        .flatMap(
            t ->
                Arrays.stream(ClaimState.values())
                    .filter(s -> t.from().contains(s) == legal)
                    .flatMap(
                        s ->
                            Stream.of(false, true)
                                .filter(leaving -> leaving || s != ClaimState.DRAINING)
                                .map(leaving -> Arguments.of(s, t, leaving))));
  }

  private static Claim claimOf(ClaimState state, boolean leaving) {
    return leaving ? leaving(inState(state)) : inState(state);
  }

  @ParameterizedTest(name = "{1} from {0}, leaving={2}")
  @MethodSource("illegalPairs")
  @DisplayName("a transition from a state it does not start from is refused and changes nothing")
  void illegal(ClaimState state, Transition t, boolean leaving) {
    // Given
    Claim claim = claimOf(state, leaving);
    Claim before = copyOf(claim);
    String legal =
        NamespaceStateMachine.legalTransitions(claim, nowFor(t)).stream()
            .map(Transition::wireName)
            .collect(Collectors.joining(", "));
    String from = t.from().stream().map(ClaimState::wireName).collect(Collectors.joining(" or "));
    // When / Then
    assertThatThrownBy(() -> apply(t, claim))
        .isInstanceOfSatisfying(
            IllegalTransitionException.class,
            e -> {
              assertThat(e.namespace()).isEqualTo(NS);
              assertThat(e.state()).isEqualTo(state);
              assertThat(e.attempted()).isEqualTo(t);
              assertThat(e.legal()).doesNotContain(t);
            })
        .hasMessage(
            "namespace \"pool-ns-1\" is "
                + state.wireName()
                + (leaving ? " and leaving the pool" : "")
                + ": cannot "
                + t.wireName()
                + ": only allowed from "
                + from
                + ". Legal from here: "
                + legal);
    assertThat(claim).isEqualTo(before);
  }

  @ParameterizedTest(name = "{1} from {0}, leaving={2}")
  @MethodSource("legalPairs")
  @DisplayName("a transition from a state it starts from succeeds once its guards are met")
  void legal(ClaimState state, Transition t, boolean leaving) {
    Claim claim = claimOf(state, leaving);
    if (t == Transition.CLAIM && leaving) {
      // Guarded: a namespace leaving the pool is never claimed (tested on its own).
      assertThatThrownBy(() -> apply(t, claim)).isInstanceOf(IllegalTransitionException.class);
      return;
    }
    Claim after = apply(t, claim);
    assertThat(after.namespace()).isEqualTo(NS);
    assertThat(NamespaceStateMachine.legalTransitions(claim, nowFor(t))).contains(t);
  }

  @ParameterizedTest(name = "{1} from {0}, leaving={2}")
  @MethodSource("legalPairs")
  @DisplayName("only a scrub makes a namespace offered: no transition offers a dirty namespace")
  void onlyScrubOffers(ClaimState state, Transition t, boolean leaving) {
    Claim claim = claimOf(state, leaving);
    if (t == Transition.CLAIM && leaving) {
      return;
    }
    Claim after = apply(t, claim);
    if (NamespaceStateMachine.isOffered(after) && !NamespaceStateMachine.isOffered(claim)) {
      // Becoming offered needs a completed scrub, or undrain of an already scrubbed namespace.
      assertThat(t).isIn(Transition.SCRUBBED, Transition.UNDRAIN);
      assertThat(state).isIn(ClaimState.CLEANING, ClaimState.FREE);
    }
  }

  @Test
  @DisplayName("every state has at least one way out, and every state is reachable")
  void noDeadEnds() {
    for (ClaimState s : ClaimState.values()) {
      assertThat(Arrays.stream(Transition.values()).filter(t -> t.from().contains(s)))
          .as("transitions from %s", s.wireName())
          .isNotEmpty();
    }
    assertThat(
            legalPairs()
                .map(a -> a.get())
                .filter(a -> a[1] != Transition.CLAIM || !(boolean) a[2])
                .map(a -> apply((Transition) a[1], claimOf((ClaimState) a[0], (boolean) a[2])))
                .map(Claim::state)
                .collect(Collectors.toSet()))
        .hasSameElementsAs(Arrays.asList(ClaimState.values()));
  }

  private static Claim copyOf(Claim c) {
    return new Claim(
        c.namespace(),
        c.state(),
        c.holderUid(),
        c.deploymentName(),
        c.since(),
        c.purgeAfter(),
        c.reason(),
        c.leaving());
  }
}
