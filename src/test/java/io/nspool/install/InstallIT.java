package io.nspool.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.claim.ClaimState;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PodSecurityLevel;
import io.nspool.rbac.NspoolRoles;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code nspool install} (option 1) against the local cluster, run again and again. */
@LocalKubernetes
@DisplayName("nspool install on the local cluster")
class InstallIT {
  private static final AtomicInteger counter = new AtomicInteger();

  static final PolicyRule KEDA =
      new PolicyRuleBuilder()
          .withApiGroups("keda.sh")
          .withResources("scaledobjects")
          .withVerbs("create", "update", "patch", "delete")
          .build();
  static final PolicyRule BY_HAND =
      new PolicyRuleBuilder()
          .withApiGroups("")
          .withResources("configmaps")
          .withVerbs("deletecollection")
          .withResourceNames("by-hand")
          .build();

  private static InstallPlan plan(String prefix, List<String> namespaces) {
    return new InstallPlan(
        prefix + "-system",
        "nspool",
        "default",
        namespaces,
        "14d",
        false,
        PodSecurityLevel.DEFAULT,
        List.of(),
        List.of(KEDA));
  }

  @Test
  @DisplayName(
      "upgrading an install whose installer ServiceAccount lived in each pool namespace: deletes that one, binds the installer Role to installer-<ns> of the control namespace, and nspool mints the new installer's tokens")
  void upgradeMovesTheInstallerOut(KubernetesClient admin) {
    String prefix = "install-" + counter.incrementAndGet();
    String ns = prefix + "-ns-1";
    InstallPlan plan = plan(prefix, List.of(ns));
    Installer.apply(admin, plan, line -> {});
    // The earlier layout: ServiceAccount nspool-installer in the pool namespace, bound there.
    admin
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata()
                .withName(NspoolRoles.LEGACY_INSTALLER_ACCOUNT)
                .withNamespace(ns)
                .withLabels(NspoolRoles.LABELS)
                .endMetadata()
                .withAutomountServiceAccountToken(false)
                .build())
        .create();
    admin
        .rbac()
        .roleBindings()
        .inNamespace(ns)
        .withName(NspoolRoles.INSTALLER)
        .edit(
            b -> {
              b.getSubjects().get(0).setNamespace(ns);
              b.getSubjects().get(0).setName(NspoolRoles.LEGACY_INSTALLER_ACCOUNT);
              return b;
            });

