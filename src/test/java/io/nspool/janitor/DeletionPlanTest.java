package io.nspool.janitor;

import static io.nspool.janitor.Fixtures.CONFIGMAPS;
import static io.nspool.janitor.Fixtures.DEPLOYMENTS;
import static io.nspool.janitor.Fixtures.EVENTS;
import static io.nspool.janitor.Fixtures.PODS;
import static io.nspool.janitor.Fixtures.REPLICASETS;
import static io.nspool.janitor.Fixtures.ROLES;
import static io.nspool.janitor.Fixtures.SERVICEACCOUNTS;
import static io.nspool.janitor.Fixtures.WIDGETS;
import static io.nspool.janitor.Fixtures.live;
import static io.nspool.janitor.Fixtures.snapshot;
import static io.nspool.janitor.Fixtures.terminating;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A deletion plan")
class DeletionPlanTest {
  static final Set<ObjectKey> KEEP =
      union(
          Janitor.ALWAYS_KEPT,
          Set.of(ObjectKey.of("rbac.authorization.k8s.io", "roles", "nspool")));
  static final EventBaseline NO_EVENTS_BEFORE = new EventBaseline(Set.of(), true);

  final DeletionPlan plan = new DeletionPlan(KEEP, NO_EVENTS_BEFORE);

  @Test
  @DisplayName("deletes everything but the kept objects and the ones Kubernetes recreates")
  void deletesAllButKept() {
    Snapshot snapshot =
        snapshot(
            live(CONFIGMAPS, "settings"),
            live(CONFIGMAPS, "kube-root-ca.crt"),
            live(SERVICEACCOUNTS, "default"),
            live(SERVICEACCOUNTS, "tenant"),
            live(ROLES, "nspool"),
            live(ROLES, "tenant"));

    assertThat(names(plan.toDelete(snapshot, Set.of())))
        .containsExactlyInAnyOrder("settings", "tenant", "tenant");
    assertThat(plan.awaited(snapshot, Set.of())).hasSize(3);
  }

  @Test
  @DisplayName("does not delete again what is already terminating, but waits for it")
  void terminatingIsAwaitedNotDeleted() {
    Snapshot snapshot = snapshot(terminating(CONFIGMAPS, "held", "example.com/hold"));

    assertThat(plan.toDelete(snapshot, Set.of())).isEmpty();
    assertThat(names(plan.awaited(snapshot, Set.of()))).containsExactly("held");
  }

  @Test
  @DisplayName("neither retries nor waits for objects it was forbidden to delete")
  void forbiddenIsNeitherRetriedNorAwaited() {
    Snapshot snapshot = snapshot(live(WIDGETS, "w1"));
    Set<ObjectKey> forbidden = Set.of(ObjectKey.of("example.com", "widgets", "w1"));

    assertThat(plan.toDelete(snapshot, forbidden)).isEmpty();
    assertThat(plan.awaited(snapshot, forbidden)).isEmpty();
    assertThat(plan.tenantObjects(snapshot)).hasSize(1);
  }

  @Test
  @DisplayName(
      "leaves a ReplicaSet and its Pods to the garbage collector while their Deployment goes")
  void dependentsGoWithTheirOwner() {
    Snapshot snapshot =
        snapshot(
            live(DEPLOYMENTS, "web"),
            live(REPLICASETS, "web-1", "web"),
            live(PODS, "web-1-a", "web-1"));

    assertThat(names(plan.toDelete(snapshot, Set.of()))).containsExactly("web");
    assertThat(plan.awaited(snapshot, Set.of())).hasSize(3);
  }

  @Test
  @DisplayName("deletes a dependent itself once its owner is gone, terminating, kept or forbidden")
  void dependentOfAnOwnerThatWillNotGoIsDeleted() {
    Snapshot snapshot =
        snapshot(
            live(REPLICASETS, "orphan", "gone-deployment"),
            terminating(DEPLOYMENTS, "stuck", "example.com/hold"),
            live(PODS, "of-stuck", "stuck"),
            live(ROLES, "nspool"),
            live(CONFIGMAPS, "of-kept", "nspool"),
            live(WIDGETS, "w1"),
            live(CONFIGMAPS, "of-forbidden", "w1"));
    Set<ObjectKey> forbidden = Set.of(ObjectKey.of("example.com", "widgets", "w1"));

    assertThat(names(plan.toDelete(snapshot, forbidden)))
        .containsExactlyInAnyOrder("orphan", "of-stuck", "of-kept", "of-forbidden");
  }

  @Test
  @DisplayName("deletes the members of an ownership cycle itself rather than wait forever")
  void ownershipCycle() {
    Snapshot snapshot =
        snapshot(
            live(CONFIGMAPS, "a", "b"), live(CONFIGMAPS, "b", "a"), live(CONFIGMAPS, "c", "a"));

    assertThat(names(plan.toDelete(snapshot, Set.of()))).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  @DisplayName("deletes events written during the scrub without waiting for them")
  void scrubEventsAreDeletedNotAwaited() {
    DeletionPlan withBaseline =
        new DeletionPlan(KEEP, new EventBaseline(Set.of("tenant-event"), true));
    Snapshot snapshot = snapshot(live(EVENTS, "tenant-event"), live(EVENTS, "web.scaled-down"));

    assertThat(names(withBaseline.toDelete(snapshot, Set.of())))
        .containsExactlyInAnyOrder("tenant-event", "web.scaled-down");
    assertThat(names(withBaseline.awaited(snapshot, Set.of()))).containsExactly("tenant-event");
  }

  private static List<String> names(List<ListedObject> objects) {
    return objects.stream().map(ListedObject::name).toList();
  }

  private static Set<ObjectKey> union(Set<ObjectKey> a, Set<ObjectKey> b) {
    Set<ObjectKey> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
