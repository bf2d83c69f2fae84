package io.nspool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nspool.claim.Claim;
import io.nspool.claim.ClaimState;
import io.nspool.claim.ClaimStore;
import io.nspool.claim.StoredClaim;
import io.nspool.deploy.TenantDeployment;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Pool membership, health, orphans and disagreement, while nspool runs as its ServiceAccount. */
@LocalKubernetes
@DisplayName("A running pool")
class LivePoolIT {

  @Test
  @DisplayName(
      "drains a removed claimed namespace until release, drops a removed free one at once, and takes a new one without restart")
  void membershipChangesLive(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "members");
    List<String> names = bed.preparePoolNamespaces(3);
    String a = names.get(0);
    String b = names.get(1);
    String c = names.get(2);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPool("p", List.of(a, b), "14d", false);
      nspool.awaitState("p", b, ClaimState.FREE);
      nspool.createDeployment("t", "p", a);
      assertThat(nspool.awaitNamespace("t")).isEqualTo(a);

      nspool.editPool("p", spec -> spec.setNamespaces(new ArrayList<>(List.of(c))));

      nspool.awaitState("p", a, ClaimState.DRAINING);
      nspool.awaitState("p", c, ClaimState.FREE);
      await().atMost(RunningController.WAIT).until(() -> nspool.poolEntry("p", b).isEmpty());
      assertThat(new ClaimStore(admin).read(b)).isEmpty();
      assertThat(nspool.deployment("t").getStatus().getNamespace()).isEqualTo(a);

      nspool.deleteDeployment("t");

      await().atMost(RunningController.WAIT).until(() -> nspool.poolEntry("p", a).isEmpty());
      assertThat(new ClaimStore(admin).read(a)).isEmpty();
      assertThat(nspool.pool("p").getStatus().getTotal()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "quarantines a listed namespace that does not exist, and it recovers by itself once created with its Role")
  void missingNamespaceRecovers(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "missing");
    String ghost = bed.poolNamespace(1);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPool("p", List.of(ghost), "14d", false);

      PoolNamespace quarantined = nspool.awaitState("p", ghost, ClaimState.QUARANTINED);
      assertThat(quarantined.getReason()).contains(ghost).contains("does not exist");

      bed.preparePoolNamespace(ghost);

