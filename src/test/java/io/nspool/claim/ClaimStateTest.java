package io.nspool.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ClaimStateTest {

  @Test
  @DisplayName("wire names are the lowercase state names")
  void wireNames() {
    assertThat(ClaimState.values())
        .extracting(ClaimState::wireName)
        .containsExactly("free", "claimed", "retained", "cleaning", "quarantined", "draining");
  }

  @ParameterizedTest
  @EnumSource(ClaimState.class)
  @DisplayName("every state parses back from its wire name")
  void roundTrip(ClaimState state) {
    assertThat(ClaimState.fromWireName(state.wireName())).isSameAs(state);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"FREE", "Free", "leased", " free"})
  @DisplayName("an unknown wire name is rejected, naming the value and the allowed ones")
  void unknown(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ClaimState.fromWireName(value))
        .withMessage(
            "claim state \""
                + value
                + "\" is unknown; use one of free, claimed, retained, cleaning, quarantined,"
                + " draining");
  }
}
