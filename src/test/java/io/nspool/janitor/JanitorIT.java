package io.nspool.janitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.claim.ClaimCodec;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.localcluster.ServiceAccountIdentity;
import io.nspool.rbac.NspoolRoles;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The janitor against the real API server, acting as nspool's ServiceAccount with nspool's pool
 * Role; an admin plays the tenant and sets up each fresh pool namespace.
 */
@LocalKubernetes
@DisplayName("The janitor, acting as nspool's ServiceAccount")
class JanitorIT {
  static final ServiceAccountIdentity NSPOOL =
      new ServiceAccountIdentity("nspool-system", "nspool");
  static final Set<ObjectKey> NSPOOL_OBJECTS =
      Set.of(
          ObjectKey.of("rbac.authorization.k8s.io", "roles", NspoolRoles.ROLE_NAME),
          ObjectKey.of("rbac.authorization.k8s.io", "rolebindings", NspoolRoles.ROLE_NAME),
          ObjectKey.of("coordination.k8s.io", "leases", ClaimCodec.LEASE_NAME));
  static final PolicyRule WIDGETS_WRITE =
      new PolicyRuleBuilder()
          .withApiGroups("example.com")
          .withResources("widgets")
          .withVerbs("create", "update", "patch", "delete")
          .build();
  static final Duration DEADLINE = Duration.ofSeconds(60);

  static KubernetesClient admin;
  static KubernetesClient nspool;

  String pool;

