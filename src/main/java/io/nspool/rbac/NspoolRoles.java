package io.nspool.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import java.util.Map;

/**
 * The only permissions nspool holds: a Role in each pool namespace and one in its control
 * namespace, each bound to nspool's ServiceAccount. Never a ClusterRole.
 *
 * <p>Each pool namespace also has an installer that Helm acts as for that namespace's release: a
 * Role and RoleBinding named {@value #INSTALLER} in the pool namespace, bound to the ServiceAccount
 * {@code installer-<namespace>} ({@link InstallerIdentity#serviceAccountName}) of the
 * <b>control</b> namespace, where no tenant pod can run as it. Its Role grants only what charts
 * need in that one namespace, so a chart (its templates, its values, its {@code lookup}s) cannot
 * reach another tenant's namespace or nspool's control namespace: Kubernetes refuses it. nspool may
 * mint tokens for that ServiceAccount by name, through a Role of the control namespace of the same
 * name ({@link #installerTokenRole}); in dynamic mode, for any ServiceAccount of the control
 * namespace ({@link DynamicRoles}).
 */
public final class NspoolRoles {
  public static final String ROLE_NAME = "nspool";

  /** The installer's Role and RoleBinding in each pool namespace. */
  public static final String INSTALLER = "nspool-installer";

  /**
   * The installer's ServiceAccount as installs before it moved to the control namespace put it in
   * every pool namespace, where any tenant pod could run as it. Never kept: {@code nspool install}
   * deletes it, a Helm upgrade of the chart prunes it, and the janitor scrubs it like any leftover;
   * until then the RoleBinding {@value #INSTALLER} binds it to nothing.
   */
  public static final String LEGACY_INSTALLER_ACCOUNT = "nspool-installer";

  public static final Map<String, String> LABELS = Map.of("app.kubernetes.io/managed-by", "nspool");

  /**
   * Namespaced types nspool may write and delete in a pool namespace: what charts install and what
   * tenants leave behind. Reading is granted for every type, so the janitor can see (and quarantine
   * for) a leftover object of a type it may not delete.
   */
  static final List<PolicyRule> POOL_WRITE_RULES =
      List.of(
          write(
              "",
              "configmaps",
              "secrets",
              "serviceaccounts",
              "services",
              "endpoints",
              "persistentvolumeclaims",
              "pods",
              "events",
              "limitranges",
              "resourcequotas",
              "replicationcontrollers",
              "podtemplates"),
          write(
              "apps",
              "deployments",
              "statefulsets",
              "daemonsets",
              "replicasets",
              "controllerrevisions"),
          write("batch", "jobs", "cronjobs"),
          write("autoscaling", "horizontalpodautoscalers"),
          write("policy", "poddisruptionbudgets"),
          write("networking.k8s.io", "networkpolicies", "ingresses"),
          write("rbac.authorization.k8s.io", "roles", "rolebindings"),
          write("discovery.k8s.io", "endpointslices"),
          write("events.k8s.io", "events"));

  /**
   * What nspool holds and the installer does not: the claim object lives in a Lease of the pool
   * namespace, and a chart (or a workload it grants Lease rights) that could write Leases could
   * rewrite its own claim, e.g. mark the namespace free while it still occupies it. (The
   * installer's tokens are minted in the control namespace, {@link #installerTokenRole}.)
   */
  static final List<PolicyRule> POOL_NSPOOL_ONLY_RULES =
      List.of(write("coordination.k8s.io", "leases"));

  /** The Secret of the control namespace holding the users' token hashes. */
  public static final String USERS_SECRET = "nspool-users";

  /** The only Secrets of the control namespace nspool may read and write. */
  public static final List<String> CONTROL_SECRETS = List.of(USERS_SECRET);

  private NspoolRoles() {}

