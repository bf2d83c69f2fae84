package io.nspool.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.claim.ClaimCodec;
import io.nspool.deploy.DeploymentSpec;
import io.nspool.deploy.ExecutorNamespaces;
import io.nspool.deploy.TenantDeployment;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolNamespace;
import io.nspool.pool.PoolSpec;
import io.nspool.testing.ServerProcess;
import io.nspool.testing.Testbed;
import io.nspool.verify.Report;
import io.nspool.verify.Verifier;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's all-or-nothing rule for executor namespaces under a real crash: a {@code nspool
 * server} process halted half-way through claiming a deployment's namespaces (its own and two
 * executor namespaces, in a pool of exactly three), then a fresh process. A crash cannot make
 * several claim Leases one write, so between the crash and the next leader a partial claim exists
 * (the test shows it, to prove the crash happened there); what must never happen is that it
 * survives recovery. The next leader either completes the claim (room enough: all three, Ready) or
 * releases every claim it made (no room: nothing held, Pending), and {@code nspool verify} is clean
 * either way.
 */
@LocalKubernetes
@DisplayName("A server halted while claiming a deployment's executor namespaces")
class ExecutorCrashIT {
  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final Set<String> HELD = Set.of("claimed", "draining", "retained");

  @Test
  @DisplayName(
      "after the first executor claim: the next server completes it (own + 2 executor"
          + " namespaces, Ready), verify is clean, and delete frees all three")
  void afterFirstExecutorClaimCompletes(LocalCluster cluster, KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "crash-exec1");
    List<String> namespaces = bed.preparePoolNamespaces(3);
    createPool(admin, bed, namespaces);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      String uid = crashWhileClaiming(cluster, admin, bed, nspool, "executor.after-claim");
      Map<String, String> partial = held(admin, namespaces, uid);
      assertThat(partial)
          .as("halted after the first executor claim: own namespace + one executor namespace")
          .hasSize(2);
      assertThat(partial.values()).containsExactlyInAnyOrder("own", "executor");

