package io.nspool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.claim.ClaimState;
import io.nspool.install.Installer;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.rbac.NspoolRoles;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Pull secrets kept in every pool namespace, while nspool runs as its ServiceAccount. */
@LocalKubernetes
@DisplayName("A pool's pull secrets")
class PullSecretsIT {
  private static final String PULL = "regcred";

  private static String config(String registry) {
    String json = "{\"auths\":{\"" + registry + "\":{\"auth\":\"dXNlcjpwYXNz\"}}}";
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The source in the control namespace, and nspool's control Role reading it by name. */
  private static void source(KubernetesClient admin, Testbed bed, String registry) {
    Installer.apply(admin, List.of(NspoolRoles.controlRole(bed.controlNamespace(), List.of(PULL))));
    admin
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(PULL)
                .withNamespace(bed.controlNamespace())
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", config(registry)))
                .build())
        .serverSideApply();
  }

  private static Secret copy(KubernetesClient admin, String namespace) {
    return admin.secrets().inNamespace(namespace).withName(PULL).get();
  }

  private static boolean holds(KubernetesClient admin, String namespace, String registry) {
    Secret s = copy(admin, namespace);
    return s != null
        && "kubernetes.io/dockerconfigjson".equals(s.getType())
        && Map.of(".dockerconfigjson", config(registry)).equals(s.getData())
        && "nspool".equals(s.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
  }

  private static void setPulls(RunningController nspool, List<String> names) {
    nspool.editPool("p", spec -> spec.setPullSecrets(new ArrayList<>(names)));
  }

  @Test
  @DisplayName(
      "keeps a copy in every namespace: deleted is back within 2 s, edited is restored, follows its source, reaches a namespace added later, and goes when unlisted")
  void keepsCopies(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "pulls");
    List<String> names = bed.preparePoolNamespaces(3);
    String a = names.get(0);
    String b = names.get(1);
    String c = names.get(2);
    source(admin, bed, "one.example");
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPool("p", List.of(a, b), "14d", false);
      setPulls(nspool, List.of(PULL));
      nspool.awaitState("p", a, ClaimState.FREE);
      nspool.awaitState("p", b, ClaimState.FREE);
      await()
          .atMost(RunningController.WAIT)
          .until(() -> holds(admin, a, "one.example") && holds(admin, b, "one.example"));
      // nspool verify takes the copies for nspool's own, not a tenant's leftovers.
      assertThat(
              new io.nspool.verify.Verifier(
                      admin,
                      bed.controlNamespace(),
                      bed.identity().name(),
                      io.nspool.verify.Verifier.DEFAULT_GRACE,
                      java.time.Clock.systemUTC())
                  .verify()
                  .violations())
          .isEmpty();

      admin.secrets().inNamespace(a).withName(PULL).delete();
      await()
          .atMost(Duration.ofSeconds(2))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> holds(admin, a, "one.example"));

      admin
          .secrets()
          .inNamespace(b)
          .withName(PULL)
          .edit(
              s -> {
                s.setData(Map.of(".dockerconfigjson", config("evil.example")));
                return s;
              });
      await().atMost(Duration.ofSeconds(5)).until(() -> holds(admin, b, "one.example"));

