package io.nspool.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nspool.deploy.DeploymentSpec;
import io.nspool.deploy.TenantDeployment;
import io.nspool.localcluster.CommandResult;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolSpec;
import io.nspool.testing.Testbed;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The CRDs as installed: the API server rejects bad objects, kubectl shows useful columns. */
@LocalKubernetes
@DisplayName("The nspool CRDs on the API server")
class CrdValidationIT {

  @Test
  @DisplayName("reject a NamespacePool whose retention has no valid unit, naming the field")
  void badRetentionRejected(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "crd");
    NamespacePool pool = pool(bed, "bad", "14x");

    assertThatThrownBy(() -> admin.resource(pool).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining("spec.retention");
    assertThat(
            admin
                .resources(NamespacePool.class)
                .inNamespace(bed.controlNamespace())
                .withName("bad")
                .get())
        .isNull();
  }

  @Test
  @DisplayName("reject a NamespacePool without spec.namespaces")
  void namespacesRequired(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "crd");
    NamespacePool pool = pool(bed, "empty", "14d");
    pool.getSpec().setNamespaces(null);

    assertThatThrownBy(() -> admin.resource(pool).create()).hasMessageContaining("spec.namespaces");
  }

  @Test
  @DisplayName("refuse to move a TenantDeployment to another pool")
  void poolIsImmutable(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "crd");
    TenantDeployment d = new TenantDeployment();
    d.getMetadata().setName("t");
    d.getMetadata().setNamespace(bed.controlNamespace());
    DeploymentSpec spec = new DeploymentSpec();
    spec.setPool("one");
    d.setSpec(spec);
    admin.resource(d).create();

    assertThatThrownBy(
            () ->
                admin
                    .resources(TenantDeployment.class)
                    .inNamespace(bed.controlNamespace())
                    .withName("t")
                    .edit(
                        x -> {
                          x.getSpec().setPool("two");
                          return x;
                        }))
        .hasMessageContaining("pool cannot be changed");
  }

  @Test
  @DisplayName("show state counts in kubectl get namespacepools")
  void printerColumns(LocalCluster cluster, KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "crd");
    admin.resource(pool(bed, "shown", "14d")).create();

    CommandResult get = cluster.kubectl("get", "namespacepools", "-n", bed.controlNamespace());

    assertThat(get.exitCode()).as(get.stderr()).isZero();
    assertThat(get.stdout().lines().findFirst().orElseThrow())
        .containsSubsequence(
            "NAME", "TOTAL", "FREE", "CLAIMED", "RETAINED", "CLEANING", "QUARANTINED", "AGE");
  }

  private static NamespacePool pool(Testbed bed, String name, String retention) {
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName(name);
    pool.getMetadata().setNamespace(bed.controlNamespace());
    PoolSpec spec = new PoolSpec();
    spec.setNamespaces(List.of("a", "b"));
    spec.setRetention(retention);
    pool.setSpec(spec);
    return pool;
  }
}
