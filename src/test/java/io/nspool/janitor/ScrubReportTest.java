package io.nspool.janitor;

import static io.nspool.janitor.Fixtures.CONFIGMAPS;
import static io.nspool.janitor.Fixtures.EVENTS;
import static io.nspool.janitor.Fixtures.WIDGETS;
import static io.nspool.janitor.Fixtures.live;
import static io.nspool.janitor.Fixtures.terminating;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A scrub report")
class ScrubReportTest {
  static final Duration TOOK = Duration.ofMillis(5_040);
  static final ObjectKey W1 = ObjectKey.of("example.com", "widgets", "w1");

  @Test
  @DisplayName("is clean, in one line, when nothing is left")
  void cleanSummary() {
    ScrubReport report =
        new ScrubReport(
            "pool-x",
            List.of(ObjectKey.of("", "configmaps", "a"), ObjectKey.of("apps", "deployments", "b")),
            List.of(),
            Duration.ofMillis(1_250));

    assertThat(report.clean()).isTrue();
    assertThat(report.summary()).isEqualTo("scrubbed clean in 1.3s: deleted 2 objects in pool-x");
  }

  @Test
  @DisplayName("names each leftover with its namespace and the reason, one per line")
  void leftoverSummary() {
    DeletionPlan plan = new DeletionPlan(Set.of(), new EventBaseline(Set.of(), true));
    Snapshot last =
        new Snapshot(
            List.of(
                live(WIDGETS, "w1"),
                terminating(CONFIGMAPS, "held", "example.com/hold"),
                live(CONFIGMAPS, "recreated"),
                live(EVENTS, "written-during-scrub")),
            Map.of(Fixtures.PODS, new ApiError(403, "pods is forbidden")));

    List<Leftover> leftovers =
        Verification.leftovers(
            "pool-x",
            new ApiDiscovery.Result(
                List.of(), Map.of("metrics.k8s.io/v1beta1", new ApiError(503, "unavailable"))),
            last,
            plan,
            Set.of(W1),
            Map.of(),
            TOOK);
    ScrubReport report = new ScrubReport("pool-x", List.of(), leftovers, TOOK);

    assertThat(report.clean()).isFalse();
    assertThat(report.summary())
        .isEqualTo(
            """
            not clean after 5.0s: deleted 0 objects in pool-x; 5 leftovers:
              API metrics.k8s.io/v1beta1 in pool-x: its types cannot be discovered, so their \
            objects cannot be verified gone: HTTP 503: unavailable
              configmaps/held in pool-x: still terminating after 5.0s, held by finalizer \
            example.com/hold
              configmaps/recreated in pool-x: still present after 5.0s: something created it \
            again during the scrub
              pods in pool-x: forbidden to list (nspool's Role has no list on pods), so its \
            objects cannot be verified gone
              widgets.example.com/w1 in pool-x: forbidden to delete (nspool's Role has no delete \
            on widgets.example.com)""");
  }

  @Test
  @DisplayName("names every finalizer that holds an object, and a failed delete's error")
  void finalizersAndErrors() {
    ObjectKey held = ObjectKey.of("", "persistentvolumeclaims", "data");

    assertThat(Leftover.terminating("pool-x", held, List.of("a.io/x", "b.io/y"), TOOK).toString())
        .isEqualTo(
            "persistentvolumeclaims/data in pool-x: still terminating after 5.0s, "
                + "held by finalizers a.io/x, b.io/y");
    assertThat(Leftover.deleteFailed("pool-x", W1, new ApiError(500, "webhook down")).toString())
        .isEqualTo("widgets.example.com/w1 in pool-x: delete failed: HTTP 500: webhook down");
  }

  @Test
  @DisplayName("names the namespace itself when it cannot be scrubbed at all")
  void namespaceUnavailable() {
    ScrubReport report =
        new ScrubReport(
            "pool-x",
            List.of(),
            List.of(Leftover.namespaceUnavailable("pool-x", "is being deleted")),
            Duration.ofMillis(30));

    assertThat(report.summary())
        .isEqualTo(
            "not clean after 0.0s: deleted 0 objects in pool-x; 1 leftover:\n"
                + "  namespace pool-x: is being deleted");
  }
}
