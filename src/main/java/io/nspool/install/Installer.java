package io.nspool.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PodSecurityLevel;
import io.nspool.pool.PoolSpec;
import io.nspool.rbac.NspoolRoles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Creates (or renders) everything nspool needs before it runs: its CRDs, the control namespace with
 * nspool's ServiceAccount and Role, every pool namespace with nspool's Role and RoleBinding, and
 * the NamespacePool. Applied with server-side apply, so running it again changes nothing.
 */
public final class Installer {
  static final List<String> CRDS =
      List.of("crds/namespacepools.nspool.io-v1.yml", "crds/tenantdeployments.nspool.io-v1.yml");
  static final String FIELD_MANAGER = "nspool-install";

  private Installer() {}

  /**
   * Every object of the plan, in the order they must be applied. Built by the same Java code whose
   * rules the chart is generated from (ChartDriftTest), and equal, object for object and field for
   * field, to what the chart renders for the same settings (ChartTest); {@link #render} prints the
   * chart itself. Applying needs no Helm (its native library costs seconds to load).
   */
  public static List<HasMetadata> manifests(
      InstallPlan plan, KubernetesSerialization serialization) {
    List<HasMetadata> objects = new ArrayList<>(crds(serialization));
    objects.addAll(control(plan.controlNamespace(), plan.serviceAccount(), plan.pullSecrets()));
    if (plan.dynamic()) {
      objects.addAll(
          io.nspool.rbac.DynamicRoles.objects(
              plan.controlNamespace(),
              plan.serviceAccount(),
              plan.namespaceSelector(),
              plan.allInstallerRules()));
    }
    for (String ns : plan.poolNamespaces()) {
      objects.addAll(
          poolNamespace(
              ns,
              plan.controlNamespace(),
              plan.serviceAccount(),
              plan.podSecurity(),
              plan.allInstallerRules()));
    }
    objects.add(pool(plan));
    return objects;
  }

  private static String renderChart(InstallPlan plan) {
    return InstallChart.render(
        InstallChart.bundled(), plan.controlNamespace(), InstallChart.values(plan));
  }

  /**
   * The control namespace with nspool's ServiceAccount, its Role and RoleBinding, and the users'
   * Secret (created empty: nspool may update it but not create Secrets there).
   */
  public static List<HasMetadata> control(String controlNamespace, String serviceAccount) {
    return control(controlNamespace, serviceAccount, List.of());
  }

  /** The same, with nspool's Role also reading the named pull secrets ({@code --pull-secret}). */
  public static List<HasMetadata> control(
      String controlNamespace, String serviceAccount, List<String> pullSecrets) {
    return List.of(
        // Labelled: an apply owning no field of it would rewrite its managedFields every run.
        namespace(controlNamespace, NspoolRoles.LABELS),
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName(serviceAccount)
            .withNamespace(controlNamespace)
            .withLabels(NspoolRoles.LABELS)
            .endMetadata()
            .build(),
        NspoolRoles.controlRole(controlNamespace, pullSecrets),
        NspoolRoles.binding(controlNamespace, controlNamespace, serviceAccount),
        // No data here: server-side apply then never touches the users nspool has stored.
        new SecretBuilder()
            .withNewMetadata()
            .withName(NspoolRoles.USERS_SECRET)
            .withNamespace(controlNamespace)
            .withLabels(NspoolRoles.LABELS)
            .endMetadata()
            .build());
  }

  /**
   * One pool namespace, labelled for Pod Security Admission, with nspool's Role and a RoleBinding
   * to its ServiceAccount, and the installer Helm acts as: its ServiceAccount with the Role and
   * RoleBinding letting nspool mint its tokens in the control namespace, its Role and RoleBinding
   * in the pool namespace.
   */
  public static List<HasMetadata> poolNamespace(
      String namespace,
      String controlNamespace,
      String serviceAccount,
      PodSecurityLevel podSecurity) {
    return poolNamespace(namespace, controlNamespace, serviceAccount, podSecurity, List.of());
  }

