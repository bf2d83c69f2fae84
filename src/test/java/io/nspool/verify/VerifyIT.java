package io.nspool.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.claim.Claim;
import io.nspool.claim.ClaimState;
import io.nspool.claim.ClaimStore;
import io.nspool.deploy.TenantDeployment;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.localcluster.ServiceAccountIdentity;
import io.nspool.pool.NamespacePool;
import io.nspool.rbac.NspoolRoles;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import io.nspool.verify.Violation.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * nspool verify against the real local cluster: clean after nspool did its work, and every
 * violation provoked for real is reported with its kind and object, as an admin and as nspool.
 */
@LocalKubernetes
@DisplayName("nspool verify on a live cluster")
class VerifyIT {
  private static final Duration READY = Duration.ofMinutes(3);

  private static Report verify(KubernetesClient client, Testbed bed) {
    return new Verifier(
            client,
            bed.controlNamespace(),
            bed.identity().name(),
            Verifier.DEFAULT_GRACE,
            Clock.systemUTC())
        .verify();
  }

  private static String listed(Report report) {
    return report.violations().stream().map(Violation::toString).collect(Collectors.joining("\n"));
  }

  @Test
  @DisplayName(
      "finds no violation while a deployment runs and after it is deleted, as an admin and as nspool's ServiceAccount")
  void cleanAfterACycle(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "vclean");
    List<String> names = bed.preparePoolNamespaces(2);
    try (RunningController nspool = new RunningController(bed, admin);
        KubernetesClient asNspool = bed.nspoolClient()) {
      nspool.createPoolAndAwaitFree("p", names, "14d", false);
      nspool.createDeployment("t", "p", null);
      String ns = nspool.awaitNamespace("t");
      awaitReady(nspool, "t");

      for (KubernetesClient client : List.of(admin, asNspool)) {
        Report running = verify(client, bed);
        assertThat(running.violations()).as(listed(running)).isEmpty();
        assertThat(running.summary())
            .isEqualTo("no violations in 1 pool, 2 namespaces, 1 deployment");
      }

      nspool.deleteDeployment("t");
      await().atMost(RunningController.WAIT).until(() -> nspool.deployment("t") == null);
      nspool.awaitState("p", ns, ClaimState.FREE);

      for (KubernetesClient client : List.of(admin, asNspool)) {
        Report after = verify(client, bed);
        assertThat(after.violations()).as(listed(after)).isEmpty();
        assertThat(after.summary())
            .isEqualTo("no violations in 1 pool, 2 namespaces, 0 deployments");
      }
    }
  }

  @Test
  @DisplayName(
      "reports a ghost claim, two deployments in one namespace, a namespace outside its pool, a tenant's ConfigMap and a changed ServiceAccount in a free namespace, a stuck release and a missing installer")
  void reportsEachViolation(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "vbroken");
    List<String> names = bed.preparePoolNamespaces(4);
    String a = names.get(0);
    String b = names.get(1);
    String c = names.get(2);
    String d = names.get(3);
    String control = bed.controlNamespace();
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", names, "14d", false);
      nspool.createDeployment("t1", "p", a);
      nspool.createDeployment("t2", "p", b);
      awaitReady(nspool, "t1");
      awaitReady(nspool, "t2");
      // nspool would repair most of what follows; with it stopped, it stays for verify to see.
    }
    try (KubernetesClient asNspool = bed.nspoolClient()) {
      TenantDeployment t2 =
          admin.resources(TenantDeployment.class).inNamespace(control).withName("t2").get();
      t2.getStatus().setNamespace(a);
      admin.resource(t2).updateStatus();

      ClaimStore claims = new ClaimStore(admin);
      claims.replace(
          claims.read(c).orElseThrow(),
          new Claim(
              c,
              ClaimState.CLAIMED,
              "ghost-uid",
              control + "/ghost",
              Instant.now().minus(Duration.ofHours(1)),
              null,
              null,
              false));

      admin
          .configMaps()
          .inNamespace(d)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("left-behind")
                  .endMetadata()
                  .addToData("owner", "tenant")
                  .build())
          .create();
      admin
          .serviceAccounts()
          .inNamespace(d)
          .withName("default")
          .edit(
              sa -> {
                sa.getMetadata()
                    .setAnnotations(
                        new HashMap<>(
                            Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/tenant")));
                return sa;
              });

      Secret release = releaseSecret(admin, a, "t1");
      String anHourAgo = Long.toString(Instant.now().minus(Duration.ofHours(1)).getEpochSecond());
      admin
          .secrets()
          .inNamespace(a)
          .withName(release.getMetadata().getName())
          .edit(
              s -> {
                s.getMetadata().getLabels().put("status", "pending-upgrade");
                s.getMetadata().getLabels().put("modifiedAt", anHourAgo);
                return s;
              });

      admin.rbac().roleBindings().inNamespace(c).withName(NspoolRoles.INSTALLER).delete();
      await()
          .atMost(RunningController.WAIT)
          .until(
              () ->
                  admin.rbac().roleBindings().inNamespace(c).withName(NspoolRoles.INSTALLER).get()
                      == null);

      NamespacePool pool =
          admin.resources(NamespacePool.class).inNamespace(control).withName("p").get();
      pool.getSpec().setNamespaces(new ArrayList<>(List.of(a, c, d)));
      admin.resource(pool).update();

      Report asAdmin = verify(admin, bed);
      Tuple[] expected = {
        tuple(Kind.NAMESPACE_BOUND_TWICE, "Namespace " + a),
        tuple(Kind.BINDING_DISAGREES, "TenantDeployment " + control + "/t2"),
        tuple(Kind.ORPHANED_CLAIM, "Lease " + c + "/nspool-claim"),
        tuple(Kind.NAMESPACE_NOT_OWNED, "TenantDeployment " + control + "/t2"),
        tuple(Kind.TENANT_OBJECT_IN_FREE_NAMESPACE, "ConfigMap " + d + "/left-behind"),
        tuple(Kind.KEPT_OBJECT_DIFFERS, "ServiceAccount " + d + "/default"),
        tuple(Kind.HELM_RELEASE_STUCK, "Secret " + a + "/" + release.getMetadata().getName()),
        tuple(Kind.NSPOOL_OBJECT_MISSING, "RoleBinding " + c + "/" + NspoolRoles.INSTALLER)
      };
      assertThat(asAdmin.violations())
          .as(listed(asAdmin))
          .extracting(Violation::kind, Violation::object)
          .containsExactlyInAnyOrder(expected);
      assertThat(asAdmin.summary())
          .startsWith("8 violations in 1 pool, 4 namespaces, 2 deployments");
      assertThat(message(asAdmin, Kind.KEPT_OBJECT_DIFFERS))
          .contains("differs from nspool's content in metadata.annotations");
      assertThat(message(asAdmin, Kind.NAMESPACE_NOT_OWNED))
          .contains("holds namespace " + b + ", which no pool lists");

      Report asItself = verify(asNspool, bed);
      assertThat(asItself.violations())
          .as(listed(asItself))
          .extracting(Violation::kind, Violation::object)
          .containsExactlyInAnyOrder(expected);
    }
  }

  @Test
  @DisplayName(
      "reports what its identity may not read as cannot_check instead of failing, and what an admin sees there")
  void forbiddenIsReported(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "vdenied");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName("p");
    pool.getMetadata().setNamespace(bed.controlNamespace());
    pool.getSpec().setNamespaces(new ArrayList<>(List.of(ns)));
    admin.resource(pool).create();
    admin.rbac().roleBindings().inNamespace(ns).withName(NspoolRoles.ROLE_NAME).delete();
    await()
        .atMost(RunningController.WAIT)
        .until(
            () ->
                admin.rbac().roleBindings().inNamespace(ns).withName(NspoolRoles.ROLE_NAME).get()
                    == null);

    try (KubernetesClient asNspool = bed.nspoolClient();
        KubernetesClient nobody =
            new ServiceAccountIdentity(bed.controlNamespace(), "nobody")
                .ensureExists(admin)
                .client(admin)) {
      await()
          .atMost(RunningController.WAIT)
          .untilAsserted(
              () ->
                  assertThat(verify(asNspool, bed).violations())
                      .extracting(Violation::kind, Violation::object)
                      .containsExactly(tuple(Kind.CANNOT_CHECK, "Namespace " + ns)));
      assertThat(verify(asNspool, bed).violations().get(0).message()).contains("forbidden");

      assertThat(verify(admin, bed).violations())
          .extracting(Violation::kind, Violation::object)
          .containsExactly(tuple(Kind.NSPOOL_OBJECT_MISSING, "RoleBinding " + ns + "/nspool"));

      Report denied = verify(nobody, bed);
      assertThat(denied.violations())
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.kind()).isEqualTo(Kind.CANNOT_CHECK);
                assertThat(v.message()).contains("listing the pools").contains("forbidden");
              });
    }
  }

  private static String message(Report report, Kind kind) {
    return report.violations().stream()
        .filter(v -> v.kind() == kind)
        .findFirst()
        .orElseThrow()
        .message();
  }

  private static void awaitReady(RunningController nspool, String deployment) {
    await()
        .atMost(READY)
        .until(
            () -> {
              TenantDeployment d = nspool.deployment(deployment);
              return d != null && d.getStatus() != null && "Ready".equals(d.getStatus().getPhase());
            });
  }

  private static Secret releaseSecret(KubernetesClient admin, String namespace, String release) {
    await()
        .atMost(RunningController.WAIT)
        .until(
            () ->
                !admin
                    .secrets()
                    .inNamespace(namespace)
                    .withLabel("owner", "helm")
                    .withLabel("name", release)
                    .list()
                    .getItems()
                    .isEmpty());
    return admin
        .secrets()
        .inNamespace(namespace)
        .withLabel("owner", "helm")
        .withLabel("name", release)
        .list()
        .getItems()
        .get(0);
  }
}
