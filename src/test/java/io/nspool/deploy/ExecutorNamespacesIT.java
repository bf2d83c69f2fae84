package io.nspool.deploy;

import static io.nspool.deploy.DeploymentLifecycleIT.awaitPhase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.claim.ClaimCodec;
import io.nspool.claim.ClaimState;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A deployment with extra executor namespaces (Airflow's multi-namespace executor) against the real
 * API server, as nspool's namespace-scoped identity: claimed all together or not at all, the
 * scheduler may launch pods there and nowhere else, the chart is told the list, and every one of
 * them goes back with the deployment.
 */
@LocalKubernetes
@DisplayName("Executor namespaces")
class ExecutorNamespacesIT {

  @Test
  @DisplayName(
      "two executor namespaces: claimed with the deployment, the scheduler may launch pods in"
          + " them (and not elsewhere), the chart's config lists them; soft delete retains and"
          + " restore takes back all three; hard delete scrubs and frees all three")
  void claimedUsedAndReleasedTogether(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "exec");
    List<String> namespaces = bed.preparePoolNamespaces(4);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", namespaces, "10m", false);
      create(nspool, bed, "multi", ExecutorNamespaces.count(2));
      awaitPhase(nspool, "multi", "Ready");

      DeploymentStatus status = nspool.deployment("multi").getStatus();
      String own = status.getNamespace();
      List<String> executors = status.getExecutorNamespaces();
      assertThat(executors).hasSize(2).doesNotContain(own).doesNotHaveDuplicates();
      for (String executor : executors) {
        Lease claim = admin.leases().inNamespace(executor).withName(ClaimCodec.LEASE_NAME).get();
        assertThat(claim.getMetadata().getAnnotations())
            .containsEntry(ClaimCodec.EXECUTOR_OF, own)
            .containsEntry(ClaimCodec.STATE, "claimed");
        assertThat(claim.getSpec().getHolderIdentity())
            .isEqualTo(nspool.deployment("multi").getMetadata().getUid());
        assertThat(nspool.poolEntry("p", executor).orElseThrow().getState()).isEqualTo("claimed");
      }
      String other = rest(namespaces, own, executors);
      assertThat(nspool.poolEntry("p", other).orElseThrow().getState()).isEqualTo("free");

      String scheduler = "system:serviceaccount:" + own + ":multi-scheduler";
      for (String executor : executors) {
        assertThat(allowed(admin, scheduler, "create", "pods", executor)).isTrue();
        assertThat(allowed(admin, scheduler, "get", "pods/log", executor)).isTrue();
      }
      assertThat(allowed(admin, scheduler, "create", "pods", other)).isFalse();
      assertThat(allowed(admin, scheduler, "get", "secrets", executors.get(0))).isFalse();

      String config =
          admin
              .configMaps()
              .inNamespace(own)
              .withName("multi-config")
              .get()
              .getData()
              .get("airflow.cfg");
      assertThat(config)
          .contains("multi_namespace_mode = True")
          .contains("multi_namespace_mode_namespace_list = " + String.join(",", executors));

      nspool.setRetained("multi", true);
      awaitPhase(nspool, "multi", "Retained");
      for (String executor : executors) {
        nspool.awaitState("p", executor, ClaimState.RETAINED);
      }
      nspool.setRetained("multi", false);
      awaitPhase(nspool, "multi", "Ready");
      assertThat(nspool.deployment("multi").getStatus().getNamespace()).isEqualTo(own);
      assertThat(nspool.deployment("multi").getStatus().getExecutorNamespaces())
          .containsExactlyElementsOf(executors);

      nspool.deleteDeployment("multi");
      for (String ns : List.of(own, executors.get(0), executors.get(1))) {
        nspool.awaitState("p", ns, ClaimState.FREE);
      }
      for (String executor : executors) {
        assertThat(
                admin.rbac().roleBindings().inNamespace(executor).list().getItems().stream()
                    .map(b -> b.getMetadata().getName()))
            .doesNotContain(ExecutorClaims.INSTALLER_BINDING, ExecutorClaims.POD_LAUNCHER);
        assertThat(allowed(admin, scheduler, "create", "pods", executor)).isFalse();
      }
    }
  }

  @Test
  @DisplayName(
      "all or nothing: with fewer free namespaces than the deployment needs it waits Pending,"
          + " claiming none; a named executor namespace that is taken claims none either; once"
          + " room is made it gets them all")
  void allOrNothing(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "exec-none");
    List<String> namespaces = bed.preparePoolNamespaces(3);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", namespaces, "10m", true);
      nspool.createDeployment("first", "p", namespaces.get(0));
      awaitPhase(nspool, "first", "Ready");

      create(nspool, bed, "big", ExecutorNamespaces.count(2));
      awaitCondition(nspool, "big", "PoolExhausted");
      for (String ns : namespaces.subList(1, 3)) {
        assertThat(nspool.poolEntry("p", ns).orElseThrow().getState()).isEqualTo("free");
      }

      create(nspool, bed, "named", ExecutorNamespaces.names(List.of(namespaces.get(0))));
      awaitCondition(nspool, "named", "PoolExhausted");
      assertThat(condition(nspool, "named")).contains(namespaces.get(0)).contains("all together");
      for (String ns : namespaces.subList(1, 3)) {
        assertThat(nspool.poolEntry("p", ns).orElseThrow().getState()).isEqualTo("free");
      }
      nspool.deleteDeployment("named");

      nspool.deleteDeployment("first");
      awaitPhase(nspool, "big", "Ready");
      assertThat(nspool.deployment("big").getStatus().getExecutorNamespaces()).hasSize(2);
    }
  }

  private static void create(
      RunningController nspool, Testbed bed, String name, ExecutorNamespaces executors) {
    TenantDeployment d = new TenantDeployment();
    d.getMetadata().setName(name);
    d.getMetadata().setNamespace(bed.controlNamespace());
    DeploymentSpec spec = new DeploymentSpec();
    spec.setPool("p");
    spec.setWorkspace("team-a");
    spec.setExecutorNamespaces(executors);
    d.setSpec(spec);
    nspool.nspool().resource(d).create();
  }

  private static void awaitCondition(RunningController nspool, String name, String reason) {
    await()
        .atMost(RunningController.WAIT)
        .until(
            () -> {
              TenantDeployment d = nspool.deployment(name);
              return d != null
                  && d.getStatus() != null
                  && d.getStatus().getConditions().stream()
                      .anyMatch(
                          c ->
                              c.getType().equals("NamespaceClaimed")
                                  && reason.equals(c.getReason()));
            });
  }

  private static String condition(RunningController nspool, String name) {
    return nspool.deployment(name).getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("NamespaceClaimed"))
        .findFirst()
        .orElseThrow()
        .getMessage();
  }

  private static String rest(List<String> all, String own, List<String> executors) {
    List<String> rest = new ArrayList<>(all);
    rest.remove(own);
    rest.removeAll(executors);
    assertThat(rest).hasSize(1);
    return rest.get(0);
  }

  /** A SubjectAccessReview on behalf of {@code user}: what Kubernetes itself would decide. */
  static boolean allowed(
      KubernetesClient admin, String user, String verb, String resource, String namespace) {
    String[] parts = resource.split("/", 2);
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(user)
            .withGroups("system:serviceaccounts", "system:serviceaccounts:" + user.split(":")[2])
            .withNewResourceAttributes()
            .withVerb(verb)
            .withResource(parts[0])
            .withSubresource(parts.length > 1 ? parts[1] : null)
            .withNamespace(namespace)
            .endResourceAttributes()
            .endSpec()
            .build();
    return admin.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
  }
}
