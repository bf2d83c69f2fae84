package io.nspool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nspool.claim.ClaimState;
import io.nspool.deploy.TenantDeployment;
import io.nspool.install.Installer;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.rbac.DynamicRoles;
import io.nspool.rbac.NspoolRoles;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Dynamic mode on the real local cluster, nspool running as its ServiceAccount with its
 * namespace-scoped Roles plus only the dynamic-mode ClusterRole, ClusterRoleBinding and admission
 * policy that {@code nspool install --namespace-selector} renders.
 */
@LocalKubernetes
@DisplayName("A pool choosing its namespaces by label (dynamic mode)")
class DynamicPoolIT {
  private static final String PULL = "regcred";
  static final String LABEL = "nspool.io/pool";
  private static final Duration WAIT = RunningController.WAIT;

  static Testbed setUp(KubernetesClient admin, String name, NamespaceSelector selector) {
    Testbed bed = new Testbed(admin, name);
    Installer.apply(admin, List.of(NspoolRoles.controlRole(bed.controlNamespace(), List.of(PULL))));
    List<io.fabric8.kubernetes.api.model.HasMetadata> dynamic =
        DynamicRoles.objects(bed.controlNamespace(), "nspool", selector, List.of());
    // As nspool install does: the gate enforced before nspool is granted what it guards.
    Installer.apply(admin, dynamic.subList(0, dynamic.size() - 1));
    DynamicRoles.awaitGate(admin, bed.controlNamespace(), Duration.ofSeconds(60));
    Installer.apply(admin, dynamic.subList(dynamic.size() - 1, dynamic.size()));
    admin
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(PULL)
                .withNamespace(bed.controlNamespace())
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", dockerConfig()))
                .build())
        .serverSideApply();
    return bed;
  }

  static String dockerConfig() {
    return Base64.getEncoder()
        .encodeToString(
            "{\"auths\":{\"r.example\":{\"auth\":\"dXNlcjpwYXNz\"}}}"
                .getBytes(StandardCharsets.UTF_8));
  }

  static NamespacePool createPool(KubernetesClient admin, Testbed bed, NamespaceSelector selector) {
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName("p");
    pool.getMetadata().setNamespace(bed.controlNamespace());
    PoolSpec spec = new PoolSpec();
    spec.setNamespaces(null);
    spec.setNamespaceSelector(selector);
    spec.setHardDelete(true);
    spec.setPullSecrets(new ArrayList<>(List.of(PULL)));
    pool.setSpec(spec);
    return admin.resource(pool).create();
  }

  /** A namespace as anyone may create it, labelled for the pool or not (and for Pod Security). */
  static void namespace(KubernetesClient admin, String name, String poolLabel) {
    Map<String, String> labels = new HashMap<>(PodSecurityLevel.DEFAULT.namespaceLabels());
    if (poolLabel != null) {
      labels.put(LABEL, poolLabel);
    }
    admin
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  static void label(KubernetesClient admin, String namespace, String value) {
    admin
        .namespaces()
        .withName(namespace)
        .edit(
            n -> {
              if (value == null) {
                n.getMetadata().getLabels().remove(LABEL);
              } else {
                n.getMetadata().getLabels().put(LABEL, value);
              }
              return n;
            });
  }

  private static boolean allowed(
      KubernetesClient nspool, String verb, String resource, String namespace) {
    return nspool
        .authorization()
        .v1()
        .selfSubjectAccessReview()
        .create(
            new SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                .withNewResourceAttributes()
                .withVerb(verb)
                .withResource(resource)
                .withNamespace(namespace)
                .endResourceAttributes()
                .endSpec()
                .build())
        .getStatus()
        .getAllowed();
  }

  static boolean inStatus(RunningController nspool, String namespace) {
    return nspool.poolEntry("p", namespace).isPresent();
  }

  private static boolean holdsCopy(KubernetesClient admin, String namespace) {
    Secret s = admin.secrets().inNamespace(namespace).withName(PULL).get();
    return s != null && Map.of(".dockerconfigjson", dockerConfig()).equals(s.getData());
  }

  @Test
  @DisplayName(
      "a labelled namespace joins with its pull secret; unlabelled it drains (a claimed one stays"
          + " until its deployment is deleted) and nspool's access goes; deleted it leaves (a claimed"
          + " one's deployment is told NamespaceDeleted); an"
          + " unlabelled namespace is never touched and its secrets stay out of nspool's reach")
  void joinsDrainsLeaves(KubernetesClient admin) {
    String tag = "t" + System.nanoTime() % 1_000_000;
    NamespaceSelector selector = NamespaceSelector.matchLabels(Map.of(LABEL, tag));
    Testbed bed = setUp(admin, "dynamic", selector);
    String joined = bed.poolNamespace(1);
    String other = bed.poolNamespace(2);
    String doomed = bed.poolNamespace(3);
    namespace(admin, other, null);
    admin
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("private")
                .withNamespace(other)
                .endMetadata()
                .withStringData(Map.of("password", "hunter2"))
                .build())
        .create();

    try (RunningController nspool = new RunningController(bed, admin)) {
      createPool(admin, bed, selector);

      // Labelled after nspool started: the namespace watch brings it in, no restart.
      namespace(admin, joined, tag);
      nspool.awaitState("p", joined, ClaimState.FREE);
      await().atMost(Duration.ofSeconds(10)).until(() -> holdsCopy(admin, joined));
      assertThat(admin.rbac().roles().inNamespace(joined).withName("nspool").get()).isNotNull();
      assertThat(admin.rbac().roleBindings().inNamespace(joined).withName("nspool").get())
          .isNotNull();
      assertThat(
              admin
                  .serviceAccounts()
                  .inNamespace(bed.controlNamespace())
                  .withName(io.nspool.rbac.InstallerIdentity.serviceAccountName(joined))
                  .get())
          .as("the installer's ServiceAccount, in the control namespace")
          .isNotNull();
      assertThat(
              admin
                  .rbac()
                  .roleBindings()
                  .inNamespace(joined)
                  .withName(NspoolRoles.INSTALLER)
                  .get()
                  .getSubjects())
          .extracting(s -> s.getNamespace() + "/" + s.getName())
          .containsExactly(
              bed.controlNamespace()
                  + "/"
                  + io.nspool.rbac.InstallerIdentity.serviceAccountName(joined));
      assertThat(admin.serviceAccounts().inNamespace(joined).withName(NspoolRoles.INSTALLER).get())
          .as("no installer ServiceAccount a tenant pod of the namespace could run as")
          .isNull();
      assertThat(
              admin
                  .rbac()
                  .roleBindings()
                  .inNamespace(joined)
                  .withName(DynamicRoles.JOIN_BINDING)
                  .get())
          .as("the join binding is gone once nspool's own Role is bound")
          .isNull();

      // The namespace that is not labelled: not in the pool, nothing of nspool's in it, and
      // nspool can neither read its secrets nor bind itself there.
      KubernetesClient self = nspool.nspool();
      assertThat(inStatus(nspool, other)).isFalse();
      assertThat(allowed(self, "get", "secrets", other)).isFalse();
      assertThat(allowed(self, "list", "secrets", other)).isFalse();
      assertThatThrownBy(() -> self.secrets().inNamespace(other).withName("private").get())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      assertThatThrownBy(
              () ->
                  self.resource(DynamicRoles.joinBinding(other, bed.controlNamespace(), "nspool"))
                      .create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e ->
                  assertThat(e.getMessage()).contains("may be bound only in a namespace labelled"));
      assertThatThrownBy(
              () ->
                  self.resource(NspoolRoles.binding(other, bed.controlNamespace(), "nspool"))
                      .create())
          .as("a binding to a Role nspool does not hold there is refused by RBAC")
          .isInstanceOf(KubernetesClientException.class);
      assertThat(admin.rbac().roleBindings().inNamespace(other).list().getItems()).isEmpty();

      // Claimed, then unlabelled: it drains and keeps its deployment until that is deleted.
      TenantDeployment d = nspool.createDeployment("web", "p", joined);
      nspool.awaitState("p", joined, ClaimState.CLAIMED);
      label(admin, joined, null);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  nspool
                      .poolEntry("p", joined)
                      .map(e -> e.getState().equals(ClaimState.DRAINING.wireName()))
                      .orElse(false));
      assertThat(nspool.deployment("web").getStatus().getNamespace()).isEqualTo(joined);
      nspool.deleteDeployment(d.getMetadata().getName());
      await().atMost(WAIT).until(() -> !inStatus(nspool, joined));
      await().atMost(Duration.ofSeconds(10)).until(() -> !allowed(self, "get", "secrets", joined));
      assertThat(admin.rbac().roleBindings().inNamespace(joined).withName("nspool").get())
          .as("nspool's RoleBinding is gone: it keeps no access to a namespace that left")
          .isNull();

      // Labelled, then deleted: it leaves.
      namespace(admin, doomed, tag);
      nspool.awaitState("p", doomed, ClaimState.FREE);
      admin.namespaces().withName(doomed).delete();
      await().atMost(WAIT).until(() -> !inStatus(nspool, doomed));

      // Claimed, then deleted: it leaves, and its deployment is told why.
      String claimedDoomed = bed.poolNamespace(4);
      namespace(admin, claimedDoomed, tag);
      nspool.awaitState("p", claimedDoomed, ClaimState.FREE);
      nspool.createDeployment("gone", "p", claimedDoomed);
      nspool.awaitState("p", claimedDoomed, ClaimState.CLAIMED);
      admin.namespaces().withName(claimedDoomed).delete();
      await().atMost(WAIT).until(() -> !inStatus(nspool, claimedDoomed));
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(nspool.deployment("gone").getStatus().getConditions())
                      .anySatisfy(
                          c -> {
                            assertThat(c.getType()).isEqualTo("NamespaceClaimed");
                            assertThat(c.getStatus()).isEqualTo("False");
                            assertThat(c.getReason()).isEqualTo("NamespaceDeleted");
                            assertThat(c.getMessage()).contains(claimedDoomed, "was deleted");
                          }));

      // The unlabelled namespace was never touched.
      assertThat(admin.secrets().inNamespace(other).withName(PULL).get()).isNull();
      assertThat(admin.rbac().roleBindings().inNamespace(other).list().getItems()).isEmpty();
      assertThat(admin.rbac().roles().inNamespace(other).list().getItems()).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "after a restart membership is rebuilt from the namespace watch: a namespace unlabelled"
          + " while nspool was down leaves, a labelled one stays free and is never drained")
  void restartRebuildsMembership(KubernetesClient admin) {
    String tag = "r" + System.nanoTime() % 1_000_000;
    NamespaceSelector selector = NamespaceSelector.matchLabels(Map.of(LABEL, tag));
    Testbed bed = setUp(admin, "dynrestart", selector);
    String stays = bed.poolNamespace(1);
    String goes = bed.poolNamespace(2);
    try (RunningController nspool = new RunningController(bed, admin)) {
      createPool(admin, bed, selector);
      namespace(admin, stays, tag);
      namespace(admin, goes, tag);
      nspool.awaitState("p", stays, ClaimState.FREE);
      nspool.awaitState("p", goes, ClaimState.FREE);
    }
    label(admin, goes, null);
    try (RunningController nspool = new RunningController(bed, admin)) {
      await().atMost(WAIT).until(() -> !inStatus(nspool, goes));
      assertThat(nspool.poolEntry("p", stays).orElseThrow().getState())
          .isEqualTo(ClaimState.FREE.wireName());
      assertThat(admin.rbac().roleBindings().inNamespace(goes).withName("nspool").get()).isNull();
      // Its claim object was never seen draining-free-left by an unsettled first pass:
      assertThat(admin.leases().inNamespace(stays).withName("nspool-claim").get()).isNotNull();
    }
  }

  @Test
  @DisplayName(
      "without the dynamic-mode ClusterRole the pool says so in SpecValid, naming the fix, and a"
          + " labelled namespace is left alone")
  void withoutClusterRoleSaysSo(KubernetesClient admin) {
    String tag = "n" + System.nanoTime() % 1_000_000;
    NamespaceSelector selector = NamespaceSelector.matchLabels(Map.of(LABEL, tag));
    Testbed bed = new Testbed(admin, "dynnorole");
    String labelled = bed.poolNamespace(1);
    namespace(admin, labelled, tag);
    try (RunningController nspool = new RunningController(bed, admin)) {
      NamespacePool pool = new NamespacePool();
      pool.getMetadata().setName("p");
      pool.getMetadata().setNamespace(bed.controlNamespace());
      pool.getSpec().setNamespaceSelector(selector);
      admin.resource(pool).create();

      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(nspool.pool("p").getStatus().getConditions())
                      .anySatisfy(
                          c -> {
                            assertThat(c.getType()).isEqualTo("SpecValid");
                            assertThat(c.getStatus()).isEqualTo("False");
                            assertThat(c.getMessage())
                                .contains(
                                    "cannot watch namespaces labelled " + LABEL + "=" + tag,
                                    "forbidden",
                                    "nspool install --namespace-selector");
                          }));
      assertThat(inStatus(nspool, labelled)).isFalse();
      assertThat(admin.leases().inNamespace(labelled).list().getItems()).isEmpty();
      assertThat(admin.rbac().roleBindings().inNamespace(labelled).list().getItems()).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "with the admission policy gone, a labelled namespace is not joined: nspool checks the gate"
          + " before every join and quarantines the namespace naming the missing policy")
  void withoutTheGateJoinsNothing(KubernetesClient admin) {
    String tag = "g" + System.nanoTime() % 1_000_000;
    NamespaceSelector selector = NamespaceSelector.matchLabels(Map.of(LABEL, tag));
    Testbed bed = setUp(admin, "dyngate", selector);
    String labelled = bed.poolNamespace(1);
    admin
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicyBindings()
        .withName(DynamicRoles.clusterRoleName(bed.controlNamespace()))
        .delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> DynamicRoles.gateMissing(admin, bed.controlNamespace()).isPresent());
    namespace(admin, labelled, tag);

    try (RunningController nspool = new RunningController(bed, admin)) {
      createPool(admin, bed, selector);

      io.nspool.pool.PoolNamespace entry = nspool.awaitState("p", labelled, ClaimState.QUARANTINED);
      assertThat(entry.getReason())
          .contains("not joined", "is not enforced", "nspool install --namespace-selector");
      assertThat(admin.rbac().roleBindings().inNamespace(labelled).list().getItems()).isEmpty();
      assertThat(admin.rbac().roles().inNamespace(labelled).list().getItems()).isEmpty();
    }
  }
}