  @BeforeAll
  static void installNspoolAndWidgets(KubernetesClient adminClient) {
    admin = adminClient;
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(NSPOOL.namespace())
                .endMetadata()
                .build())
        .serverSideApply();
    NSPOOL.ensureExists(admin);
    nspool = NSPOOL.client(admin);
    admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("widgets.example.com")
                .endMetadata()
                .withNewSpec()
                .withGroup("example.com")
                .withScope("Namespaced")
                .withNewNames()
                .withPlural("widgets")
                .withSingular("widget")
                .withKind("Widget")
                .withListKind("WidgetList")
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .endVersion()
                .endSpec()
                .build())
        .serverSideApply();
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(nspool.getApiResources("example.com/v1").getResources())
                    .anySatisfy(r -> assertThat(r.getName()).isEqualTo("widgets")));
  }

  @AfterAll
  static void closeClient() {
    nspool.close();
  }

  @AfterEach
  void deletePoolNamespace() {
    if (pool != null) {
      admin.namespaces().withName(pool).delete();
    }
  }

  @Test
  @DisplayName(
      "deletes everything a tenant left, keeps nspool's objects and SA default, and is clean")
  void scrubsEverythingTheTenantLeft() {
    // Given a pool namespace whose tenant left all kinds of objects, one of a custom type
    givenPoolNamespace(List.of(WIDGETS_WRITE));
    create(
        new SecretBuilder()
            .withNewMetadata()
            .withName("fernet-key")
            .endMetadata()
            .withStringData(Map.of("key", "s3cr3t"))
            .build());
    create(configMap("airflow-cfg"));
    nspool.configMaps().inNamespace(pool).resource(configMap("written-by-helm")).create();
    create(deployment("scheduler"));
    create(
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName("logs")
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withNewResources()
            .addToRequests("storage", new Quantity("1Gi"))
            .endResources()
            .endSpec()
            .build());
    create(new ServiceAccountBuilder().withNewMetadata().withName("worker").endMetadata().build());
    create(
        new RoleBuilder()
            .withNewMetadata()
            .withName("pod-launcher")
            .endMetadata()
            .addNewRule()
            .withApiGroups("")
            .withResources("pods")
            .withVerbs("create", "delete")
            .endRule()
            .build());
    create(
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName("pod-launcher")
            .endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "Role", "pod-launcher")
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName("worker")
            .withNamespace(pool)
            .endSubject()
            .build());
    create(widget("w1"));
    create(tenantEvent("tenant-event"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(admin.apps().replicaSets().inNamespace(pool).list().getItems())
                  .isNotEmpty();
              assertThat(admin.pods().inNamespace(pool).list().getItems()).isNotEmpty();
              assertThat(
                      admin
                          .persistentVolumeClaims()
                          .inNamespace(pool)
                          .withName("logs")
                          .get()
                          .getMetadata()
                          .getFinalizers())
                  .contains("kubernetes.io/pvc-protection");
            });
    List<String> eventsBefore = uids(admin.v1().events().inNamespace(pool).list().getItems());

    // When
    ScrubReport report = new Janitor(nspool).scrub(pool, NSPOOL_OBJECTS, DEADLINE);

    // Then
    System.err.println(report.summary());
    assertThat(report.clean()).as(report.summary()).isTrue();
    assertThat(report.deleted())
        .contains(
            ObjectKey.of("", "secrets", "fernet-key"),
            ObjectKey.of("apps", "deployments", "scheduler"),
            ObjectKey.of("", "persistentvolumeclaims", "logs"),
            ObjectKey.of("example.com", "widgets", "w1"),
            ObjectKey.of("", "events", "tenant-event"));
    assertThat(admin.secrets().inNamespace(pool).list().getItems()).isEmpty();
    assertThat(names(admin.configMaps().inNamespace(pool).list().getItems()))
        .isSubsetOf("kube-root-ca.crt");
    assertThat(admin.apps().deployments().inNamespace(pool).list().getItems()).isEmpty();
    assertThat(admin.apps().replicaSets().inNamespace(pool).list().getItems()).isEmpty();
    assertThat(admin.pods().inNamespace(pool).list().getItems()).isEmpty();
    assertThat(admin.persistentVolumeClaims().inNamespace(pool).list().getItems()).isEmpty();
    assertThat(
            admin.genericKubernetesResources("example.com/v1", "Widget").inNamespace(pool).list())
        .satisfies(widgets -> assertThat(widgets.getItems()).isEmpty());
    assertThat(uids(admin.v1().events().inNamespace(pool).list().getItems()))
        .doesNotContainAnyElementsOf(eventsBefore);
    assertThat(names(admin.rbac().roles().inNamespace(pool).list().getItems()))
        .containsExactly(NspoolRoles.ROLE_NAME);
    assertThat(names(admin.rbac().roleBindings().inNamespace(pool).list().getItems()))
        .containsExactly(NspoolRoles.ROLE_NAME);
    assertThat(names(admin.leases().inNamespace(pool).list().getItems()))
        .containsExactly(ClaimCodec.LEASE_NAME);
    assertThat(names(admin.serviceAccounts().inNamespace(pool).list().getItems()))
        .containsExactly("default");
  }

  @Test
  @DisplayName(
      "reports an object nspool's Role may not delete as a leftover, naming the missing rule")
  void reportsWhatItIsForbiddenToDelete() {
    // Given a widget in a pool namespace whose Role has no rule for widgets
    givenPoolNamespace(List.of());
    create(widget("w1"));
    create(configMap("airflow-cfg"));

    // When
    ScrubReport report = new Janitor(nspool).scrub(pool, NSPOOL_OBJECTS, DEADLINE);

    // Then
    System.err.println(report.summary());
    assertThat(report.clean()).isFalse();
    assertThat(report.leftovers())
        .singleElement()
        .satisfies(
            leftover -> {
              assertThat(leftover.reason()).isEqualTo(Leftover.Reason.FORBIDDEN_TO_DELETE);
              assertThat(leftover)
                  .hasToString(
                      "widgets.example.com/w1 in "
                          + pool
                          + ": forbidden to delete (nspool's Role has no delete on"
                          + " widgets.example.com)");
            });
    assertThat(report.summary()).contains(report.leftovers().get(0).toString());
    assertThat(report.deleted()).contains(ObjectKey.of("", "configmaps", "airflow-cfg"));
    assertThat(report.took()).as("does not wait for what it may not delete").isLessThan(DEADLINE);
  }

  @Test
  @DisplayName("reports an object held by a finalizer nobody removes, naming the finalizer")
  void reportsWhatAFinalizerHolds() {
    // Given a ConfigMap with a finalizer no controller will ever remove
    givenPoolNamespace(List.of());
    create(
        new ConfigMapBuilder(configMap("held"))
            .editMetadata()
            .withFinalizers("example.com/hold")
            .endMetadata()
            .build());
    try {
      // When
      ScrubReport report = new Janitor(nspool).scrub(pool, NSPOOL_OBJECTS, Duration.ofSeconds(3));

      // Then
      System.err.println(report.summary());
      assertThat(report.clean()).isFalse();
      assertThat(report.leftovers())
          .singleElement()
          .satisfies(
              leftover -> {
                assertThat(leftover.reason()).isEqualTo(Leftover.Reason.TERMINATING);
                assertThat(leftover.toString())
                    .startsWith("configmaps/held in " + pool + ": still terminating after ")
                    .endsWith(", held by finalizer example.com/hold");
              });
      assertThat(report.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    } finally {
      admin
          .configMaps()
          .inNamespace(pool)
          .withName("held")
          .edit(
              cm -> new ConfigMapBuilder(cm).editMetadata().withFinalizers().endMetadata().build());
    }
  }

  @Test
  @DisplayName("is clean though a controller keeps writing events during the scrub")
  void eventsWrittenDuringTheScrubDoNotFailIt() throws Exception {
    // Given a tenant's event, and a controller that writes an event every 50 ms
    givenPoolNamespace(List.of());
    create(tenantEvent("tenant-event"));
    AtomicInteger written = new AtomicInteger();
    ScheduledExecutorService controller = Executors.newSingleThreadScheduledExecutor();
    controller.scheduleWithFixedDelay(
        () -> create(tenantEvent("during-scrub-" + written.incrementAndGet())),
        0,
        50,
        TimeUnit.MILLISECONDS);
    await().until(() -> written.get() > 2);
    ScrubReport report;
    try {
      // When
      report = new Janitor(nspool).scrub(pool, NSPOOL_OBJECTS, DEADLINE);
    } finally {
      controller.shutdownNow();
      controller.awaitTermination(10, TimeUnit.SECONDS);
    }

    // Then
    System.err.println(report.summary());
    assertThat(report.clean()).as(report.summary()).isTrue();
    assertThat(admin.v1().events().inNamespace(pool).withName("tenant-event").get()).isNull();
  }

  @Test
  @DisplayName("never reports a namespace that does not exist as clean")
  void missingNamespaceIsNotClean() {
    // Given a pool entry whose namespace does not exist
    String missing = "pool-missing-" + UUID.randomUUID().toString().substring(0, 8);

    // When
    ScrubReport report = new Janitor(nspool).scrub(missing, NSPOOL_OBJECTS, DEADLINE);

    // Then
    System.err.println(report.summary());
    assertThat(report.clean()).isFalse();
    assertThat(report.leftovers())
        .singleElement()
        .satisfies(
            leftover -> {
              assertThat(leftover.reason()).isEqualTo(Leftover.Reason.NAMESPACE_UNAVAILABLE);
              assertThat(leftover.toString()).startsWith("namespace " + missing + ": forbidden");
            });
  }

  /** A fresh pool namespace with nspool's Role, RoleBinding and claim Lease, as nspool sets it. */
  private void givenPoolNamespace(List<PolicyRule> extraRules) {
    pool = "pool-" + UUID.randomUUID().toString().substring(0, 8);
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(pool).endMetadata().build())
        .create();
    admin.rbac().roles().resource(NspoolRoles.poolRole(pool, extraRules)).create();
    admin
        .rbac()
        .roleBindings()
        .resource(NspoolRoles.binding(pool, NSPOOL.namespace(), NSPOOL.name()))
        .create();
    // RBAC takes effect once the API server's informers have seen the binding.
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                nspool
                        .leases()
                        .inNamespace(pool)
                        .resource(
                            new LeaseBuilder()
                                .withNewMetadata()
                                .withName(ClaimCodec.LEASE_NAME)
                                .endMetadata()
                                .withNewSpec()
                                .withHolderIdentity("deployment-uid")
                                .endSpec()
                                .build())
                        .create()
                    != null);
    // The controller-manager makes "default"; on a loaded machine that took longer than 30 s once.
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> admin.serviceAccounts().inNamespace(pool).withName("default").get() != null);
  }

  private void create(HasMetadata object) {
    object.getMetadata().setNamespace(pool);
    admin.resource(object).create();
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap configMap(String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withData(Map.of("k", "v"))
        .build();
  }

  private static HasMetadata deployment(String name) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(Map.of("app", name))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage("apache/airflow:2.10.5")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static HasMetadata widget(String name) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("example.com/v1")
        .withKind("Widget")
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .build();
  }

  private HasMetadata tenantEvent(String name) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion("v1")
        .withKind("ConfigMap")
        .withName("airflow-cfg")
        .withNamespace(pool)
        .endInvolvedObject()
        .withReason("Written")
        .withMessage("written by the tenant")
        .withType("Normal")
        .build();
  }

  private static List<String> names(List<? extends HasMetadata> objects) {
    return objects.stream().map(o -> o.getMetadata().getName()).toList();
  }

  private static List<String> uids(List<? extends HasMetadata> objects) {
    return objects.stream().map(o -> o.getMetadata().getUid()).toList();
  }
}