  /** nspool's Role in one pool namespace; {@code extraRules} add custom resource types. */
  public static Role poolRole(String namespace, List<PolicyRule> extraRules) {
    return role(
        ROLE_NAME, namespace, List.of(POOL_WRITE_RULES, POOL_NSPOOL_ONLY_RULES, extraRules));
  }

  /**
   * The installer's Role in one pool namespace: read everything there, write what charts install (a
   * subset of nspool's own Role, so nspool may create and reset it without {@code escalate}).
   */
  public static Role installerRole(String namespace, List<PolicyRule> extraRules) {
    return role(INSTALLER, namespace, List.of(POOL_WRITE_RULES, extraRules));
  }

  /**
   * A Role of a pool namespace: read everything in it, then the given rules. "*" reads include the
   * Namespace object of this namespace itself (get only): neither nspool nor the installer ever
   * patches Namespaces, which could loosen their Pod Security labels.
   */
  private static Role role(String name, String namespace, List<List<PolicyRule>> rules) {
    RoleBuilder role =
        new RoleBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(LABELS)
            .endMetadata()
            .addToRules(
                new PolicyRuleBuilder()
                    .withApiGroups("*")
                    .withResources("*")
                    .withVerbs("get", "list", "watch")
                    .build());
    rules.forEach(role::addAllToRules);
    return role.build();
  }

