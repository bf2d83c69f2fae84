package io.nspool.pool;

import static io.nspool.pool.DynamicPoolIT.LABEL;
import static io.nspool.pool.DynamicPoolIT.createPool;
import static io.nspool.pool.DynamicPoolIT.label;
import static io.nspool.pool.DynamicPoolIT.namespace;
import static io.nspool.pool.DynamicPoolIT.setUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.claim.ClaimState;
import io.nspool.fault.CrashPoint;
import io.nspool.localcluster.CommandResult;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.rbac.DynamicRoles;
import io.nspool.rbac.NspoolRoles;
import io.nspool.testing.RunningController;
import io.nspool.testing.ServerProcess;
import io.nspool.testing.Testbed;
import io.nspool.verify.Report;
import io.nspool.verify.Verifier;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Dynamic mode against hostile namespaces and leftovers, on the real local cluster, nspool acting
 * as its own ServiceAccount with only what {@code nspool install --namespace-selector} grants.
 */
@LocalKubernetes
@DisplayName("A pool choosing its namespaces by label, given namespaces someone prepared")
class DynamicHostileIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String MALLORY = "mallory";

  private static Role plantedRole(String namespace, String name) {
    return new RoleBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .addToRules(
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("configmaps")
                .withVerbs("get")
                .build())
        .build();
  }

  private static RoleBinding plantedBinding(
      String namespace, String name, String role, String control, boolean alsoNspool) {
    RoleBindingBuilder b =
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            // Forged: the label says nspool made it.
            .withLabels(NspoolRoles.LABELS)
            .endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "Role", role);
    if (alsoNspool) {
      b.addNewSubject()
          .withKind("ServiceAccount")
          .withNamespace(control)
          .withName("nspool")
          .endSubject();
    }
    b.addNewSubject()
        .withKind("User")
        .withApiGroup("rbac.authorization.k8s.io")
        .withName(MALLORY)
        .endSubject();
    return b.build();
  }

  /** Whether mallory may do {@code verb} on {@code resource} in {@code namespace}. */
  private static boolean malloryMay(
      KubernetesClient admin, String verb, String group, String resource, String namespace) {
    return admin
        .authorization()
        .v1()
        .subjectAccessReview()
        .create(
            new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(MALLORY)
                .withNewResourceAttributes()
                .withVerb(verb)
                .withGroup(group)
                .withResource(resource)
                .withNamespace(namespace)
                .endResourceAttributes()
                .endSpec()
                .build())
        .getStatus()
        .getAllowed();
  }

  private static boolean eventNames(KubernetesClient admin, Testbed bed, String... words) {
    return admin.v1().events().inNamespace(bed.controlNamespace()).list().getItems().stream()
        .anyMatch(
            e ->
                "NamespaceNotJoined".equals(e.getReason())
                    && List.of(words).stream().allMatch(w -> e.getMessage().contains(w)));
  }

  @Test
  @DisplayName(
      "a namespace holding a planted RoleBinding nspool that also binds someone else, or a"
          + " binding of someone to the installer's Role, is not joined: quarantined with a reason"
          + " and an event naming the namespace and the object, nothing of it changed, nobody"
          + " gains a right; once the planted objects are deleted it joins with exactly nspool's")
  void plantedObjectsAreNotAdopted(KubernetesClient admin) {
    String tag = "h" + System.nanoTime() % 1_000_000;
    NamespaceSelector selector = NamespaceSelector.matchLabels(Map.of(LABEL, tag));
    Testbed bed = setUp(admin, "dynhostile", selector);
    String control = bed.controlNamespace();
    String planted = bed.poolNamespace(1);
    String sneaky = bed.poolNamespace(2);
    String clean = bed.poolNamespace(3);
    // Prepared before the label, by someone with rights in these namespaces (here: the admin).
    namespace(admin, planted, null);
    admin.resource(plantedRole(planted, NspoolRoles.ROLE_NAME)).create();
    admin
        .resource(plantedBinding(planted, NspoolRoles.ROLE_NAME, "nspool", control, true))
        .create();
    namespace(admin, sneaky, null);
    admin.resource(plantedRole(sneaky, NspoolRoles.INSTALLER)).create();
    admin
        .resource(plantedBinding(sneaky, "sneaky", NspoolRoles.INSTALLER, control, false))
        .create();
    // The Role deleted again: the binding stays, pointing at a name nspool is about to create.
    admin.rbac().roles().inNamespace(sneaky).withName(NspoolRoles.INSTALLER).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                admin.rbac().roles().inNamespace(sneaky).withName(NspoolRoles.INSTALLER).get()
                    == null);

    try (RunningController nspool = new RunningController(bed, admin)) {
      createPool(admin, bed, selector);
      label(admin, planted, tag);
      label(admin, sneaky, tag);
      namespace(admin, clean, tag);
      nspool.awaitState("p", clean, ClaimState.FREE);

      PoolNamespace p = nspool.awaitState("p", planted, ClaimState.QUARANTINED);
      assertThat(p.getReason())
          .contains(
              "not joined",
              "namespace " + planted,
              "RoleBinding " + planted + "/nspool",
              "User " + MALLORY);
      PoolNamespace s = nspool.awaitState("p", sneaky, ClaimState.QUARANTINED);
      assertThat(s.getReason())
          .contains(
              "not joined",
              "RoleBinding " + sneaky + "/sneaky",
              "Role " + NspoolRoles.INSTALLER,
              "User " + MALLORY);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> eventNames(admin, bed, planted, "RoleBinding " + planted + "/nspool"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> eventNames(admin, bed, sneaky, "RoleBinding " + sneaky + "/sneaky"));

      // Nothing of theirs was changed, nothing of nspool's was added, nobody gained a right.
      Role role = admin.rbac().roles().inNamespace(planted).withName("nspool").get();
      assertThat(role.getRules()).isEqualTo(plantedRole(planted, "nspool").getRules());
      assertThat(
              admin
                  .rbac()
                  .roleBindings()
                  .inNamespace(planted)
                  .withName("nspool")
                  .get()
                  .getSubjects())
          .hasSize(2);
      for (String ns : List.of(planted, sneaky)) {
        // Each attempt (every 15 s) makes and removes it again: absent between attempts.
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(200))
            .alias("the join binding is not left in " + ns)
            .until(
                () ->
                    admin
                            .rbac()
                            .roleBindings()
                            .inNamespace(ns)
                            .withName(DynamicRoles.JOIN_BINDING)
                            .get()
                        == null);
        assertThat(admin.leases().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(
                admin.rbac().roleBindings().inNamespace(ns).withName(NspoolRoles.INSTALLER).get())
            .isNull();
        assertThat(malloryMay(admin, "create", "coordination.k8s.io", "leases", ns)).isFalse();
        assertThat(malloryMay(admin, "create", "apps", "deployments", ns)).isFalse();
        assertThat(malloryMay(admin, "get", "", "secrets", ns)).isFalse();
      }
      assertThat(admin.rbac().roles().inNamespace(sneaky).withName(NspoolRoles.INSTALLER).get())
          .isNull();
      assertThat(admin.rbac().roles().inNamespace(sneaky).withName(NspoolRoles.ROLE_NAME).get())
          .isNull();

      // The admin removes what was planted: the namespace joins, with exactly nspool's objects.
      admin.rbac().roleBindings().inNamespace(planted).withName("nspool").delete();
      admin.rbac().roleBindings().inNamespace(sneaky).withName("sneaky").delete();
      nspool.awaitState("p", planted, ClaimState.FREE);
      nspool.awaitState("p", sneaky, ClaimState.FREE);
      assertThat(
              admin
                  .rbac()
                  .roleBindings()
                  .inNamespace(planted)
                  .withName("nspool")
                  .get()
                  .getSubjects())
          .singleElement()
          .satisfies(
              subject -> {
                assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                assertThat(subject.getName()).isEqualTo("nspool");
              });
      assertThat(admin.rbac().roles().inNamespace(planted).withName("nspool").get().getRules())
          .as("the planted Role nobody else is bound to is reset to nspool's rules")
          .isEqualTo(NspoolRoles.poolRole(planted, List.of()).getRules());
      for (String ns : List.of(planted, sneaky)) {
        assertThat(malloryMay(admin, "create", "apps", "deployments", ns)).isFalse();
      }
      Report report =
          new Verifier(admin, control, "nspool", Verifier.DEFAULT_GRACE, Clock.systemUTC())
              .verify();
      assertThat(report.violations()).as(report.summary()).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "halted mid-join, after nspool's RoleBinding and before the installer and the claim object:"
          + " the next server finishes the join, no duplicate or half state, and nspool verify is"
          + " clean")
  void crashMidJoinConverges(LocalCluster cluster, KubernetesClient admin) {
    String tag = "c" + System.nanoTime() % 1_000_000;
    NamespaceSelector selector = NamespaceSelector.matchLabels(Map.of(LABEL, tag));
    Testbed bed = setUp(admin, "dyncrash", selector);
    String ns = bed.poolNamespace(1);
    createPool(admin, bed, selector);
    namespace(admin, ns, tag);
    try (ServerProcess first =
        ServerProcess.start(cluster, admin, bed, CrashPoint.JOIN_AFTER_ROLE_BINDING.wireName())) {
      await().atMost(WAIT).until(() -> !first.alive());
      assertThat(first.crashedAt()).contains(CrashPoint.JOIN_AFTER_ROLE_BINDING.wireName());
    }
    // The half state the crash left: nspool's Role and RoleBinding and the join binding, no
    // installer, no claim object.
    assertThat(admin.rbac().roleBindings().inNamespace(ns).withName("nspool").get()).isNotNull();
    assertThat(
            admin.rbac().roleBindings().inNamespace(ns).withName(DynamicRoles.JOIN_BINDING).get())
        .isNotNull();
    assertThat(admin.rbac().roleBindings().inNamespace(ns).withName(NspoolRoles.INSTALLER).get())
        .isNull();
    assertThat(admin.leases().inNamespace(ns).list().getItems()).isEmpty();

    try (ServerProcess second = ServerProcess.start(cluster, admin, bed)) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                NamespacePool pool =
                    admin
                        .resources(NamespacePool.class)
                        .inNamespace(bed.controlNamespace())
                        .withName("p")
                        .get();
                assertThat(pool.getStatus().getNamespaces())
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getName()).isEqualTo(ns);
                          assertThat(e.getState()).isEqualTo(ClaimState.FREE.wireName());
                        });
              });
      assertThat(
              admin.rbac().roleBindings().inNamespace(ns).withName(DynamicRoles.JOIN_BINDING).get())
          .as("the join binding is removed once the join is finished")
          .isNull();
      assertThat(admin.rbac().roleBindings().inNamespace(ns).list().getItems())
          .extracting(b -> b.getMetadata().getName())
          .containsExactlyInAnyOrder("nspool", NspoolRoles.INSTALLER);
      assertThat(admin.rbac().roles().inNamespace(ns).list().getItems())
          .extracting(r -> r.getMetadata().getName())
          .containsExactlyInAnyOrder("nspool", NspoolRoles.INSTALLER);
      assertThat(admin.leases().inNamespace(ns).list().getItems())
          .extracting(l -> l.getMetadata().getName())
          .containsExactly("nspool-claim");
      Report report =
          new Verifier(
                  admin,
                  bed.controlNamespace(),
                  "nspool",
                  Verifier.DEFAULT_GRACE,
                  Clock.systemUTC())
              .verify();
      assertThat(report.violations()).as(report.summary()).isEmpty();
      assertThat(report.namespaces()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "kubectl cannot switch a pool between a list of names and a selector, either way: refused at"
          + " admission with the rule's message, the pool unchanged and its claimed namespace"
          + " still its deployment's")
  void switchingModeIsRefused(LocalCluster cluster, KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "dynswitch");
    String listed = bed.poolNamespace(1);
    bed.preparePoolNamespace(listed);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("names", List.of(listed), "14d", true);
      nspool.createDeployment("holder", "names", listed);
      nspool.awaitState("names", listed, ClaimState.CLAIMED);

      CommandResult toSelector =
          cluster.kubectl(
              "patch",
              "namespacepool",
              "names",
              "-n",
              bed.controlNamespace(),
              "--type=merge",
              "-p",
              "{\"spec\":{\"namespaces\":[],\"namespaceSelector\":{\"matchLabels\":{\""
                  + LABEL
                  + "\":\"x\"}}}}");
      assertThat(toSelector.exitCode()).isNotZero();
      assertThat(toSelector.stderr())
          .contains("spec.namespaceSelector: a pool keeps the mode it was created with");

      NamespacePool dynamic = new NamespacePool();
      dynamic.getMetadata().setName("labels");
      dynamic.getMetadata().setNamespace(bed.controlNamespace());
      dynamic.getSpec().setNamespaces(null);
      dynamic
          .getSpec()
          .setNamespaceSelector(NamespaceSelector.matchLabels(Map.of(LABEL, "nothing")));
      admin.resource(dynamic).create();
      CommandResult toNames =
          cluster.kubectl(
              "patch",
              "namespacepool",
              "labels",
              "-n",
              bed.controlNamespace(),
              "--type=merge",
              "-p",
              "{\"spec\":{\"namespaceSelector\":null,\"namespaces\":[\"" + listed + "\"]}}");
      assertThat(toNames.exitCode()).isNotZero();
      assertThat(toNames.stderr())
          .contains("spec.namespaceSelector: a pool keeps the mode it was created with");

      // Another selector is no switch: admitted.
      CommandResult otherSelector =
          cluster.kubectl(
              "patch",
              "namespacepool",
              "labels",
              "-n",
              bed.controlNamespace(),
              "--type=merge",
              "-p",
              "{\"spec\":{\"namespaceSelector\":{\"matchLabels\":{\"" + LABEL + "\":\"y\"}}}}");
      assertThat(otherSelector.exitCode()).as(otherSelector.stderr()).isZero();

      assertThat(nspool.pool("names").getSpec().getNamespaceSelector()).isNull();
      assertThat(nspool.pool("names").getSpec().getNamespaces()).containsExactly(listed);
      assertThat(nspool.pool("labels").getSpec().getNamespaces()).isNullOrEmpty();
      assertThat(nspool.poolEntry("names", listed).orElseThrow().getState())
          .isEqualTo(ClaimState.CLAIMED.wireName());
      assertThat(nspool.deployment("holder").getStatus().getNamespace()).isEqualTo(listed);
      assertThat(admin.rbac().roleBindings().inNamespace(listed).withName("nspool").get())
          .isNotNull();
    }
  }
}
