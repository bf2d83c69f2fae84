package io.nspool.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.deploy.DeploymentSpec;
import io.nspool.deploy.TenantDeployment;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolSpec;
import io.nspool.testing.ServerProcess;
import io.nspool.testing.Testbed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One crash point at a time, on a real server process, and what the next process makes of it. */
@LocalKubernetes
@DisplayName("A server halted at a crash point")
class CrashRecoveryIT {
  private static final Path CHART =
      Path.of("src/test/resources/charts/no-workloads").toAbsolutePath();
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  @DisplayName(
      "after the claim was retained and before the status said the release is gone: the restore installs anew and is Ready")
  void retainedThenRestored(LocalCluster cluster, KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "crash-retain");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName("p");
    pool.getMetadata().setNamespace(bed.controlNamespace());
    PoolSpec spec = new PoolSpec();
    spec.setNamespaces(new ArrayList<>(List.of(ns)));
    spec.setCharts(
        new ArrayList<>(
            List.of(io.nspool.chart.ChartEntry.path("test", CHART.toAbsolutePath().toString()))));
    pool.setSpec(spec);
    admin.resource(pool).create();
    try (KubernetesClient nspool = bed.nspoolClient()) {
      try (ServerProcess first =
          ServerProcess.start(
              cluster, admin, bed, CrashPoint.RETAIN_AFTER_LEASE_WRITE.wireName())) {
        TenantDeployment d = new TenantDeployment();
        d.getMetadata().setName("t");
        d.getMetadata().setNamespace(bed.controlNamespace());
        DeploymentSpec ds = new DeploymentSpec();
        ds.setPool("p");
        d.setSpec(ds);
        await().atMost(WAIT).until(() -> freeIn(admin, bed));
        nspool.resource(d).create();
        await().atMost(WAIT).until(() -> "Ready".equals(phase(admin, bed)));
        setRetained(nspool, bed, true);
        await().atMost(WAIT).until(() -> !first.alive());
        assertThat(first.crashedAt()).contains(CrashPoint.RETAIN_AFTER_LEASE_WRITE.wireName());
      }
      try (ServerProcess second = ServerProcess.start(cluster, admin, bed)) {
        setRetained(nspool, bed, false);
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(phase(admin, bed))
                        .as("%s", get(admin, bed).getStatus().getConditions())
                        .isEqualTo("Ready"));
        assertThat(get(admin, bed).getStatus().getNamespace()).isEqualTo(ns);
        assertThat(admin.secrets().inNamespace(ns).withLabel("owner", "helm").list().getItems())
            .hasSize(1);
      }
    }
  }

  private static boolean freeIn(KubernetesClient admin, Testbed bed) {
    NamespacePool p =
        admin
            .resources(NamespacePool.class)
            .inNamespace(bed.controlNamespace())
            .withName("p")
            .get();
    return p != null && p.getStatus() != null && p.getStatus().getFree() == 1;
  }

  private static void setRetained(KubernetesClient nspool, Testbed bed, boolean retained) {
    io.nspool.api.Conflicts.retry(
        () ->
            nspool
                .resources(TenantDeployment.class)
                .inNamespace(bed.controlNamespace())
                .withName("t")
                .edit(
                    x -> {
                      x.getSpec().setRetained(retained);
                      return x;
                    }));
  }

  private static TenantDeployment get(KubernetesClient admin, Testbed bed) {
    return admin
        .resources(TenantDeployment.class)
        .inNamespace(bed.controlNamespace())
        .withName("t")
        .get();
  }

  private static String phase(KubernetesClient admin, Testbed bed) {
    TenantDeployment d = get(admin, bed);
    return d == null || d.getStatus() == null ? null : d.getStatus().getPhase();
  }
}
