package io.nspool.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@LocalKubernetes
@DisplayName("The local kube-controller-manager")
class ControllerManagerIT {

  @Test
  @DisplayName("finalizes a deleted namespace until it is gone")
  void deletedNamespaceDisappears(KubernetesClient admin) {
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("doomed").endMetadata().build())
        .create();
    admin.configMaps().inNamespace("doomed").resource(configMap("leftover")).create();

    admin.namespaces().withName("doomed").delete();

    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> assertThat(admin.namespaces().withName("doomed").get()).isNull());
  }

  @Test
  @DisplayName("gives a Deployment a ReplicaSet owned by it")
  void deploymentGetsReplicaSet(KubernetesClient admin) {
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("apps").endMetadata().build())
        .serverSideApply();
    var deployment =
        admin
            .apps()
            .deployments()
            .inNamespace("apps")
            .resource(
                new DeploymentBuilder()
                    .withNewMetadata()
                    .withName("web")
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(1)
                    .withNewSelector()
                    .withMatchLabels(Map.of("app", "web"))
                    .endSelector()
                    .withNewTemplate()
                    .withNewMetadata()
                    .withLabels(Map.of("app", "web"))
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("web")
                    .withImage("nginx:1.27")
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build())
            .create();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              List<ReplicaSet> sets =
                  admin.apps().replicaSets().inNamespace("apps").list().getItems();
              assertThat(sets).hasSize(1);
              assertThat(sets.get(0).getMetadata().getOwnerReferences())
                  .anySatisfy(
                      owner ->
                          assertThat(owner.getUid()).isEqualTo(deployment.getMetadata().getUid()));
            });
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap configMap(String name) {
    return new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withData(Map.of("k", "v"))
        .build();
  }
}