      try (ServerProcess second = ServerProcess.start(cluster, admin, bed)) {
        awaitAllThreeReady(admin, bed, namespaces, uid);
        awaitVerifyClean(admin, bed);
        nspool
            .resources(TenantDeployment.class)
            .inNamespace(bed.controlNamespace())
            .withName("multi")
            .delete();
        await().atMost(WAIT).until(() -> allFree(admin, bed, namespaces));
        assertThat(held(admin, namespaces, uid)).isEmpty();
        awaitVerifyClean(admin, bed);
      }
    }
  }

  @Test
  @DisplayName(
      "after the first executor claim, the last free namespace taken out of the pool meanwhile:"
          + " the next server releases both claims (nothing held, Pending), verify is clean; the"
          + " namespace back, it gets all three")
  void afterFirstExecutorClaimWithoutRoomReleasesAll(LocalCluster cluster, KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "crash-exec2");
    List<String> namespaces = bed.preparePoolNamespaces(3);
    createPool(admin, bed, namespaces);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      String uid = crashWhileClaiming(cluster, admin, bed, nspool, "executor.after-claim");
      Map<String, String> partial = held(admin, namespaces, uid);
      assertThat(partial).hasSize(2);
      String spare =
          namespaces.stream().filter(n -> !partial.containsKey(n)).findFirst().orElseThrow();
      // While no nspool runs, the admin takes the one namespace the claim still needs out of the
      // pool: the claim can no longer be completed.
      editPool(admin, bed, s -> s.getNamespaces().remove(spare));

      try (ServerProcess second = ServerProcess.start(cluster, admin, bed)) {
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  assertThat(held(admin, namespaces, uid)).as("claims of the deployment").isEmpty();
                  for (String ns : partial.keySet()) {
                    assertThat(state(admin, bed, ns)).as(ns).isEqualTo("free");
                  }
                  TenantDeployment d = get(admin, bed);
                  assertThat(d.getStatus()).isNotNull();
                  assertThat(d.getStatus().getPhase()).isEqualTo("Pending");
                  assertThat(d.getStatus().getNamespace()).isNull();
                  assertThat(d.getStatus().getExecutorNamespaces()).isEmpty();
                });
        awaitVerifyClean(admin, bed);

        editPool(admin, bed, s -> s.getNamespaces().add(spare));
        awaitAllThreeReady(admin, bed, namespaces, uid);
        awaitVerifyClean(admin, bed);
      }
    }
  }

  @Test
  @DisplayName(
      "after its own namespace's claim and before the first executor claim: the next server"
          + " completes it (all three, Ready) and verify is clean")
  void afterOwnClaimCompletes(LocalCluster cluster, KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "crash-exec0");
    List<String> namespaces = bed.preparePoolNamespaces(3);
    createPool(admin, bed, namespaces);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      String uid = crashWhileClaiming(cluster, admin, bed, nspool, "claim.after-lease-write");
      assertThat(held(admin, namespaces, uid).values())
          .as("halted after the own namespace's claim, before any executor claim")
          .containsExactly("own");
      try (ServerProcess second = ServerProcess.start(cluster, admin, bed)) {
        awaitAllThreeReady(admin, bed, namespaces, uid);
        awaitVerifyClean(admin, bed);
      }
    }
  }

  /** Creates deployment "multi" (2 executor namespaces) on a server armed at {@code point}. */
  private static String crashWhileClaiming(
      LocalCluster cluster,
      KubernetesClient admin,
      Testbed bed,
      KubernetesClient nspool,
      String point) {
    try (ServerProcess first = ServerProcess.start(cluster, admin, bed, point)) {
      await().atMost(WAIT).until(() -> free(admin, bed) == 3);
      TenantDeployment d = new TenantDeployment();
      d.getMetadata().setName("multi");
      d.getMetadata().setNamespace(bed.controlNamespace());
      DeploymentSpec spec = new DeploymentSpec();
      spec.setPool("p");
      spec.setExecutorNamespaces(ExecutorNamespaces.count(2));
      d.setSpec(spec);
      String uid = nspool.resource(d).create().getMetadata().getUid();
      await().atMost(WAIT).until(() -> !first.alive());
      assertThat(first.crashedAt()).as(first.output()).contains(point);
      return uid;
    }
  }

  private static void awaitAllThreeReady(
      KubernetesClient admin, Testbed bed, List<String> namespaces, String uid) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              TenantDeployment d = get(admin, bed);
              assertThat(d.getStatus()).isNotNull();
              assertThat(d.getStatus().getPhase())
                  .as("%s", d.getStatus().getConditions())
                  .isEqualTo("Ready");
            });
    TenantDeployment d = get(admin, bed);
    Map<String, String> held = held(admin, namespaces, uid);
    assertThat(held).hasSize(3);
    assertThat(held.get(d.getStatus().getNamespace())).isEqualTo("own");
    assertThat(d.getStatus().getExecutorNamespaces())
        .hasSize(2)
        .allSatisfy(e -> assertThat(held.get(e)).isEqualTo("executor"));
  }

  private static void awaitVerifyClean(KubernetesClient admin, Testbed bed) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Report report =
                  new Verifier(
                          admin,
                          bed.controlNamespace(),
                          bed.identity().name(),
                          Duration.ZERO,
                          Clock.systemUTC())
                      .verify();
              assertThat(report.violations().stream().map(Object::toString).toList())
                  .as("nspool verify")
                  .isEmpty();
            });
  }

  /**
   * The namespaces whose claim Lease holds them for {@code uid} (claimed, draining or retained):
   * "own" or "executor". Read from the Leases themselves, the truth nspool recovers from.
   */
  private static Map<String, String> held(
      KubernetesClient admin, List<String> namespaces, String uid) {
    Map<String, String> held = new TreeMap<>();
    for (String ns : namespaces) {
      Lease lease = admin.leases().inNamespace(ns).withName(ClaimCodec.LEASE_NAME).get();
      if (lease == null
          || !uid.equals(lease.getSpec().getHolderIdentity())
          || lease.getMetadata().getAnnotations() == null
          || !HELD.contains(lease.getMetadata().getAnnotations().get(ClaimCodec.STATE))) {
        continue;
      }
      held.put(
          ns,
          lease.getMetadata().getAnnotations().containsKey(ClaimCodec.EXECUTOR_OF)
              ? "executor"
              : "own");
    }
    return held;
  }

  private static void createPool(KubernetesClient admin, Testbed bed, List<String> namespaces) {
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName("p");
    pool.getMetadata().setNamespace(bed.controlNamespace());
    PoolSpec spec = new PoolSpec();
    spec.setNamespaces(new ArrayList<>(namespaces));
    spec.setRetention("10m");
    pool.setSpec(spec);
    admin.resource(pool).create();
  }

  private static void editPool(
      KubernetesClient admin, Testbed bed, java.util.function.Consumer<PoolSpec> change) {
    io.nspool.api.Conflicts.retry(
        () ->
            admin
                .resources(NamespacePool.class)
                .inNamespace(bed.controlNamespace())
                .withName("p")
                .edit(
                    p -> {
                      change.accept(p.getSpec());
                      return p;
                    }));
  }

  private static NamespacePool pool(KubernetesClient admin, Testbed bed) {
    return admin
        .resources(NamespacePool.class)
        .inNamespace(bed.controlNamespace())
        .withName("p")
        .get();
  }

  private static int free(KubernetesClient admin, Testbed bed) {
    NamespacePool p = pool(admin, bed);
    return p == null || p.getStatus() == null ? 0 : p.getStatus().getFree();
  }

  private static String state(KubernetesClient admin, Testbed bed, String namespace) {
    NamespacePool p = pool(admin, bed);
    if (p == null || p.getStatus() == null) {
      return null;
    }
    return p.getStatus().getNamespaces().stream()
        .filter(n -> n.getName().equals(namespace))
        .map(PoolNamespace::getState)
        .findFirst()
        .orElse(null);
  }

  private static boolean allFree(KubernetesClient admin, Testbed bed, List<String> namespaces) {
    return namespaces.stream().allMatch(n -> "free".equals(state(admin, bed, n)));
  }

  private static TenantDeployment get(KubernetesClient admin, Testbed bed) {
    return admin
        .resources(TenantDeployment.class)
        .inNamespace(bed.controlNamespace())
        .withName("multi")
        .get();
  }
}