      source(admin, bed, "two.example");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> holds(admin, a, "two.example") && holds(admin, b, "two.example"));

      nspool.editPool("p", spec -> spec.setNamespaces(new ArrayList<>(List.of(a, b, c))));
      nspool.awaitState("p", c, ClaimState.FREE);
      await().atMost(Duration.ofSeconds(10)).until(() -> holds(admin, c, "two.example"));

      setPulls(nspool, List.of());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> copy(admin, a) == null && copy(admin, b) == null && copy(admin, c) == null);
    }
  }

  @Test
  @DisplayName(
      "reports a namespace whose copy cannot be written unhealthy, naming the rule, while the others keep theirs")
  void unwritableCopyIsUnhealthy(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "pullrbac");
    List<String> names = bed.preparePoolNamespaces(2);
    String good = names.get(0);
    String weak = names.get(1);
    source(admin, bed, "one.example");
    Testbed.weakenPoolRole(admin, weak, "secrets");
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPool("p", List.of(good, weak), "14d", false);
      setPulls(nspool, List.of(PULL));

      PoolNamespace quarantined = nspool.awaitState("p", weak, ClaimState.QUARANTINED);
      assertThat(quarantined.getReason()).contains("secrets");
      nspool.awaitState("p", good, ClaimState.FREE);
      await().atMost(RunningController.WAIT).until(() -> holds(admin, good, "one.example"));
      assertThat(copy(admin, weak)).isNull();
    }
  }

  @Test
  @DisplayName(
      "a namespace whose Role lost the watch verb is unhealthy, naming the permission, while the others keep their copies restored within 2 s; the Role fixed, it is free again")
  void unwatchableNamespaceLeavesTheOthersAlone(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "pullwatch");
    List<String> names = bed.preparePoolNamespaces(2);
    String good = names.get(0);
    String blind = names.get(1);
    source(admin, bed, "one.example");
    Role full = NspoolRoles.poolRole(blind, List.of());
    admin.resource(withoutWatch(full)).update();
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPool("p", List.of(good, blind), "14d", false);
      setPulls(nspool, List.of(PULL));

      PoolNamespace unhealthy = nspool.awaitState("p", blind, ClaimState.QUARANTINED);
      assertThat(unhealthy.getReason()).contains("watch").contains(blind);
      nspool.awaitState("p", good, ClaimState.FREE);
      await().atMost(RunningController.WAIT).until(() -> holds(admin, good, "one.example"));
      admin.secrets().inNamespace(good).withName(PULL).delete();
      await()
          .atMost(Duration.ofSeconds(2))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> holds(admin, good, "one.example"));

      admin.resource(full).update();
      nspool.awaitState("p", blind, ClaimState.FREE);
      await().atMost(RunningController.WAIT).until(() -> holds(admin, blind, "one.example"));
    }
  }

  /** nspool's pool Role with every rule's {@code watch} verb taken away. */
  private static Role withoutWatch(Role full) {
    List<PolicyRule> rules = new ArrayList<>();
    for (PolicyRule rule : full.getRules()) {
      PolicyRule copy = new PolicyRuleBuilder(rule).build();
      List<String> verbs = new ArrayList<>(copy.getVerbs());
      verbs.remove("watch");
      verbs.remove("*");
      if (!verbs.isEmpty()) {
        copy.setVerbs(verbs);
        rules.add(copy);
      }
    }
    return new RoleBuilder(full).withRules(rules).build();
  }

  @Test
  @DisplayName(
      "reports a namespace that refuses the copy (a ResourceQuota allowing no Secrets) unhealthy, naming the Secret and the quota, while the others keep theirs")
  void refusedCopyIsUnhealthy(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "pullquota");
    List<String> names = bed.preparePoolNamespaces(2);
    String good = names.get(0);
    String full = names.get(1);
    source(admin, bed, "one.example");
    admin
        .resource(
            new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder()
                .withNewMetadata()
                .withName("no-secrets")
                .withNamespace(full)
                .endMetadata()
                .withNewSpec()
                .withHard(Map.of("secrets", new io.fabric8.kubernetes.api.model.Quantity("0")))
                .endSpec()
                .build())
        .create();
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPool("p", List.of(good, full), "14d", false);
      setPulls(nspool, List.of(PULL));

      PoolNamespace quarantined = nspool.awaitState("p", full, ClaimState.QUARANTINED);
      assertThat(quarantined.getReason())
          .contains("pull secret Secret " + full + "/" + PULL)
          .contains("exceeded quota");
      await().atMost(RunningController.WAIT).until(() -> holds(admin, good, "one.example"));
      assertThat(nspool.poolEntry("p", good).orElseThrow().getState())
          .isEqualTo(ClaimState.FREE.wireName());
    }
  }

  @Test
  @DisplayName(
      "is in a claimed namespace, named to the chart as imagePullSecrets, and kept through the handover reset to its source")
  void claimedAndHandedOver(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "pullhand");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    source(admin, bed, "one.example");
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", List.of(ns), "14d", true);
      setPulls(nspool, List.of(PULL));
      await().atMost(RunningController.WAIT).until(() -> holds(admin, ns, "one.example"));
      String uid = copy(admin, ns).getMetadata().getUid();

      nspool.createDeployment("t", "p", ns);
      assertThat(nspool.awaitNamespace("t")).isEqualTo(ns);
      await()
          .atMost(RunningController.WAIT)
          .until(
              () ->
                  !admin.apps().deployments().inNamespace(ns).list().getItems().isEmpty()
                      && admin.apps().deployments().inNamespace(ns).list().getItems().stream()
                          .allMatch(
                              d ->
                                  d.getSpec().getTemplate().getSpec().getImagePullSecrets().stream()
                                      .anyMatch(r -> PULL.equals(r.getName()))));
      assertThat(holds(admin, ns, "one.example")).isTrue();

      nspool.deleteDeployment("t");
      nspool.awaitState("p", ns, ClaimState.FREE);

      assertThat(holds(admin, ns, "one.example")).isTrue();
      assertThat(copy(admin, ns).getMetadata().getUid()).as("not scrubbed").isEqualTo(uid);
    }
  }
}
