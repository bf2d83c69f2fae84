package io.nspool.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nspool.error.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Log lines, tails and component filters")
class LogLinesTest {
  private static final LogSource SCHEDULER =
      new LogSource("tenant-1", "demo-scheduler-7d9-x2", "scheduler", "demo-scheduler");

  @Test
  @DisplayName("every line is labelled [namespace/pod/container], a last line without newline too")
  void labelsEveryLine() {
    assertThat(LogLines.text(SCHEDULER, "one\ntwo\r\n\nthree"))
        .isEqualTo(
            "[tenant-1/demo-scheduler-7d9-x2/scheduler] one\n"
                + "[tenant-1/demo-scheduler-7d9-x2/scheduler] two\n"
                + "[tenant-1/demo-scheduler-7d9-x2/scheduler] \n"
                + "[tenant-1/demo-scheduler-7d9-x2/scheduler] three\n");
  }

  @Test
  @DisplayName("an empty log stays empty: no label without a line")
  void emptyLog() {
    assertThat(LogLines.text(SCHEDULER, "")).isEmpty();
    assertThat(LogLines.text(SCHEDULER, "only\n"))
        .isEqualTo("[tenant-1/demo-scheduler-7d9-x2/scheduler] only\n");
  }

  @Test
  @DisplayName("a tail is 0 to 10000 lines; outside, the message names the field and the range")
  void tail() {
    assertThat(LogTail.problem("--tail", 0)).isEmpty();
    assertThat(LogTail.problem("--tail", 10_000)).isEmpty();
    assertThat(LogTail.problem("--tail", -1))
        .hasValueSatisfying(
            m -> assertThat(m).startsWith("--tail: -1 must be a whole number of lines from 0 to"));
    assertThat(LogTail.problem("tail", 10_001)).isPresent();
  }

  @Test
  @DisplayName("a component is chosen by its status name or by that name without the release")
  void componentFilter() {
    ComponentFilter bare = new ComponentFilter("demo", "scheduler");
    ComponentFilter full = new ComponentFilter("demo", "demo-scheduler");

    assertThat(bare.matches("demo-scheduler")).isTrue();
    assertThat(full.matches("demo-scheduler")).isTrue();
    assertThat(bare.matches("demo-webserver")).isFalse();
    assertThat(bare.matches("scheduler")).isTrue();
    assertThat(ComponentFilter.all("demo").matches("anything")).isTrue();
  }

  @Test
  @DisplayName("a component the deployment lacks is refused with the ones it has")
  void unknownComponent() {
    ComponentFilter filter = new ComponentFilter("demo", "worker");

    assertThatThrownBy(() -> filter.requireAmong(List.of("demo-webserver", "demo-scheduler")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "component: \"worker\" is not a component of deployment \"demo\"; its components:"
                + " demo-scheduler, demo-webserver");
    filter.requireAmong(List.of("demo-worker"));
    ComponentFilter.all("demo").requireAmong(List.of());
  }
}
