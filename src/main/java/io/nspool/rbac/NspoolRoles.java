package io.nspool.rbac;

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
 */
public final class NspoolRoles {
  public static final String ROLE_NAME = "nspool";
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
          write("coordination.k8s.io", "leases"),
          write("discovery.k8s.io", "endpointslices"),
          write("events.k8s.io", "events"));

  private NspoolRoles() {}

  /** nspool's Role in one pool namespace; {@code extraRules} add custom resource types. */
  public static Role poolRole(String namespace, List<PolicyRule> extraRules) {
    return new RoleBuilder()
        .withNewMetadata()
        .withName(ROLE_NAME)
        .withNamespace(namespace)
        .withLabels(LABELS)
        .endMetadata()
        // "*" reads include the Namespace object of this namespace itself (get only): nspool never
        // patches Namespaces, which could loosen their Pod Security labels.
        .addToRules(
            new PolicyRuleBuilder()
                .withApiGroups("*")
                .withResources("*")
                .withVerbs("get", "list", "watch")
                .build())
        .addAllToRules(POOL_WRITE_RULES)
        .addAllToRules(extraRules)
        .build();
  }

  /** nspool's Role in its control namespace: its custom resources, leader election, events. */
  public static Role controlRole(String namespace) {
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
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("secrets", "configmaps")
                .withVerbs("get", "list", "watch", "create", "update", "patch", "delete")
                .build())
        .build();
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