  /** The same, with the pool's extra installer rules in nspool's and the installer's Role. */
  public static List<HasMetadata> poolNamespace(
      String namespace,
      String controlNamespace,
      String serviceAccount,
      PodSecurityLevel podSecurity,
      List<PolicyRule> installerRules) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(namespace(namespace, podSecurity.namespaceLabels()));
    objects.add(NspoolRoles.poolRole(namespace, installerRules));
    objects.add(NspoolRoles.binding(namespace, controlNamespace, serviceAccount));
    objects.addAll(NspoolRoles.installerInControl(controlNamespace, namespace, serviceAccount));
    objects.addAll(NspoolRoles.installerInPool(controlNamespace, namespace, installerRules));
    return objects;
  }

  /** Applies objects as the installer does (its own field manager, taking over conflicts). */
  public static void apply(KubernetesClient admin, List<HasMetadata> objects) {
    for (HasMetadata object : objects) {
      admin.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }
  }

  /**
   * Option 2: the manifests as one YAML stream for an admin to review and apply: exactly what the
   * chart renders with the same settings ({@code helm template --include-crds}).
   */
  public static String render(InstallPlan plan, KubernetesSerialization serialization) {
    return "# nspool install --render: apply with kubectl apply --server-side -f -\n"
        + renderChart(plan);
  }

  /**
   * Option 1: applies the plan with the given (admin) client and reports, per object, whether it
   * was created, changed or already as declared ({@code progress} gets the summary). Deletes
   * nothing but the old in-namespace installer ServiceAccount of an earlier install ({@link
   * #deleteLegacyInstallers}): a namespace left out of the pool stays, with everything in it.
   */
  public static InstallReport apply(
      KubernetesClient admin, InstallPlan plan, Consumer<String> progress) {
    List<HasMetadata> objects = manifests(plan, admin.getKubernetesSerialization());
    List<InstallReport.Entry> entries = new ArrayList<>();
    for (HasMetadata object : objects) {
      HasMetadata before = admin.resource(object).get();
      HasMetadata after =
          admin.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      InstallReport.Entry entry = InstallReport.entry(object, before, after);
      entries.add(entry);
      if (object
          instanceof
          io.fabric8.kubernetes.api.model.admissionregistration.v1
              .ValidatingAdmissionPolicyBinding) {
        // Dynamic mode: the gate enforced before nspool gets the ClusterRoleBinding after it.
        io.nspool.rbac.DynamicRoles.awaitGate(
            admin, plan.controlNamespace(), java.time.Duration.ofSeconds(60));
      }
      if (object instanceof CustomResourceDefinition crd) {
        awaitEstablished(admin, crd.getMetadata().getName());
      }
    }
    int legacy = deleteLegacyInstallers(admin, plan.poolNamespaces());
    if (legacy > 0) {
      progress.accept(
          "Deleted the old installer ServiceAccount "
              + NspoolRoles.LEGACY_INSTALLER_ACCOUNT
              + " from "
              + legacy
              + " pool namespace(s): the installer now lives in "
              + plan.controlNamespace()
              + ", where no tenant pod can run as it");
    }
    InstallReport report = new InstallReport(entries);
    progress.accept(
        report.summary()
            + " (nspool in "
            + plan.controlNamespace()
            + ", pool "
            + plan.pool()
            + (plan.dynamic()
                ? " of the namespaces labelled " + plan.namespaceSelector() + ")"
                : " of " + plan.poolNamespaces().size() + " namespaces)"));
    return report;
  }

  /**
   * An upgrade from the layout with the installer's ServiceAccount inside each pool namespace: any
   * pod there could run as it. Removed when nspool's label says it is nspool's (the RoleBinding
   * applied above binds it to nothing already); returns how many were deleted.
   */
  static int deleteLegacyInstallers(KubernetesClient admin, List<String> poolNamespaces) {
    int deleted = 0;
    for (String ns : poolNamespaces) {
      io.fabric8.kubernetes.api.model.ServiceAccount old =
          admin
              .serviceAccounts()
              .inNamespace(ns)
              .withName(NspoolRoles.LEGACY_INSTALLER_ACCOUNT)
              .get();
      if (old != null
          && old.getMetadata().getLabels() != null
          && NspoolRoles.LABELS.entrySet().stream()
              .allMatch(e -> e.getValue().equals(old.getMetadata().getLabels().get(e.getKey())))) {
        admin.resource(old).delete();
        deleted++;
      }
    }
    return deleted;
  }

  /** Applies just the CRDs and waits until they are served. */
  public static void applyCrds(KubernetesClient admin) {
    for (CustomResourceDefinition crd : crds(admin.getKubernetesSerialization())) {
      apply(admin, List.of(crd));
      awaitEstablished(admin, crd.getMetadata().getName());
    }
  }

  static List<CustomResourceDefinition> crds(KubernetesSerialization serialization) {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (String file : CRDS) {
      try (InputStream in = Installer.class.getClassLoader().getResourceAsStream(file)) {
        crds.add(serialization.unmarshal(in, CustomResourceDefinition.class));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return crds;
  }

  private static HasMetadata namespace(String name, Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels.isEmpty() ? null : labels)
        .endMetadata()
        .build();
  }

  /** The plan's NamespacePool. */
  static NamespacePool pool(InstallPlan plan) {
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName(plan.pool());
    pool.getMetadata().setNamespace(plan.controlNamespace());
    PoolSpec spec = new PoolSpec();
    spec.setNamespaces(new ArrayList<>(plan.poolNamespaces()));
    spec.setRetention(plan.retention());
    spec.setHardDelete(plan.hardDelete());
    spec.setPodSecurity(plan.podSecurity());
    spec.setPullSecrets(new ArrayList<>(plan.pullSecrets()));
    spec.setInstallerRules(new ArrayList<>(plan.allInstallerRules()));
    // Left out when the plan names none: the pool keeps the catalogue it has.
    spec.setCharts(plan.charts().isEmpty() ? null : new ArrayList<>(plan.charts()));
    spec.setNamespaceSelector(plan.namespaceSelector());
    pool.setSpec(spec);
    pool.setStatus(null);
    return pool;
  }

  private static void awaitEstablished(KubernetesClient admin, String name) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      CustomResourceDefinition crd =
          admin.apiextensions().v1().customResourceDefinitions().withName(name).get();
      if (crd != null
          && crd.getStatus() != null
          // Right after an apply the status may exist with no conditions yet.
          && crd.getStatus().getConditions() != null
          && crd.getStatus().getConditions().stream()
              .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()))) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("CRD " + name + " was not established within 60s");
  }
}
