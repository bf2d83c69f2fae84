package io.nspool.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.ReleaseHistory;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.claim.ClaimState;
import io.nspool.deploy.Commander;
import io.nspool.deploy.DeploymentSpec;
import io.nspool.deploy.TenantDeployment;
import io.nspool.fault.CrashPoint;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolSpec;
import io.nspool.testing.ServerProcess;
import io.nspool.testing.Testbed;
import io.nspool.verify.Report;
import io.nspool.verify.Verifier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two {@code nspool server} processes on one control namespace, the leader halted at once (as kill
 * -9: no shutdown hook, the leader Lease not released) in the middle of a provision and in the
 * middle of a scrub. The follower must wait for the Lease to expire, take over, and finish the
 * work: one Helm release, no claim left half done, nspool verify clean.
 */
@LocalKubernetes
@DisplayName("Failover between two nspool server processes")
class FailoverIT {
  private static final Path CHART =
      Path.of("src/test/resources/charts/no-workloads").toAbsolutePath();
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  @DisplayName(
      "the leader halted after Helm installed and before the status said so, then mid-scrub: each time the follower waits for the unreleased Lease to expire and finishes, with one release and verify clean")
  void leaderHaltedDuringProvisionAndScrub(LocalCluster cluster, KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "failover");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    createPool(admin, bed, List.of(ns));
    List<ServerProcess> all = new ArrayList<>();
    try {
      // Provision: the first replica leads and halts right after Helm's install.
      ServerProcess a = start(all, cluster, admin, bed, CrashPoint.INSTALL_AFTER_HELM.wireName());
      await().atMost(WAIT).until(a::acquiredLeadership);
      awaitFree(admin, bed, ns);
      ServerProcess b = start(all, cluster, admin, bed, null);
      b.awaitPort(Duration.ofSeconds(60));
      String firstLeader = holder(admin, bed);

      createDeployment(bed, "d1", ns);
      await().atMost(WAIT).until(() -> !a.alive());
      Instant halted = Instant.now();
      assertThat(a.crashedAt()).contains(CrashPoint.INSTALL_AFTER_HELM.wireName());
      assertLeaseNotReleased(admin, bed, firstLeader);
      assertThat(b.acquiredLeadership()).isFalse();

      await().atMost(WAIT).until(b::acquiredLeadership);
      Duration failover = Duration.between(halted, Instant.now());
      awaitPhase(admin, bed, "d1", "Ready");
      assertThat(deployment(admin, bed, "d1").getStatus().getNamespace()).isEqualTo(ns);
      List<ReleaseHistory> history = new Commander(admin, bed.controlNamespace()).history(ns, "d1");
      System.out.println(
          "FailoverIT provision: failover "
              + failover.toMillis()
              + " ms; history "
              + history.stream()
                  .map(h -> h.getRevision() + ":" + h.getStatus())
                  .collect(Collectors.joining(", ")));
      assertThat(history)
          .as("one release: no second install, nothing failed or pending")
          .extracting(ReleaseHistory::getStatus)
          .doesNotContain("failed", "pending-install", "pending-upgrade")
          .endsWith("deployed");
      assertThat(
              admin.secrets().inNamespace(ns).withLabel("owner", "helm").list().getItems().stream()
                  .map(s -> s.getMetadata().getLabels().get("name"))
                  .distinct())
          .containsExactly("d1");
      assertClean(admin, bed);

      // Scrub: a third replica joins as follower armed mid-deletion; the leader is killed, the
      // third takes over, the delete's scrub halts it, and a fourth finishes.
      ServerProcess c =
          start(all, cluster, admin, bed, CrashPoint.SCRUB_MID_DELETION.wireName() + ":2");
      c.awaitPort(Duration.ofSeconds(60));
      String secondLeader = holder(admin, bed);
      b.kill();
      Instant killed = Instant.now();
      assertLeaseNotReleased(admin, bed, secondLeader);
      await().atMost(WAIT).until(c::acquiredLeadership);
      System.out.println(
          "FailoverIT kill -9 of the leader: failover "
              + Duration.between(killed, Instant.now()).toMillis()
              + " ms");
      ServerProcess d = start(all, cluster, admin, bed, null);
      d.awaitPort(Duration.ofSeconds(60));

      admin
          .configMaps()
          .inNamespace(ns)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("left-by-tenant")
                  .endMetadata()
                  .build())
          .create();
      admin
          .configMaps()
          .inNamespace(ns)
          .resource(
              new ConfigMapBuilder().withNewMetadata().withName("left-too").endMetadata().build())
          .create();
      try (KubernetesClient nspool = bed.nspoolClient()) {
        nspool
            .resources(TenantDeployment.class)
            .inNamespace(bed.controlNamespace())
            .withName("d1")
            .delete();
      }
      await().atMost(WAIT).until(() -> !c.alive());
      assertThat(c.crashedAt()).contains(CrashPoint.SCRUB_MID_DELETION.wireName());
      assertThat(state(admin, bed, ns)).isEqualTo(ClaimState.CLEANING.wireName());