  /**
   * The installer's ServiceAccount for one pool namespace, in the control namespace: Helm acts as
   * it, nothing else does (no pod of a pool namespace can name it).
   */
  public static ServiceAccount installerServiceAccount(
      String controlNamespace, String poolNamespace) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(InstallerIdentity.serviceAccountName(poolNamespace))
        .withNamespace(controlNamespace)
        .withLabels(LABELS)
        .endMetadata()
        // Helm authenticates with tokens nspool requests; no pod ever needs one mounted.
        .withAutomountServiceAccountToken(false)
        .build();
  }

  /**
   * Lets nspool mint tokens of one pool namespace's installer, and only that one, by name: a Role
   * of the control namespace named like the ServiceAccount. One per pool namespace (rather than
   * names in nspool's control Role) so adding a namespace adds objects and rewrites none.
   */
  public static Role installerTokenRole(String controlNamespace, String poolNamespace) {
    String account = InstallerIdentity.serviceAccountName(poolNamespace);
    return new RoleBuilder()
        .withNewMetadata()
        .withName(account)
        .withNamespace(controlNamespace)
        .withLabels(LABELS)
        .endMetadata()
        .addToRules(
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("serviceaccounts/token")
                .withResourceNames(account)
                .withVerbs("create")
                .build(),
            // delete: each handover renews it, invalidating tokens minted before
            // (InstallerIdentity#renew).
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("serviceaccounts")
                .withResourceNames(account)
                .withVerbs("get", "delete")
                .build())
        .build();
  }

  /** Binds {@link #installerTokenRole} to nspool's ServiceAccount, in the control namespace. */
  public static RoleBinding installerTokenBinding(
      String controlNamespace, String poolNamespace, String serviceAccount) {
    String account = InstallerIdentity.serviceAccountName(poolNamespace);
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(account)
        .withNamespace(controlNamespace)
        .withLabels(LABELS)
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", account)
        .addNewSubject()
        .withKind("ServiceAccount")
        .withNamespace(controlNamespace)
        .withName(serviceAccount)
        .endSubject()
        .build();
  }

  /**
   * Binds the installer's Role in {@code namespace} to the installer's ServiceAccount of the
   * control namespace.
   */
  public static RoleBinding installerBinding(String controlNamespace, String namespace) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(INSTALLER)
        .withNamespace(namespace)
        .withLabels(LABELS)
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", INSTALLER)
        .addNewSubject()
        .withKind("ServiceAccount")
        .withNamespace(controlNamespace)
        .withName(InstallerIdentity.serviceAccountName(namespace))
        .endSubject()
        .build();
  }

  /** The installer's Role and RoleBinding in the pool namespace, in the order they are created. */
  public static List<HasMetadata> installerInPool(
      String controlNamespace, String namespace, List<PolicyRule> extraRules) {
    return List.of(
        installerRole(namespace, extraRules), installerBinding(controlNamespace, namespace));
  }

  /**
   * The installer's objects in the control namespace as {@code nspool install} creates them for a
   * listed pool namespace: its ServiceAccount, and the Role and RoleBinding that let nspool mint
   * its tokens.
   */
  public static List<HasMetadata> installerInControl(
      String controlNamespace, String namespace, String serviceAccount) {
    return List.of(
        installerServiceAccount(controlNamespace, namespace),
        installerTokenRole(controlNamespace, namespace),
        installerTokenBinding(controlNamespace, namespace, serviceAccount));
  }

  /** nspool's Role in its control namespace: its custom resources, leader election, events. */
  public static Role controlRole(String namespace) {
    return controlRole(namespace, List.of());
  }

  /**
   * The same, also reading the pools' pull secrets ({@code spec.pullSecrets}), each by name: nspool
   * copies them into pool namespaces but never writes them here.
   */
  public static Role controlRole(String namespace, List<String> pullSecrets) {
    RoleBuilder role = controlRoleBuilder(namespace);
    if (!pullSecrets.isEmpty()) {
      role.addToRules(
          new PolicyRuleBuilder()
              .withApiGroups("")
              .withResources("secrets")
              .withResourceNames(List.copyOf(new java.util.TreeSet<>(pullSecrets)))
              .withVerbs("get", "list", "watch")
              .build());
    }
    return role.build();
  }

  private static RoleBuilder controlRoleBuilder(String namespace) {
    return new RoleBuilder()
        .withNewMetadata()
        .withName(ROLE_NAME)
        .withNamespace(namespace)
        .withLabels(LABELS)
        .endMetadata()
        .addToRules(
            new PolicyRuleBuilder()
                .withApiGroups("nspool.io")
                .withResources(
                    "namespacepools",
                    "namespacepools/status",
                    "tenantdeployments",
                    "tenantdeployments/status",
                    "tenantdeployments/finalizers")
                .withVerbs("get", "list", "watch", "create", "update", "patch", "delete")
                .build(),
            new PolicyRuleBuilder()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "list", "watch", "create", "update", "patch", "delete")
                .build(),
            new PolicyRuleBuilder()
                .withApiGroups("", "events.k8s.io")
                .withResources("events")
                .withVerbs("get", "list", "watch", "create", "update", "patch")
                .build(),
            // Only the Secrets nspool owns, by name: a Role cannot limit create to a name, so
            // nspool install creates them and nspool itself never creates a Secret here.
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("secrets")
                .withResourceNames(CONTROL_SECRETS)
                .withVerbs("get", "list", "watch", "update", "patch")
                .build(),
            // Recreates an installer's ServiceAccount someone deleted (InstallerIdentity): a Role
            // cannot limit create to names; its tokens stay limited by name (installerTokenRole).
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("serviceaccounts")
                .withVerbs("create")
                .build(),
            // The cluster's root CA as its controller publishes it: what a pool namespace's copy
            // is compared with at handover.
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("configmaps")
                .withResourceNames("kube-root-ca.crt")
                .withVerbs("get")
                .build());
  }

  public static RoleBinding binding(String namespace, String saNamespace, String saName) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(ROLE_NAME)
        .withNamespace(namespace)
        .withLabels(LABELS)
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", ROLE_NAME)
        .addNewSubject()
        .withKind("ServiceAccount")
        .withNamespace(saNamespace)
        .withName(saName)
        .endSubject()
        .build();
  }

  private static PolicyRule write(String apiGroup, String... resources) {
    return new PolicyRuleBuilder()
        .withApiGroups(apiGroup)
        .withResources(resources)
        .withVerbs("create", "update", "patch", "delete", "deletecollection")
        .build();
  }
}
