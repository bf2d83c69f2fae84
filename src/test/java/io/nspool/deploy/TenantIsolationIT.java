package io.nspool.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nspool.claim.ClaimCodec;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.PodSecurityLevel;
import io.nspool.rbac.InstallerIdentity;
import io.nspool.rbac.NspoolRoles;
import io.nspool.testing.Testbed;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One tenant's deployment can never reach another's namespace nor nspool's own secrets: proved as
 * an attacker would try it, against the real API server, with Kubernetes RBAC doing the refusing.
 */
@LocalKubernetes
@DisplayName("Tenant isolation")
class TenantIsolationIT {
  private static final Path CROSS_NAMESPACE = Path.of("src/test/resources/charts/cross-namespace");
  private static final Path LOOKUP_THIEF = Path.of("src/test/resources/charts/lookup-thief");

  @Test
  @DisplayName(
      "the installer of one namespace may write there, but reading a Secret of another pool namespace or of nspool's control namespace, or touching the claim object, is forbidden")
  void installerReachesOnlyItsNamespace(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "iso-installer");
    List<String> ns = bed.preparePoolNamespaces(2);
    String mine = ns.get(0);
    String other = ns.get(1);
    secret(admin, other, "fernet", "other-tenants-key");
    try (KubernetesClient nspool = bed.nspoolClient();
        KubernetesClient installer = bed.installerClient(mine)) {
      nspool
          .leases()
          .inNamespace(mine)
          .resource(
              new LeaseBuilder()
                  .withNewMetadata()
                  .withName(ClaimCodec.LEASE_NAME)
                  .endMetadata()
                  .withNewSpec()
                  .withHolderIdentity("someone")
                  .endSpec()
                  .build())
          .create();

      secret(installer, mine, "own", "fine");
      assertThat(installer.secrets().inNamespace(mine).withName("own").get()).isNotNull();

      assertForbidden(() -> installer.secrets().inNamespace(other).withName("fernet").get());
      assertForbidden(() -> installer.secrets().inNamespace(other).list());
      assertForbidden(
          () ->
              installer
                  .secrets()
                  .inNamespace(bed.controlNamespace())
                  .withName(NspoolRoles.USERS_SECRET)
                  .get());
      assertForbidden(() -> installer.secrets().inAnyNamespace().list());
      assertForbidden(
          () ->
              installer
                  .leases()
                  .inNamespace(mine)
                  .withName(ClaimCodec.LEASE_NAME)
                  .edit(
                      l ->
                          new LeaseBuilder(l)
                              .editSpec()
                              .withHolderIdentity("me")
                              .endSpec()
                              .build()));
      assertForbidden(
          () ->
              installer
                  .serviceAccounts()
                  .inNamespace(mine)
                  .withName(NspoolRoles.INSTALLER)
                  .tokenRequest(new io.fabric8.kubernetes.api.model.authentication.TokenRequest()));
    }
  }

  @Test
  @DisplayName(
      "nspool's own identity reads only the Secret it owns in its control namespace, no other")
  void nspoolReadsOnlyItsOwnControlSecrets(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "iso-control");
    secret(admin, bed.controlNamespace(), "database-password", "hunter2");
    try (KubernetesClient nspool = bed.nspoolClient()) {
      assertThat(
              nspool
                  .secrets()
                  .inNamespace(bed.controlNamespace())
                  .withName(NspoolRoles.USERS_SECRET)
                  .get())
          .isNotNull();

      assertForbidden(
          () ->
              nspool
                  .secrets()
                  .inNamespace(bed.controlNamespace())
                  .withName("database-password")
                  .get());
      assertForbidden(() -> nspool.secrets().inNamespace(bed.controlNamespace()).list());
      assertForbidden(
          () -> secret(nspool, bed.controlNamespace(), "planted", "by nspool's identity"));
    }
  }

  @Test
  @DisplayName(
      "pre-flight refuses a chart whose values aim its objects at another pool namespace, naming the object and the values key, and installs nothing")
  void preflightRefusesAnotherNamespace(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "iso-preflight");
    List<String> ns = bed.preparePoolNamespaces(2);
    String mine = ns.get(0);
    String other = ns.get(1);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      Commander commander = new Commander(nspool);

      assertThatThrownBy(
              () ->
                  commander.apply(
                      CROSS_NAMESPACE, mine, "a", Map.of("config", Map.of("ns", other))))
          .isInstanceOfSatisfying(
              HelmException.class,
              e -> {
                assertThat(e.failure().kind()).isEqualTo(HelmFailure.Kind.PREFLIGHT_REFUSED);
                assertThat(e.failure().message())
                    .contains("its own namespace " + mine)
                    .contains(
                        "ConfigMap a-settings is aimed at namespace "
                            + other
                            + " (set by values key config.ns)");
              });

      assertNothingInstalled(admin, mine, other, "a");
    }
  }

  @Test
  @DisplayName(
      "a hook aimed at another pool namespace is refused by pre-flight, which renders hooks too, before anything of the chart is applied")
  void hookIntoAnotherNamespaceIsRefused(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "iso-hook");
    List<String> ns = bed.preparePoolNamespaces(2);
    String mine = ns.get(0);
    String other = ns.get(1);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      assertThatThrownBy(
              () ->
                  new Commander(nspool)
                      .apply(CROSS_NAMESPACE, mine, "h", Map.of("hookNamespace", other)))
          .isInstanceOfSatisfying(
              HelmException.class,
              e ->
                  assertThat(e.failure().message())
                      .contains("pre-flight refused")
                      .contains(
                          "ConfigMap h-hook (hook pre-install,pre-upgrade) is aimed at namespace "
                              + other)
                      .contains("tenant isolation, not a missing rule"));

      assertThat(admin.configMaps().inNamespace(other).withName("h-hook").get()).isNull();
      assertThat(admin.configMaps().inNamespace(mine).withName("h-settings").get())
          .as("pre-flight refused: nothing was applied")
          .isNull();
    }
  }

  @Test
  @DisplayName(
      "with pre-flight switched off, Kubernetes itself refuses the install into another pool namespace, and says it is isolation, not a missing rule")
  void kubernetesRefusesWithoutPreflight(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "iso-rbac");
    List<String> ns = bed.preparePoolNamespaces(2);
    String mine = ns.get(0);
    String other = ns.get(1);
    try (KubernetesClient nspool = bed.nspoolClient()) {
      Commander unchecked = new Commander(nspool, false);

      assertThatThrownBy(
              () -> unchecked.apply(CROSS_NAMESPACE, mine, "a", Map.of("targetNamespace", other)))
          .isInstanceOfSatisfying(
              HelmException.class,
              e -> {
                assertThat(e.failure().kind()).isEqualTo(HelmFailure.Kind.PERMISSION_DENIED);
                assertThat(e.failure().message())
                    .contains(InstallerIdentity.of(bed.controlNamespace(), mine).username())
                    .contains("in namespace " + other)
                    .contains("tenant isolation, not a missing rule")
                    .doesNotContain("Add this rule");
              });

      assertThat(admin.configMaps().inNamespace(other).withName("a-settings").get()).isNull();
      assertThat(admin.rbac().roles().inNamespace(other).withName("a-secret-reader").get())
          .isNull();
      assertThat(admin.rbac().roleBindings().inNamespace(other).withName("a-secret-reader").get())
          .isNull();
    }
  }

  @Test
  @DisplayName(
      "a chart's lookup of another tenant's Secret, of nspool's users Secret and of every Secret cluster-wide renders nothing of them")
  void lookupSeesNothingOutside(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "iso-lookup");
    List<String> ns = bed.preparePoolNamespaces(2);
    String mine = ns.get(0);
    String other = ns.get(1);
    secret(admin, other, "fernet", "other-tenants-key");
    secret(admin, mine, "own", "my-own-value");
    try (KubernetesClient nspool = bed.nspoolClient()) {
      Map<String, Object> values =
          Map.of(
              "targets",
              List.of(
                  Map.of("namespace", other, "name", "fernet"),
                  Map.of("namespace", bed.controlNamespace(), "name", NspoolRoles.USERS_SECRET),
                  Map.of("namespace", mine, "name", "own")));

      String outcome;
      try {
        new Commander(nspool).apply(LOOKUP_THIEF, mine, "thief", values);
        outcome = "installed";
      } catch (HelmException e) {
        outcome = e.failure().message();
      }

      ConfigMap loot = admin.configMaps().inNamespace(mine).withName("thief-loot").get();
      String looted = loot == null ? "" : String.valueOf(loot.getData());
      assertThat(looted + outcome)
          .doesNotContain(b64("other-tenants-key"))
          .doesNotContain("other-tenants-key")
          .doesNotContain("tokenHash");
      assertThat(outcome)
          .as("pre-flight refuses the lookup outside its namespace, which Kubernetes refused")
          .contains("pre-flight refused")
          .contains("lookup of secrets \"fernet\" in namespace " + other);
    }
  }

  @Test
  @DisplayName(
      "a privileged pod is refused by the API server in a baseline pool namespace, and admitted where the pool chose privileged")
  void podSecurityIsEnforced(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "iso-psa");
    String baseline = bed.poolNamespace(1);
    String privileged = bed.poolNamespace(2);
    bed.preparePoolNamespace(baseline, PodSecurityLevel.BASELINE);
    bed.preparePoolNamespace(privileged, PodSecurityLevel.PRIVILEGED);
    try (KubernetesClient nspool = bed.nspoolClient();
        KubernetesClient installer = bed.installerClient(baseline);
        KubernetesClient privilegedInstaller = bed.installerClient(privileged)) {

      assertThatThrownBy(() -> installer.resource(privilegedPod(baseline)).create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e ->
                  assertThat(e.getMessage())
                      .contains("violates PodSecurity \"baseline:latest\"")
                      .contains("privileged"));
      assertThat(admin.pods().inNamespace(baseline).withName("root").get()).isNull();

      privilegedInstaller.resource(privilegedPod(privileged)).create();
      assertThat(admin.pods().inNamespace(privileged).withName("root").get()).isNotNull();
    }
  }

  private static io.fabric8.kubernetes.api.model.Pod privilegedPod(String namespace) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("root")
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("c")
        .withImage("busybox")
        .withNewSecurityContext()
        .withPrivileged(true)
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  @DisplayName(
      "a tenant that may create pods in its namespace cannot run one as the installer: Kubernetes refuses a pod naming the installer's ServiceAccount, which is not in that namespace")
  void tenantPodCannotRunAsTheInstaller(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "iso-sa");
    String mine = bed.preparePoolNamespaces(1).get(0);
    try (KubernetesClient tenant = bed.installerClient(mine)) {
      assertThat(InstallerIdentity.of(bed.controlNamespace(), mine).namespace())
          .as("the installer lives in nspool's control namespace")
          .isEqualTo(bed.controlNamespace());
      assertThat(admin.serviceAccounts().inNamespace(mine).list().getItems())
          .extracting(a -> a.getMetadata().getName())
          .as("no ServiceAccount of nspool's in the pool namespace")
          .containsOnly("default");
      for (String account :
          List.of(
              InstallerIdentity.serviceAccountName(mine), NspoolRoles.LEGACY_INSTALLER_ACCOUNT)) {
        assertThatThrownBy(
                () -> tenant.pods().inNamespace(mine).resource(podAs(mine, account)).create())
            .as("a pod in %s running as ServiceAccount %s", mine, account)
            .isInstanceOfSatisfying(
                KubernetesClientException.class,
                e -> assertThat(e.getMessage()).contains(account).contains("not found"));
      }
    }
  }

  /** What an Airflow pod_override or a chart's Job could ask for. */
  private static io.fabric8.kubernetes.api.model.Pod podAs(String namespace, String account) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("as-" + account)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(account)
        .withAutomountServiceAccountToken(true)
        .addNewContainer()
        .withName("c")
        .withImage("busybox")
        .endContainer()
        .endSpec()
        .build();
  }

  private static void assertNothingInstalled(
      KubernetesClient admin, String mine, String other, String release) {
    for (String namespace : List.of(mine, other)) {
      assertThat(admin.configMaps().inNamespace(namespace).withName(release + "-settings").get())
          .isNull();
      assertThat(admin.configMaps().inNamespace(namespace).withName(release + "-hook").get())
          .isNull();
      assertThat(
              admin
                  .rbac()
                  .roles()
                  .inNamespace(namespace)
                  .withName(release + "-secret-reader")
                  .get())
          .isNull();
    }
    assertThat(
            admin
                .secrets()
                .inNamespace(mine)
                .withLabel("owner", "helm")
                .withLabel("name", release)
                .list()
                .getItems())
        .as("no Helm release record")
        .isEmpty();
  }

  private static void assertForbidden(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  private static void secret(KubernetesClient client, String namespace, String name, String value) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(Map.of("value", value))
                .build())
        .create();
  }

  private static String b64(String value) {
    return java.util.Base64.getEncoder().encodeToString(value.getBytes());
  }
}
