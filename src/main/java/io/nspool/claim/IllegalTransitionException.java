package io.nspool.claim;

import io.nspool.claim.NamespaceStateMachine.Transition;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A transition that the namespace's current claim does not allow. Nothing was changed; the message
 * names the namespace, its state, what was attempted, why it was refused and what is legal now.
 */
public final class IllegalTransitionException extends IllegalStateException {

  private final String namespace;
  private final ClaimState state;
  private final Transition attempted;
  private final Set<Transition> legal;

  IllegalTransitionException(Claim claim, Transition attempted, String why, Set<Transition> legal) {
    super(
        "namespace \""
            + claim.namespace()
            + "\" is "
            + claim.state().wireName()
            + (claim.leaving() ? " and leaving the pool" : "")
            + ": cannot "
            + attempted.wireName()
            + ": "
            + why
            + ". Legal from here: "
            + legal.stream().map(Transition::wireName).collect(Collectors.joining(", ")));
    this.namespace = claim.namespace();
    this.state = claim.state();
    this.attempted = attempted;
    this.legal = Set.copyOf(legal);
  }

  public String namespace() {
    return namespace;
  }

  public ClaimState state() {
    return state;
  }

  public Transition attempted() {
    return attempted;
  }

  public Set<Transition> legal() {
    return legal;
  }
}