    assertThat(new io.nspool.doctor.Doctor(admin, plan.controlNamespace(), "nspool").run().checks())
        .filteredOn(c -> c.namespace().equals(ns) && c.name().equals("installer-sa"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status()).isEqualTo(io.nspool.doctor.Check.Status.WARNING);
              assertThat(c.problem()).contains(ns + "/" + NspoolRoles.LEGACY_INSTALLER_ACCOUNT);
            });

    List<String> progress = new ArrayList<>();
    Installer.apply(admin, plan, progress::add);

    assertThat(
            admin
                .serviceAccounts()
                .inNamespace(ns)
                .withName(NspoolRoles.LEGACY_INSTALLER_ACCOUNT)
                .get())
        .as("no ServiceAccount left in the pool namespace for a tenant pod to run as")
        .isNull();
    assertThat(progress)
        .anyMatch(l -> l.startsWith("Deleted the old installer ServiceAccount nspool-installer"));
    String account = io.nspool.rbac.InstallerIdentity.serviceAccountName(ns);
    assertThat(
            admin
                .rbac()
                .roleBindings()
                .inNamespace(ns)
                .withName(NspoolRoles.INSTALLER)
                .get()
                .getSubjects())
        .extracting(s -> s.getNamespace() + "/" + s.getName())
        .containsExactly(plan.controlNamespace() + "/" + account);
    var nspool =
        new io.nspool.localcluster.ServiceAccountIdentity(plan.controlNamespace(), "nspool");
    try (KubernetesClient asNspool = nspool.client(admin)) {
      assertThat(io.nspool.rbac.InstallerIdentity.token(asNspool, plan.controlNamespace(), ns))
          .isNotBlank();
    }
  }

  @Test
  @DisplayName(
      "dynamic mode: creates the pool by label with its ClusterRoles, ClusterRoleBinding and"
          + " admission policy, no pool namespace, then reports no change")
  void dynamicMode(KubernetesClient admin) {
    String prefix = "install-" + counter.incrementAndGet();
    var selector = io.nspool.pool.NamespaceSelector.matchLabels(Map.of("nspool.io/pool", prefix));
    InstallPlan plan =
        new InstallPlan(
            prefix + "-system",
            "nspool",
            "default",
            List.of(),
            "14d",
            false,
            PodSecurityLevel.DEFAULT,
            List.of(),
            List.of(KEDA),
            selector);

    InstallReport first = Installer.apply(admin, plan, line -> {});
    // Straight away: the API server writes the policy's type-checking status a moment after it
    // is created, perhaps between this run's read and its apply; that is no change of ours.
    InstallReport second = Installer.apply(admin, plan, line -> {});

    assertThat(first.entries())
        .extracting(InstallReport.Entry::object)
        .contains(
            "ClusterRole nspool-" + prefix + "-system-dynamic",
            "ClusterRole nspool-" + prefix + "-system-pool",
            "ClusterRoleBinding nspool-" + prefix + "-system-dynamic",
            "ValidatingAdmissionPolicy nspool-" + prefix + "-system-dynamic",
            "ValidatingAdmissionPolicyBinding nspool-" + prefix + "-system-dynamic")
        .noneMatch(o -> o.startsWith("Role ") && !o.startsWith("Role " + prefix + "-system/"));
    assertThat(second.entries()).allMatch(e -> e.outcome() == InstallReport.Outcome.UNCHANGED);
    assertThat(
            admin
                .resources(NamespacePool.class)
                .inNamespace(prefix + "-system")
                .withName("default")
                .get()
                .getSpec()
                .getNamespaceSelector()
                .toString())
        .isEqualTo("nspool.io/pool=" + prefix);
    assertThat(
            admin
                .rbac()
                .clusterRoles()
                .withName("nspool-" + prefix + "-system-pool")
                .get()
                .getRules())
        .contains(KEDA);
  }

  @Test
  @DisplayName(
      "reports every object created, then no change; a rule added by hand is dropped and reported with how to declare it, the declared one kept; a namespace left out stays with the tenant's objects")
  void reportsAndKeeps(KubernetesClient admin) {
    String prefix = "install-" + counter.incrementAndGet();
    String existing = prefix + "-existing";
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(existing).endMetadata().build())
        .create();
    admin
        .configMaps()
        .inNamespace(existing)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("tenant-data")
                .endMetadata()
                .withData(Map.of("k", "v"))
                .build())
        .create();
    String fresh = prefix + "-fresh";
    InstallPlan both = plan(prefix, List.of(fresh, existing));
    List<String> lines = new ArrayList<>();

    InstallReport first = Installer.apply(admin, both, lines::add);
    InstallReport second = Installer.apply(admin, both, lines::add);

    assertThat(first.entries())
        .filteredOn(e -> e.object().contains(prefix))
        .extracting(InstallReport.Entry::outcome)
        .containsOnly(InstallReport.Outcome.CREATED, InstallReport.Outcome.CHANGED);
    assertThat(first.entries())
        .filteredOn(e -> e.object().equals("Namespace " + existing))
        .extracting(InstallReport.Entry::outcome)
        .as("an existing namespace is labelled, not created")
        .containsExactly(InstallReport.Outcome.CHANGED);
    assertThat(second.entries()).allMatch(e -> e.outcome() == InstallReport.Outcome.UNCHANGED);
    assertThat(second.summary()).startsWith("no change");
    assertThat(lines.get(1)).startsWith("no change");

    // An admin adds a rule to the installer Role by hand.
    admin
        .rbac()
        .roles()
        .inNamespace(fresh)
        .withName(NspoolRoles.INSTALLER)
        .edit(
            r -> {
              r.getRules().add(BY_HAND);
              return r;
            });
    InstallReport third = Installer.apply(admin, both, line -> {});

    assertThat(third.entries())
        .filteredOn(e -> e.outcome() != InstallReport.Outcome.UNCHANGED)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.object()).isEqualTo("Role " + fresh + "/" + NspoolRoles.INSTALLER);
              assertThat(e.toString())
                  .contains("dropped rule")
                  .contains("by-hand")
                  .contains("--extra-rules");
            });
    Role installer = admin.rbac().roles().inNamespace(fresh).withName(NspoolRoles.INSTALLER).get();
    assertThat(installer.getRules()).contains(KEDA).doesNotContain(BY_HAND);

    InstallReport shrunk = Installer.apply(admin, plan(prefix, List.of(fresh)), line -> {});

    assertThat(admin.namespaces().withName(existing).get().getMetadata().getDeletionTimestamp())
        .isNull();
    assertThat(admin.configMaps().inNamespace(existing).withName("tenant-data").get()).isNotNull();
    assertThat(
            admin
                .resources(NamespacePool.class)
                .inNamespace(prefix + "-system")
                .withName("default")
                .get()
                .getSpec()
                .getNamespaces())
        .containsExactly(fresh);
    assertThat(shrunk.entries()).noneMatch(e -> e.object().equals("Namespace " + existing));
  }

  @Test
  @DisplayName(
      "the pool's declared installerRules survive a handover; a rule added to the installer Role by hand does not")
  void handoverKeepsDeclaredRules(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "rules");
    String ns = bed.poolNamespace(1);
    Installer.apply(
        admin,
        Installer.poolNamespace(
            ns, bed.controlNamespace(), "nspool", PodSecurityLevel.DEFAULT, List.of(KEDA)));
    try (RunningController nspool = new RunningController(bed, admin)) {
      // Declared from the start: a handover before would reset nspool's Role without them.
      NamespacePool pool = new NamespacePool();
      pool.getMetadata().setName("p");
      pool.getMetadata().setNamespace(bed.controlNamespace());
      io.nspool.pool.PoolSpec spec = new io.nspool.pool.PoolSpec();
      spec.setNamespaces(new ArrayList<>(List.of(ns)));
      spec.setHardDelete(true);
      spec.setInstallerRules(new ArrayList<>(List.of(KEDA)));
      pool.setSpec(spec);
      admin.resource(pool).create();
      nspool.awaitState("p", ns, ClaimState.FREE);
      nspool.createDeployment("t", "p", ns);
      nspool.awaitNamespace("t");
      nspool.awaitState("p", ns, ClaimState.CLAIMED);
      admin
          .rbac()
          .roles()
          .inNamespace(ns)
          .withName(NspoolRoles.INSTALLER)
          .edit(
              r -> {
                r.getRules().add(BY_HAND);
                return r;
              });

      nspool.deleteDeployment("t");

      await()
          .atMost(RunningController.WAIT)
          .untilAsserted(
              () -> {
                assertThat(nspool.poolEntry("p", ns).orElseThrow().getState())
                    .isEqualTo(ClaimState.FREE.wireName());
                Role installer =
                    admin.rbac().roles().inNamespace(ns).withName(NspoolRoles.INSTALLER).get();
                assertThat(installer.getRules())
                    .isEqualTo(NspoolRoles.installerRole(ns, List.of(KEDA)).getRules());
              });
      assertThat(
              admin.rbac().roles().inNamespace(ns).withName(NspoolRoles.ROLE_NAME).get().getRules())
          .as("nspool's own Role keeps them too")
          .contains(KEDA);
    }
  }
}
