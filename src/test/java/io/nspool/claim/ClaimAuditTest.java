package io.nspool.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.nspool.claim.ClaimAudit.Coalesced;
import io.nspool.claim.ClaimAudit.Entry;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Coalescing audit Events")
class ClaimAuditTest {

  @Test
  @DisplayName("one Event per pool, reason and type, in order of first appearance")
  void groups() {
    List<Coalesced> events =
        ClaimAudit.coalesce(
            List.of(
                new Entry("p", "Claimed", "Normal", "namespace a: free -> claimed"),
                new Entry("q", "Claimed", "Normal", "namespace x: free -> claimed"),
                new Entry("p", "Quarantined", "Warning", "namespace c: free -> quarantined"),
                new Entry("p", "Claimed", "Normal", "namespace b: free -> claimed")),
            1000);
    assertThat(events)
        .containsExactly(
            new Coalesced(
                "p",
                "Claimed",
                "Normal",
                "namespace a: free -> claimed; namespace b: free -> claimed",
                2),
            new Coalesced("q", "Claimed", "Normal", "namespace x: free -> claimed", 1),
            new Coalesced("p", "Quarantined", "Warning", "namespace c: free -> quarantined", 1));
  }

  @Test
  @DisplayName("splits what does not fit one message, losing no transition")
  void splits() {
    List<Entry> entries =
        IntStream.range(0, 30)
            .mapToObj(i -> new Entry("p", "Claimed", "Normal", String.format("namespace-%02d", i)))
            .toList();
    List<Coalesced> events = ClaimAudit.coalesce(entries, 50);
    assertThat(events).allSatisfy(e -> assertThat(e.message().length()).isLessThanOrEqualTo(50));
    assertThat(events.stream().mapToInt(Coalesced::count).sum()).isEqualTo(30);
    assertThat(String.join("; ", events.stream().map(Coalesced::message).toList()))
        .isEqualTo(String.join("; ", entries.stream().map(Entry::message).toList()));
  }

  @Test
  @DisplayName("cuts a single message longer than the limit, as Kubernetes would refuse it")
  void cutsOversized() {
    List<Coalesced> events =
        ClaimAudit.coalesce(
            List.of(
                new Entry("p", "Claimed", "Normal", "x".repeat(60)),
                new Entry("p", "Claimed", "Normal", "y")),
            50);
    assertThat(events).extracting(Coalesced::message).containsExactly("x".repeat(50), "y");
  }
}
