package io.nspool.janitor;

import static io.nspool.janitor.Fixtures.CONFIGMAPS;
import static io.nspool.janitor.Fixtures.EVENTS;
import static io.nspool.janitor.Fixtures.live;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The event baseline")
class EventBaselineTest {

  @Test
  @DisplayName("counts as written during the scrub only events it did not see at the start")
  void newEventsOnly() {
    EventBaseline baseline =
        EventBaseline.of(Fixtures.snapshot(live(EVENTS, "old"), live(CONFIGMAPS, "settings")));

    assertThat(baseline.writtenDuringScrub(live(EVENTS, "old"))).isFalse();
    assertThat(baseline.writtenDuringScrub(live(EVENTS, "new"))).isTrue();
    assertThat(baseline.writtenDuringScrub(live(CONFIGMAPS, "new"))).isFalse();
  }

  @Test
  @DisplayName("counts every event as the tenant's when events could not be listed at the start")
  void unknownBaselineIsStrict() {
    EventBaseline baseline =
        EventBaseline.of(new Snapshot(List.of(), Map.of(EVENTS, new ApiError(500, "boom"))));

    assertThat(baseline.writtenDuringScrub(live(EVENTS, "new"))).isFalse();
  }
}