      nspool.awaitState("p", ghost, ClaimState.FREE);
    }
  }

  @Test
  @DisplayName(
      "quarantines a namespace whose Role lacks a permission, naming it, and frees it once the Role is fixed")
  void insufficientRbacQuarantinesThenRecovers(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "rbac");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    Role full = Testbed.weakenPoolRole(admin, ns, "secrets");
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPool("p", List.of(ns), "14d", false);

      PoolNamespace quarantined = nspool.awaitState("p", ns, ClaimState.QUARANTINED);
      assertThat(quarantined.getReason()).contains("delete secrets").contains("lacks");

      admin.resource(full).update();

      nspool.awaitState("p", ns, ClaimState.FREE);
    }
  }

  @Test
  @DisplayName(
      "quarantines a namespace whose Pod Security label is looser than its pool asks for, naming the label to set, and frees it once an admin sets it")
  void looserPodSecurityQuarantinesThenRecovers(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "psa");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns, PodSecurityLevel.BASELINE);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPool("p", List.of(ns), "14d", false);
      nspool.editPool("p", spec -> spec.setPodSecurity(PodSecurityLevel.RESTRICTED));

      PoolNamespace quarantined = nspool.awaitState("p", ns, ClaimState.QUARANTINED);
      assertThat(quarantined.getReason())
          .contains("enforces Pod Security level baseline, looser than its pool's restricted")
          .contains("pod-security.kubernetes.io/enforce=restricted");

      admin
          .namespaces()
          .withName(ns)
          .edit(
              n -> {
                n.getMetadata().getLabels().put(PodSecurityLevel.ENFORCE_LABEL, "restricted");
                return n;
              });

      nspool.awaitState("p", ns, ClaimState.FREE);
    }
  }

  @Test
  @DisplayName(
      "refuses a retention nspool refuses at admission, and reports what the CRD cannot see (a namespace another pool owns) once, then writes nothing to the pool while it stays so")
  void invalidSpecIsReportedOnce(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "noloop");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("first", List.of(ns), "14d", false);
      nspool.createPool("p", List.of(ns), "14d", false);

      assertThatThrownBy(() -> nspool.editPool("p", spec -> spec.setRetention("0s")))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
          .hasMessageContaining("spec.retention")
          .hasMessageContaining("must be positive");
      await()
          .atMost(RunningController.WAIT)
          .until(
              () ->
                  nspool.pool("p").getStatus() != null
                      && nspool.pool("p").getStatus().getConditions().stream()
                          .anyMatch(
                              c ->
                                  "SpecValid".equals(c.getType())
                                      && "False".equals(c.getStatus())
                                      && c.getMessage().contains("already belongs to pool")));
      NamespacePool reported = nspool.pool("p");
      String settled = reported.getMetadata().getResourceVersion();
      // Five resyncs of the test controller, and every event they could cause.
      await()
          .during(java.time.Duration.ofSeconds(5))
          .atMost(java.time.Duration.ofSeconds(8))
          .until(() -> nspool.pool("p").getMetadata().getResourceVersion().equals(settled));
      assertThat(nspool.pool("p").getStatus().getConditions())
          .isEqualTo(reported.getStatus().getConditions());
    }
  }

  @Test
  @DisplayName(
      "never claims, for a younger pool, a namespace an older pool owns that the younger one also lists")
  void overlappingPoolClaimsNothingItDoesNotOwn(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "overlap");
    String shared = bed.poolNamespace(1);
    bed.preparePoolNamespace(shared);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("first", List.of(shared), "14d", false);
      nspool.createPool("second", List.of(shared), "14d", false);
      await()
          .atMost(RunningController.WAIT)
          .until(
              () ->
                  nspool.pool("second").getStatus() != null
                      && nspool.pool("second").getStatus().getConditions().stream()
                          .anyMatch(c -> c.getMessage().contains("already belongs to pool")));

      nspool.createDeployment("x1", "second", null);

      await()
          .atMost(RunningController.WAIT)
          .untilAsserted(
              () ->
                  assertThat(nspool.deployment("x1").getStatus().getConditions())
                      .anySatisfy(
                          c -> {
                            assertThat(c.getType()).isEqualTo("NamespaceClaimed");
                            assertThat(c.getReason()).isEqualTo("PoolExhausted");
                          }));
      assertThat(nspool.poolEntry("first", shared).orElseThrow().getState())
          .isEqualTo(ClaimState.FREE.wireName());
      assertThat(nspool.deployment("x1").getStatus().getNamespace()).isNull();
    }
  }

  @Test
  @DisplayName(
      "a namespace claimed for a younger pool and then listed by an older one drains from the younger, is left to its deployment until released, then joins the older pool: its claim object never written back and forth")
  void namespaceMovingToAnOlderPoolWhileClaimed(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "moving");
    List<String> ns = bed.preparePoolNamespaces(2);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("older", List.of(ns.get(0)), "14d", false);
      nspool.createPoolAndAwaitFree("younger", List.of(ns.get(1)), "14d", false);
      nspool.createDeployment("x1", "younger", ns.get(1));
      nspool.awaitState("younger", ns.get(1), ClaimState.CLAIMED);

      // kubectl: the older pool now lists it too, so the older pool owns it.
      nspool.editPool("older", spec -> spec.getNamespaces().add(ns.get(1)));
      nspool.awaitState("younger", ns.get(1), ClaimState.DRAINING);
      io.fabric8.kubernetes.api.model.coordination.v1.Lease drained = claimLease(admin, ns.get(1));
      await()
          .during(java.time.Duration.ofSeconds(5))
          .atMost(java.time.Duration.ofSeconds(8))
          .until(
              () ->
                  claimLease(admin, ns.get(1))
                      .getMetadata()
                      .getResourceVersion()
                      .equals(drained.getMetadata().getResourceVersion()));
      assertThat(drained.getMetadata().getAnnotations())
          .containsEntry(io.nspool.claim.ClaimCodec.STATE, "draining")
          .containsEntry(io.nspool.claim.ClaimCodec.DEPLOYMENT, bed.controlNamespace() + "/x1");
      assertThat(nspool.deployment("x1").getStatus().getNamespace()).isEqualTo(ns.get(1));

      nspool.deleteDeployment("x1");
      nspool.awaitState("older", ns.get(1), ClaimState.FREE);
      await()
          .atMost(RunningController.WAIT)
          .until(
              () ->
                  nspool.pool("younger").getStatus().getNamespaces().stream()
                      .noneMatch(n -> n.getName().equals(ns.get(1))));
      io.fabric8.kubernetes.api.model.coordination.v1.Lease freed = claimLease(admin, ns.get(1));
      await()
          .during(java.time.Duration.ofSeconds(5))
          .atMost(java.time.Duration.ofSeconds(8))
          .until(
              () ->
                  claimLease(admin, ns.get(1))
                      .getMetadata()
                      .getResourceVersion()
                      .equals(freed.getMetadata().getResourceVersion()));
      assertThat(freed.getMetadata().getAnnotations())
          .containsEntry(io.nspool.claim.ClaimCodec.STATE, "free")
          .containsEntry(io.nspool.claim.ClaimCodec.LEAVING, "false");
    }
  }

  @Test
  @DisplayName(
      "a claim Lease deleted with kubectl under a running deployment: the namespace is scrubbed before it is offered again, never free with the tenant's release in it, and the deployment claims again")
  void deletedClaimLeaseUnderATenant(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "lostlease");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    java.nio.file.Path chart = java.nio.file.Path.of("src/test/resources/charts/no-workloads");
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", List.of(ns), "14d", false);
      nspool.setCharts(
          "p", io.nspool.chart.ChartEntry.path("no-workloads", chart.toAbsolutePath().toString()));
      nspool.createDeployment("t", "p", ns, "no-workloads");
      await()
          .atMost(RunningController.WAIT)
          .until(() -> "Ready".equals(phaseOf(nspool.deployment("t"))));
      String firstUid = helmRecord(admin, ns).getMetadata().getUid();

      List<String> recreated = new java.util.concurrent.CopyOnWriteArrayList<>();
      java.util.concurrent.atomic.AtomicBoolean deleted =
          new java.util.concurrent.atomic.AtomicBoolean();
      try (io.fabric8.kubernetes.client.Watch watch =
          admin
              .leases()
              .inNamespace(ns)
              .withName(io.nspool.claim.ClaimCodec.LEASE_NAME)
              .watch(
                  new io.fabric8.kubernetes.client.Watcher<>() {
                    @Override
                    public void eventReceived(
                        Action action, io.fabric8.kubernetes.api.model.coordination.v1.Lease l) {
                      // The watch starts with the Lease as it is: only what follows the
                      // delete is nspool's answer.
                      if (action == Action.DELETED) {
                        deleted.set(true);
                      } else if (action == Action.ADDED && deleted.get()) {
                        recreated.add(
                            l.getMetadata().getAnnotations().get(io.nspool.claim.ClaimCodec.STATE));
                      }
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
                  })) {
        admin.leases().inNamespace(ns).withName(io.nspool.claim.ClaimCodec.LEASE_NAME).delete();
        await().atMost(RunningController.WAIT).until(() -> !recreated.isEmpty());
      }
      assertThat(recreated.get(0))
          .as("the claim object nspool writes back for a namespace a tenant may still be using")
          .isEqualTo(ClaimState.CLEANING.wireName());

      await()
          .atMost(RunningController.WAIT)
          .until(
              () ->
                  "Ready".equals(phaseOf(nspool.deployment("t")))
                      && helmRecord(admin, ns) != null
                      && !helmRecord(admin, ns).getMetadata().getUid().equals(firstUid));
      assertThat(nspool.deployment("t").getStatus().getNamespace()).isEqualTo(ns);
      io.nspool.verify.Report report =
          new io.nspool.verify.Verifier(
                  admin,
                  bed.controlNamespace(),
                  bed.identity().name(),
                  java.time.Duration.ZERO,
                  java.time.Clock.systemUTC())
              .verify();
      assertThat(report.violations()).as(report.summary()).isEmpty();
    }
  }

  private static String phaseOf(TenantDeployment d) {
    return d == null || d.getStatus() == null ? null : d.getStatus().getPhase();
  }

  private static io.fabric8.kubernetes.api.model.Secret helmRecord(
      KubernetesClient admin, String ns) {
    return admin.secrets().inNamespace(ns).withLabel("owner", "helm").list().getItems().stream()
        .findFirst()
        .orElse(null);
  }

  private static io.fabric8.kubernetes.api.model.coordination.v1.Lease claimLease(
      KubernetesClient admin, String namespace) {
    return admin
        .leases()
        .inNamespace(namespace)
        .withName(io.nspool.claim.ClaimCodec.LEASE_NAME)
        .get();
  }

  @Test
  @DisplayName("scrubs and frees a claim whose deployment no longer exists, after the grace period")
  void orphanedClaimIsFreed(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "orphan");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", List.of(ns), "14d", false);
      // A claim written for a deployment that was never recorded (nspool crashed in between).
      ClaimStore store = new ClaimStore(nspool.nspool());
      StoredClaim free = store.read(ns).orElseThrow();
      store.replace(
          free,
          new Claim(
              ns, ClaimState.CLAIMED, "no-such-uid", "x/ghost", Instant.now(), null, null, false));
      admin
          .configMaps()
          .inNamespace(ns)
          .resource(new ConfigMapBuilder().withNewMetadata().withName("left").endMetadata().build())
          .create();

      nspool.awaitState("p", ns, ClaimState.FREE);

      assertThat(admin.configMaps().inNamespace(ns).withName("left").get()).isNull();
    }
  }

  @Test
  @DisplayName(
      "quarantines a namespace the janitor cannot verify clean, naming what is left, and frees it once that is gone")
  void failedScrubQuarantinesThenRecovers(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "scrubfail");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", List.of(ns), "14d", true);
      nspool.createDeployment("t", "p", null);
      nspool.awaitNamespace("t");
      admin
          .configMaps()
          .inNamespace(ns)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("held")
                  .withFinalizers("example.com/hold")
                  .endMetadata()
                  .build())
          .create();

      nspool.deleteDeployment("t");

      PoolNamespace quarantined = nspool.awaitState("p", ns, ClaimState.QUARANTINED);
      assertThat(quarantined.getReason()).contains("configmaps/held").contains("example.com/hold");
      assertThat(quarantined.getDeployment()).isNull();

      admin
          .configMaps()
          .inNamespace(ns)
          .withName("held")
          .edit(
              cm -> {
                cm.getMetadata().setFinalizers(List.of());
                return cm;
              });

      nspool.awaitState("p", ns, ClaimState.FREE);
    }
  }

  @Test
  @DisplayName(
      "when a deployment's status disagrees with the claim object, the claim object wins and the deployment says so")
  void claimObjectWins(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "agree");
    List<String> names = bed.preparePoolNamespaces(2);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", names, "14d", false);
      nspool.createDeployment("t", "p", names.get(0));
      assertThat(nspool.awaitNamespace("t")).isEqualTo(names.get(0));

      TenantDeployment d = nspool.deployment("t");
      d.getStatus().setNamespace(names.get(1));
      admin.resource(d).updateStatus();

      await()
          .atMost(RunningController.WAIT)
          .untilAsserted(
              () -> {
                TenantDeployment now = nspool.deployment("t");
                assertThat(now.getStatus().getNamespace()).isEqualTo(names.get(0));
                assertThat(SeedScenarioIT.condition(now, "BindingCorrected"))
                    .isNotNull()
                    .satisfies(c -> assertThat(c.getMessage()).contains("claim object wins"));
              });
      assertThat(nspool.poolEntry("p", names.get(1)).orElseThrow().getState()).isEqualTo("free");
    }
  }

  @Test
  @DisplayName("records every transition as an Event on the pool in the control namespace")
  void transitionsAreAudited(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "audit");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", List.of(ns), "14d", true);
      nspool.createDeployment("t", "p", null);
      nspool.awaitNamespace("t");
      nspool.deleteDeployment("t");
      nspool.awaitState("p", ns, ClaimState.CLEANING);
      nspool.awaitState("p", ns, ClaimState.FREE);

      await()
          .atMost(RunningController.WAIT)
          .untilAsserted(
              () -> {
                List<Event> events =
                    admin.v1().events().inNamespace(bed.controlNamespace()).list().getItems();
                assertThat(events)
                    .filteredOn(e -> "NamespacePool".equals(e.getInvolvedObject().getKind()))
                    .extracting(Event::getReason)
                    .contains("NamespaceJoined", "Claimed", "Cleaning", "Free");
                assertThat(events)
                    .filteredOn(e -> "Claimed".equals(e.getReason()))
                    .anySatisfy(
                        e ->
                            assertThat(e.getMessage())
                                .contains(ns)
                                .contains("free -> claimed")
                                .contains(bed.controlNamespace() + "/t"));
              });
    }
  }
}
