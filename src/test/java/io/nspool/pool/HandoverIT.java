package io.nspool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.claim.ClaimState;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.rbac.NspoolRoles;
import io.nspool.testing.RunningController;
import io.nspool.testing.Testbed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The handover of a namespace to its next tenant, as a hostile previous tenant leaves it: whatever
 * it did to the objects nspool keeps there, they are back to exactly their desired content before
 * the namespace is free, or the namespace is quarantined naming what could not be put back.
 */
@LocalKubernetes
@DisplayName("Handing a namespace over to the next tenant")
class HandoverIT {

  @Test
  @DisplayName(
      "resets nspool's RoleBinding, Role, the installer and ServiceAccount default that a tenant edited, and forged root CA, before the namespace is free again")
  void editedKeptObjectsAreReset(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "handover");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", List.of(ns), "14d", true);
      nspool.createDeployment("t", "p", ns);
      nspool.awaitNamespace("t");
      String installerUid = installerServiceAccount(admin, bed, ns).getMetadata().getUid();

      // What a tenant's workload (or chart) leaves behind for the next tenant.
      admin
          .rbac()
          .roleBindings()
          .inNamespace(ns)
          .withName(NspoolRoles.ROLE_NAME)
          .edit(
              b -> {
                b.getSubjects().add(defaultServiceAccountOf(ns));
                b.getMetadata().setAnnotations(Map.of("tenant", "was-here"));
                return b;
              });
      admin
          .rbac()
          .roles()
          .inNamespace(ns)
          .withName(NspoolRoles.ROLE_NAME)
          .edit(
              r ->
                  new RoleBuilder(r)
                      .addToRules(
                          new PolicyRuleBuilder()
                              .withApiGroups("")
                              .withResources("pods/exec")
                              .withVerbs("create")
                              .build())
                      .build());
      admin
          .rbac()
          .roleBindings()
          .inNamespace(ns)
          .withName(NspoolRoles.INSTALLER)
          .edit(
              b -> {
                b.getSubjects().add(defaultServiceAccountOf(ns));
                return b;
              });
      admin
          .serviceAccounts()
          .inNamespace(ns)
          .withName("default")
          .edit(
              sa -> {
                sa.getMetadata()
                    .setAnnotations(
                        Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/tenant-a"));
                sa.getMetadata().setLabels(Map.of("owner", "tenant-a"));
                sa.setImagePullSecrets(List.of(new LocalObjectReference("tenant-a-registry")));
                sa.setAutomountServiceAccountToken(true);
                return sa;
              });
      admin
          .configMaps()
          .inNamespace(ns)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("kube-root-ca.crt")
                  .endMetadata()
                  .withData(Map.of("ca.crt", "-----BEGIN CERTIFICATE-----\nforged\n"))
                  .build())
          .createOr(existing -> existing.update());

      nspool.deleteDeployment("t");
      nspool.awaitState("p", ns, ClaimState.FREE);