      await().atMost(WAIT).until(d::acquiredLeadership);
      await().atMost(WAIT).until(() -> ClaimState.FREE.wireName().equals(state(admin, bed, ns)));
      assertThat(deployment(admin, bed, "d1")).isNull();
      assertThat(admin.configMaps().inNamespace(ns).withName("left-by-tenant").get()).isNull();
      assertThat(admin.configMaps().inNamespace(ns).withName("left-too").get()).isNull();
      assertThat(admin.secrets().inNamespace(ns).withLabel("owner", "helm").list().getItems())
          .isEmpty();
      assertClean(admin, bed);
    } finally {
      all.forEach(ServerProcess::close);
    }
  }

  private static ServerProcess start(
      List<ServerProcess> all,
      LocalCluster cluster,
      KubernetesClient admin,
      Testbed bed,
      String crashAt) {
    ServerProcess p = ServerProcess.start(cluster, admin, bed, crashAt);
    all.add(p);
    return p;
  }

  /**
   * A halted leader does not release its Lease: for a few seconds it still names it, renewed by no
   * one, and no other replica holds it.
   */
  private static void assertLeaseNotReleased(KubernetesClient admin, Testbed bed, String holder) {
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(6))
        .until(() -> holder.equals(holder(admin, bed)));
  }

  private static String holder(KubernetesClient admin, Testbed bed) {
    Lease lease =
        admin.leases().inNamespace(bed.controlNamespace()).withName(Leadership.LEASE).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static void assertClean(KubernetesClient admin, Testbed bed) {
    Report report =
        new Verifier(
                admin,
                bed.controlNamespace(),
                bed.identity().name(),
                Duration.ZERO,
                Clock.systemUTC())
            .verify();
    assertThat(report.violations()).as(report.summary()).isEmpty();
  }

  private static void createPool(KubernetesClient admin, Testbed bed, List<String> namespaces) {
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName("p");
    pool.getMetadata().setNamespace(bed.controlNamespace());
    PoolSpec spec = new PoolSpec();
    spec.setNamespaces(new ArrayList<>(namespaces));
    spec.setCharts(
        new ArrayList<>(
            List.of(io.nspool.chart.ChartEntry.path("test", CHART.toAbsolutePath().toString()))));
    pool.setSpec(spec);
    admin.resource(pool).create();
  }

  private static void createDeployment(Testbed bed, String name, String ns) {
    TenantDeployment d = new TenantDeployment();
    d.getMetadata().setName(name);
    d.getMetadata().setNamespace(bed.controlNamespace());
    DeploymentSpec spec = new DeploymentSpec();
    spec.setPool("p");
    spec.setNamespace(ns);
    d.setSpec(spec);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      nspool.resource(d).create();
    }
  }

  private static TenantDeployment deployment(KubernetesClient admin, Testbed bed, String name) {
    return admin
        .resources(TenantDeployment.class)
        .inNamespace(bed.controlNamespace())
        .withName(name)
        .get();
  }

  private static void awaitPhase(KubernetesClient admin, Testbed bed, String name, String phase) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              TenantDeployment d = deployment(admin, bed, name);
              assertThat(d).isNotNull();
              assertThat(d.getStatus()).isNotNull();
              assertThat(d.getStatus().getPhase())
                  .as("%s", d.getStatus().getConditions())
                  .isEqualTo(phase);
            });
  }

  private static void awaitFree(KubernetesClient admin, Testbed bed, String ns) {
    await().atMost(WAIT).until(() -> ClaimState.FREE.wireName().equals(state(admin, bed, ns)));
  }

  private static String state(KubernetesClient admin, Testbed bed, String ns) {
    NamespacePool p =
        admin
            .resources(NamespacePool.class)
            .inNamespace(bed.controlNamespace())
            .withName("p")
            .get();
    if (p == null || p.getStatus() == null) {
      return null;
    }
    return p.getStatus().getNamespaces().stream()
        .filter(n -> n.getName().equals(ns))
        .map(n -> n.getState())
        .findFirst()
        .orElse(null);
  }
}
