package io.nspool.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The permission model nspool is built on, proved on the real API server: a ServiceAccount with a
 * Role in one pool namespace can work there and nowhere else.
 */
@LocalKubernetes
@DisplayName("A ServiceAccount with a Role in pool-a only")
class NamespaceScopedIdentityIT {
  static final ServiceAccountIdentity NSPOOL =
      new ServiceAccountIdentity("nspool-system", "nspool");

  static KubernetesClient nspool;

  @BeforeAll
  static void grantRoleInPoolA(KubernetesClient admin) {
    for (String ns : new String[] {"nspool-system", "pool-a", "pool-b"}) {
      admin
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .serverSideApply();
    }
    NSPOOL.ensureExists(admin);
    admin
        .rbac()
        .roles()
        .inNamespace("pool-a")
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("nspool")
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("secrets", "configmaps")
                        .withVerbs("get", "list", "create", "update", "patch", "delete")
                        .build(),
                    new PolicyRuleBuilder()
                        .withApiGroups("coordination.k8s.io")
                        .withResources("leases")
                        .withVerbs("get", "create", "update")
                        .build(),
                    // Lets nspool read the Namespace object pool-a, and no other.
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("namespaces")
                        .withResourceNames("pool-a")
                        .withVerbs("get")
                        .build())
                .build())
        .serverSideApply();
    admin
        .rbac()
        .roleBindings()
        .inNamespace("pool-a")
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("nspool")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "nspool")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withNamespace(NSPOOL.namespace())
                .withName(NSPOOL.name())
                .endSubject()
                .build())
        .serverSideApply();
    nspool = NSPOOL.client(admin);
  }

  @AfterAll
  static void closeClient() {
    nspool.close();
  }

  @Test
  @DisplayName("creates a Secret in pool-a")
  void createsSecretInItsNamespace() {
    var secret =
        nspool
            .secrets()
            .inNamespace("pool-a")
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withGenerateName("allowed-")
                    .endMetadata()
                    .withStringData(Map.of("k", "v"))
                    .build())
            .create();

    assertThat(secret.getMetadata().getNamespace()).isEqualTo("pool-a");
  }

  @Test
  @DisplayName("is forbidden to create a Secret in pool-b, with its own name in the error")
  void isForbiddenInAnotherNamespace() {
    assertThatThrownBy(
            () ->
                nspool
                    .secrets()
                    .inNamespace("pool-b")
                    .resource(
                        new SecretBuilder()
                            .withNewMetadata()
                            .withName("denied")
                            .endMetadata()
                            .build())
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
        .hasMessageContaining(NSPOOL.username())
        .hasMessageContaining("cannot create resource \"secrets\"");
  }

  @Test
  @DisplayName("is forbidden to list Namespaces cluster-wide")
  void cannotListNamespaces() {
    assertThatThrownBy(() -> nspool.namespaces().list())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  @Test
  @DisplayName("gets the Namespace object pool-a itself, but not pool-b")
  void getsItsOwnNamespaceObject() {
    assertThat(nspool.namespaces().withName("pool-a").get().getMetadata().getName())
        .isEqualTo("pool-a");
    assertThatThrownBy(() -> nspool.namespaces().withName("pool-b").get())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  @Test
  @DisplayName("gets 409 Conflict when updating a Lease with a stale resourceVersion")
  void staleLeaseUpdateConflicts() {
    Lease created =
        nspool
            .leases()
            .inNamespace("pool-a")
            .resource(
                new LeaseBuilder()
                    .withNewMetadata()
                    .withGenerateName("claim-")
                    .endMetadata()
                    .withNewSpec()
                    .withHolderIdentity("first")
                    .endSpec()
                    .build())
            .create();
    Lease winner =
        new LeaseBuilder(created).editSpec().withHolderIdentity("winner").endSpec().build();
    nspool.leases().inNamespace("pool-a").resource(winner).update();

    // The loser still holds the resourceVersion it read before the winner's write.
    Lease loser =
        new LeaseBuilder(created).editSpec().withHolderIdentity("loser").endSpec().build();

    assertThatThrownBy(() -> nspool.leases().inNamespace("pool-a").resource(loser).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(
            nspool
                .leases()
                .inNamespace("pool-a")
                .withName(created.getMetadata().getName())
                .get()
                .getSpec()
                .getHolderIdentity())
        .isEqualTo("winner");
  }

  @Test
  @DisplayName("server-side applies a ConfigMap, and a second field manager gets a conflict")
  void serverSideApplyConflictsBetweenManagers() {
    ConfigMap ours =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("ssa-demo")
            .withNamespace("pool-a")
            .endMetadata()
            .withData(Map.of("owner", "nspool"))
            .build();
    nspool.configMaps().resource(ours).fieldManager("nspool").serverSideApply();
    ConfigMap theirs = new ConfigMapBuilder(ours).withData(Map.of("owner", "someone-else")).build();

    assertThatThrownBy(
            () -> nspool.configMaps().resource(theirs).fieldManager("intruder").serverSideApply())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409))
        .hasMessageContaining("conflict");
    assertThat(nspool.configMaps().inNamespace("pool-a").withName("ssa-demo").get().getData())
        .containsEntry("owner", "nspool");
  }

  @Test
  @DisplayName("writes a kubeconfig that kubectl uses as the ServiceAccount")
  void kubeconfigForKubectl(LocalCluster cluster, KubernetesClient admin) throws Exception {
    Path kubeconfig = Files.createTempFile("nspool-sa", ".kubeconfig");
    NSPOOL.writeKubeconfig(admin, kubeconfig, cluster.apiserverCa(), Duration.ofMinutes(10));

    CommandResult whoami =
        CommandResult.run(
            java.util.List.of(
                cluster.binary().toString(),
                "kubectl",
                "--kubeconfig=" + kubeconfig,
                "auth",
                "whoami",
                "-o",
                "jsonpath={.status.userInfo.username}"),
            Duration.ofMinutes(1));
    CommandResult listNamespaces =
        CommandResult.run(
            java.util.List.of(
                cluster.binary().toString(), "kubectl", "--kubeconfig=" + kubeconfig, "get", "ns"),
            Duration.ofMinutes(1));

    assertThat(whoami.stdout()).isEqualTo(NSPOOL.username());
    assertThat(listNamespaces.exitCode()).isNotZero();
    assertThat(listNamespaces.stderr()).contains("forbidden");
  }
}