      RoleBinding binding =
          admin.rbac().roleBindings().inNamespace(ns).withName(NspoolRoles.ROLE_NAME).get();
      assertThat(binding.getSubjects())
          .extracting(s -> s.getNamespace() + "/" + s.getName())
          .containsExactly(bed.controlNamespace() + "/nspool");
      assertThat(binding.getMetadata().getAnnotations()).isNullOrEmpty();
      Role role = admin.rbac().roles().inNamespace(ns).withName(NspoolRoles.ROLE_NAME).get();
      assertThat(role.getRules())
          .isEqualTo(NspoolRoles.poolRole(ns, List.of()).getRules())
          .noneMatch(r -> r.getResources().contains("pods/exec"));
      assertThat(
              admin
                  .rbac()
                  .roleBindings()
                  .inNamespace(ns)
                  .withName(NspoolRoles.INSTALLER)
                  .get()
                  .getSubjects())
          .extracting(s -> s.getNamespace() + "/" + s.getName())
          .containsExactly(
              bed.controlNamespace()
                  + "/"
                  + io.nspool.rbac.InstallerIdentity.serviceAccountName(ns));
      assertThat(installerServiceAccount(admin, bed, ns).getMetadata().getUid())
          .as("the installer is created anew: no token minted before the handover still works")
          .isNotEqualTo(installerUid);
      ServiceAccount pristine = admin.serviceAccounts().inNamespace(ns).withName("default").get();
      assertThat(pristine.getMetadata().getAnnotations()).isNullOrEmpty();
      assertThat(pristine.getMetadata().getLabels()).isNullOrEmpty();
      assertThat(pristine.getImagePullSecrets()).isNullOrEmpty();
      assertThat(pristine.getAutomountServiceAccountToken()).isNull();
      assertThat(admin.configMaps().inNamespace(ns).withName("kube-root-ca.crt").get())
          .as("a root CA that is not the cluster's is gone")
          .satisfiesAnyOf(
              cm -> assertThat(cm).isNull(),
              cm -> assertThat(cm.getData().get("ca.crt")).doesNotContain("forged"));
    }
  }

  @Test
  @DisplayName(
      "quarantines the namespace, naming the Role, when a tenant took a permission out of nspool's Role that nspool cannot give itself back, and frees it once an admin restores the Role")
  void unresettableRoleQuarantines(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "handover-q");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    try (RunningController nspool = new RunningController(bed, admin)) {
      nspool.createPoolAndAwaitFree("p", List.of(ns), "14d", true);
      nspool.createDeployment("t", "p", ns);
      nspool.awaitNamespace("t");
      Role full = NspoolRoles.poolRole(ns, List.of());
      admin
          .rbac()
          .roles()
          .inNamespace(ns)
          .withName(NspoolRoles.ROLE_NAME)
          .edit(
              r ->
                  new RoleBuilder(r)
                      .withRules(
                          // A type no chart here uses: the scrub still works, but nspool can no
                          // longer grant it, so neither its own Role nor the installer's can be
                          // reset.
                          r.getRules().stream()
                              .map(
                                  rule ->
                                      new PolicyRuleBuilder(rule)
                                          .withResources(
                                              rule.getResources().stream()
                                                  .filter(x -> !x.equals("podtemplates"))
                                                  .toList())
                                          .build())
                              .toList())
                      .build());

      nspool.deleteDeployment("t");
      PoolNamespace quarantined = nspool.awaitState("p", ns, ClaimState.QUARANTINED);

      assertThat(quarantined.getReason()).contains("podtemplates");

      admin.resource(full).update();
      nspool.awaitState("p", ns, ClaimState.FREE);
    }
  }

  @Test
  @DisplayName(
      "as the most a chart can be (the installer): may not add a subject to nspool's RoleBinding; stripping nspool's Role keeps the namespace out of everyone's hands, named, until an admin restores it, and the handover then resets what the chart changed")
  void whatAChartCanDoToKeptObjects(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "handover-chart");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    try (RunningController nspool = new RunningController(bed, admin);
        KubernetesClient installer = bed.installerClient(ns)) {
      nspool.createPoolAndAwaitFree("p", List.of(ns), "14d", true);
      nspool.createDeployment("t", "p", ns);
      nspool.awaitNamespace("t");

      assertThatThrownBy(
              () ->
                  installer
                      .rbac()
                      .roleBindings()
                      .inNamespace(ns)
                      .withName(NspoolRoles.ROLE_NAME)
                      .edit(
                          b -> {
                            b.getSubjects().add(defaultServiceAccountOf(ns));
                            return b;
                          }))
          .as("Kubernetes: binding nspool's Role needs every permission in it")
          .isInstanceOfSatisfying(
              io.fabric8.kubernetes.client.KubernetesClientException.class,
              e -> assertThat(e.getCode()).isEqualTo(403));
      installer
          .serviceAccounts()
          .inNamespace(ns)
          .withName("default")
          .edit(
              sa -> {
                sa.setImagePullSecrets(List.of(new LocalObjectReference("tenant-registry")));
                return sa;
              });
      // What the installer holds itself it may leave in nspool's Role: the Leases rule goes.
      installer
          .rbac()
          .roles()
          .inNamespace(ns)
          .withName(NspoolRoles.ROLE_NAME)
          .edit(
              r ->
                  new RoleBuilder(r)
                      .withRules(NspoolRoles.installerRole(ns, List.of()).getRules())
                      .build());

      nspool.deleteDeployment("t");

      // nspool can no longer even write the claim object: the namespace stays held, never
      // offered, and the pool says what nspool lost.
      await()
          .atMost(RunningController.WAIT)
          .untilAsserted(
              () ->
                  assertThat(nspool.poolEntry("p", ns).orElseThrow().getReason())
                      .contains("lacks")
                      .contains("leases"));
      assertThat(nspool.poolEntry("p", ns).orElseThrow().getState())
          .isEqualTo(ClaimState.CLAIMED.wireName());

      admin.resource(NspoolRoles.poolRole(ns, List.of())).update();

      nspool.awaitState("p", ns, ClaimState.FREE);
      assertThat(
              admin
                  .serviceAccounts()
                  .inNamespace(ns)
                  .withName("default")
                  .get()
                  .getImagePullSecrets())
          .isNullOrEmpty();
    }
  }

  /** The subject a tenant would add: the ServiceAccount its own pods run as. */
  private static io.fabric8.kubernetes.api.model.rbac.Subject defaultServiceAccountOf(String ns) {
    return new SubjectBuilder()
        .withKind("ServiceAccount")
        .withName("default")
        .withNamespace(ns)
        .build();
  }

  /** The installer of {@code ns}: a ServiceAccount of the control namespace. */
  private static ServiceAccount installerServiceAccount(
      KubernetesClient admin, Testbed bed, String ns) {
    return admin
        .serviceAccounts()
        .inNamespace(bed.controlNamespace())
        .withName(io.nspool.rbac.InstallerIdentity.serviceAccountName(ns))
        .get();
  }
}
