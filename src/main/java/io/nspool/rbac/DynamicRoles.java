package io.nspool.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.nspool.pool.NamespaceSelector;
import java.util.List;

/**
 * The dynamic mode's cluster-scoped objects, the only ones nspool ever needs, rendered by {@code
 * nspool install --namespace-selector} (and the chart with {@code pool.namespaceSelector}) and by
 * nothing else. Names carry the control namespace, so two installs of nspool do not share them.
 *
 * <ul>
 *   <li>ClusterRole {@code nspool-<control>-dynamic}, bound cluster-wide to nspool: see Namespaces
 *       (get, list, watch), create RoleBindings, and {@code bind} exactly one ClusterRole, the next
 *       one. No Secret, no other write, anywhere.
 *   <li>ClusterRole {@code nspool-<control>-pool}: nspool's pool Role as a ClusterRole, bound
 *       cluster-wide to nobody. nspool binds it (RoleBinding {@value #JOIN_BINDING}) in a namespace
 *       that joins by label, only long enough to create its Role and RoleBinding there, as {@code
 *       nspool install} does for a listed namespace.
 *   <li>ValidatingAdmissionPolicy {@code nspool-<control>-dynamic} and its binding: a RoleBinding
 *       to that ClusterRole is admitted only in a namespace whose labels match the pool's selector,
 *       and only for nspool's ServiceAccount. So what keeps nspool out of a namespace that is not
 *       labelled (its Secrets included) is Kubernetes, not nspool's code: RBAC lets it bind nothing
 *       else (it holds no rule there, and {@code bind} on that one ClusterRole only), admission
 *       refuses that one binding there, and nspool cannot label a namespace (no write on
 *       Namespaces).
 *   <li>Role and RoleBinding {@value #INSTALLERS} in the control namespace: nspool may read and
 *       mint tokens of any ServiceAccount there, since the installers of namespaces joining later
 *       cannot be named at install time. The control namespace is nspool's alone: it holds nspool's
 *       own ServiceAccount, {@code default} and the installers, nothing of a tenant's.
 * </ul>
 */
public final class DynamicRoles {
  /** The short-lived RoleBinding through which nspool creates its Role in a joining namespace. */
  public static final String JOIN_BINDING = "nspool-join";

  /** The control namespace's Role letting nspool mint the tokens of any installer. */
  public static final String INSTALLERS = "nspool-installers";

  private DynamicRoles() {}

  public static String clusterRoleName(String controlNamespace) {
    return "nspool-" + controlNamespace + "-dynamic";
  }

  public static String poolClusterRoleName(String controlNamespace) {
    return "nspool-" + controlNamespace + "-pool";
  }

  /** What nspool holds cluster-wide in dynamic mode, and nothing more. */
  public static ClusterRole clusterRole(String controlNamespace) {
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(clusterRoleName(controlNamespace))
        .withLabels(NspoolRoles.LABELS)
        .endMetadata()
        .withRules(rules(controlNamespace))
        .build();
  }

  /** The ClusterRole's rules; the chart's {@code files/rbac/dynamic.yaml} (ChartDriftTest). */
  public static List<PolicyRule> rules(String controlNamespace) {
    return List.of(
        new PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("namespaces")
            .withVerbs("get", "list", "watch")
            .build(),
        // A ClusterRole cannot limit create to labelled namespaces: the admission policy does.
        new PolicyRuleBuilder()
            .withApiGroups("rbac.authorization.k8s.io")
            .withResources("rolebindings")
            .withVerbs("create")
            .build(),
        new PolicyRuleBuilder()
            .withApiGroups("rbac.authorization.k8s.io")
            .withResources("clusterroles")
            .withResourceNames(poolClusterRoleName(controlNamespace))
            .withVerbs("bind")
            .build());
  }

  /** nspool's pool Role (with the pool's installer rules) as a ClusterRole bound to nobody. */
  public static ClusterRole poolClusterRole(String controlNamespace, List<PolicyRule> extraRules) {
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(poolClusterRoleName(controlNamespace))
        .withLabels(NspoolRoles.LABELS)
        .endMetadata()
        .withRules(NspoolRoles.poolRole("any", extraRules).getRules())
        .build();
  }

  public static ClusterRoleBinding clusterRoleBinding(
      String controlNamespace, String serviceAccount) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata()
        .withName(clusterRoleName(controlNamespace))
        .withLabels(NspoolRoles.LABELS)
        .endMetadata()
        .withNewRoleRef(
            "rbac.authorization.k8s.io", "ClusterRole", clusterRoleName(controlNamespace))
        .addNewSubject()
        .withKind("ServiceAccount")
        .withNamespace(controlNamespace)
        .withName(serviceAccount)
        .endSubject()
        .build();
  }

  /**
   * The admission gate. It matches every create or update of a RoleBinding (by anyone) and refuses
   * one whose roleRef is the pool ClusterRole unless the namespace is labelled as the selector says
   * and the only subject is nspool's ServiceAccount.
   */
  public static ValidatingAdmissionPolicy admissionPolicy(
      String controlNamespace, String serviceAccount, NamespaceSelector selector) {
    String pool = poolClusterRoleName(controlNamespace);
    String toPool = "object.roleRef.kind == 'ClusterRole' && object.roleRef.name == '" + pool + "'";
    return new ValidatingAdmissionPolicyBuilder()
        .withNewMetadata()
        .withName(clusterRoleName(controlNamespace))
        .withLabels(NspoolRoles.LABELS)
        .endMetadata()
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints()
        .addNewResourceRule()
        .withApiGroups("rbac.authorization.k8s.io")
        .withApiVersions("*")
        .withResources("rolebindings")
        .withOperations("CREATE", "UPDATE")
        .endResourceRule()
        .endMatchConstraints()
        .addNewMatchCondition()
        .withName("binds-nspool-pool-role")
        .withExpression(toPool)
        .endMatchCondition()
        .addNewValidation()
        .withExpression(selector.toCel())
        .withMessage(
            "nspool's pool ClusterRole "
                + pool
                + " may be bound only in a namespace labelled "
                + selector
                + " (dynamic mode): label the namespace to add it to the pool")
        .endValidation()
        .addNewValidation()
        .withExpression(
            "size(object.subjects) == 1 && object.subjects[0].kind == 'ServiceAccount' &&"
                + " object.subjects[0].namespace == '"
                + controlNamespace
                + "' && object.subjects[0].name == '"
                + serviceAccount
                + "'")
        .withMessage(
            "nspool's pool ClusterRole "
                + pool
                + " may be bound only to nspool's ServiceAccount "
                + controlNamespace
                + "/"
                + serviceAccount)
        .endValidation()
        .endSpec()
        .build();
  }

  public static ValidatingAdmissionPolicyBinding admissionPolicyBinding(String controlNamespace) {
    return new ValidatingAdmissionPolicyBindingBuilder()
        .withNewMetadata()
        .withName(clusterRoleName(controlNamespace))
        .withLabels(NspoolRoles.LABELS)
        .endMetadata()
        .withNewSpec()
        .withPolicyName(clusterRoleName(controlNamespace))
        .withValidationActions("Deny")
        .endSpec()
        .build();
  }

  /**
   * Tokens of any ServiceAccount of the control namespace: the installers of namespaces that join
   * by label later (their ServiceAccounts nspool creates, NspoolRoles#controlRole).
   */
  public static io.fabric8.kubernetes.api.model.rbac.Role installersRole(String controlNamespace) {
    return new io.fabric8.kubernetes.api.model.rbac.RoleBuilder()
        .withNewMetadata()
        .withName(INSTALLERS)
        .withNamespace(controlNamespace)
        .withLabels(NspoolRoles.LABELS)
        .endMetadata()
        .withRules(installersRules())
        .build();
  }

  /** {@link #installersRole}'s rules; the chart's {@code files/rbac/installers.yaml}. */
  public static List<PolicyRule> installersRules() {
    return List.of(
        new PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("serviceaccounts/token")
            .withVerbs("create")
            .build(),
        new PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("serviceaccounts")
            .withVerbs("get", "delete")
            .build());
  }

  public static RoleBinding installersBinding(String controlNamespace, String serviceAccount) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(INSTALLERS)
        .withNamespace(controlNamespace)
        .withLabels(NspoolRoles.LABELS)
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", INSTALLERS)
        .addNewSubject()
        .withKind("ServiceAccount")
        .withNamespace(controlNamespace)
        .withName(serviceAccount)
        .endSubject()
        .build();
  }

  /** Everything dynamic mode adds to an install, in the order it is applied. */
  public static List<HasMetadata> objects(
      String controlNamespace,
      String serviceAccount,
      NamespaceSelector selector,
      List<PolicyRule> extraRules) {
    // The gate before the grant: nspool is bound to its dynamic ClusterRole last, and Installer
    // waits between the two until admission enforces the gate (gateMissing).
    return List.of(
        installersRole(controlNamespace),
        installersBinding(controlNamespace, serviceAccount),
        poolClusterRole(controlNamespace, extraRules),
        clusterRole(controlNamespace),
        admissionPolicy(controlNamespace, serviceAccount, selector),
        admissionPolicyBinding(controlNamespace),
        clusterRoleBinding(controlNamespace, serviceAccount));
  }

  /** The name of the binding {@link #gateMissing} asks admission about (never created). */
  public static final String GATE_PROBE = "nspool-gate-probe";

  /**
   * Empty when the admission gate is enforced, else why not. Asks the API server to admit, as a dry
   * run, a binding of the pool ClusterRole to a subject other than nspool's ServiceAccount, which
   * the gate refuses in every namespace. A policy takes effect a moment after it is created, and an
   * admin may delete it: until the refusal comes, a namespace must not be joined (nspool could bind
   * its pool rules anywhere).
   */
  public static java.util.Optional<String> gateMissing(
      io.fabric8.kubernetes.client.KubernetesClient client, String controlNamespace) {
    RoleBinding probe =
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName(GATE_PROBE)
            .withNamespace(controlNamespace)
            .endMetadata()
            .withNewRoleRef(
                "rbac.authorization.k8s.io", "ClusterRole", poolClusterRoleName(controlNamespace))
            .addNewSubject()
            .withKind("ServiceAccount")
            .withNamespace(controlNamespace)
            .withName(GATE_PROBE)
            .endSubject()
            .build();
    try {
      client.resource(probe).dryRun().create();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (isGateRefusal(e.getStatus(), controlNamespace)) {
        return java.util.Optional.empty();
      }
      String message = e.getMessage() == null ? "" : e.getMessage();
      return java.util.Optional.of(
          "the admission policy "
              + clusterRoleName(controlNamespace)
              + " could not be checked: "
              + message.lines().findFirst().orElse(""));
    }
    return java.util.Optional.of(
        "the admission policy "
            + clusterRoleName(controlNamespace)
            + " is not enforced (a binding of "
            + poolClusterRoleName(controlNamespace)
            + " to another subject was admitted): without it nspool could bind its pool rules in"
            + " any namespace; apply what nspool install --namespace-selector renders");
  }

  /**
   * Whether the API server's answer to the probe is the gate's refusal, told by the structure the
   * API server gives every ValidatingAdmissionPolicy denial rather than by the text of the policy's
   * own messages (which an edit of the policy, or a translation, would change): 422 {@code Invalid}
   * (the policy sets no {@code reason}), the details naming the probe RoleBinding, and the one
   * cause the API server adds for the denying policy, which names that policy (and a binding of
   * it): {@code ValidatingAdmissionPolicy 'P' with binding 'B' denied request: ...}. An RBAC
   * refusal (403), another policy's denial, or a webhook's are not the gate.
   */
  public static boolean isGateRefusal(
      io.fabric8.kubernetes.api.model.Status status, String controlNamespace) {
    if (status == null
        || status.getCode() == null
        || status.getCode() != 422
        || !"Invalid".equals(status.getReason())
        || status.getDetails() == null) {
      return false;
    }
    io.fabric8.kubernetes.api.model.StatusDetails details = status.getDetails();
    if (!"rolebindings".equals(details.getKind()) || !GATE_PROBE.equals(details.getName())) {
      return false;
    }
    String policy = clusterRoleName(controlNamespace);
    // Any binding of the policy counts (nspool renders one of the same name; an admin may add
    // another): the policy is what holds the rules.
    String envelope = "ValidatingAdmissionPolicy '" + policy + "' with binding '";
    return details.getCauses() != null
        && details.getCauses().stream()
            .map(io.fabric8.kubernetes.api.model.StatusCause::getMessage)
            .anyMatch(m -> m != null && m.startsWith(envelope) && m.contains("' denied request: "));
  }

  /**
   * Waits until {@link #gateMissing} is empty: a policy just created takes effect within moments.
   */
  public static void awaitGate(
      io.fabric8.kubernetes.client.KubernetesClient client,
      String controlNamespace,
      java.time.Duration timeout) {
    java.time.Instant deadline = java.time.Instant.now().plus(timeout);
    java.util.Optional<String> missing = gateMissing(client, controlNamespace);
    while (missing.isPresent() && java.time.Instant.now().isBefore(deadline)) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for the admission policy", e);
      }
      missing = gateMissing(client, controlNamespace);
    }
    if (missing.isPresent()) {
      throw new IllegalStateException(
          missing.get() + " (waited " + timeout.toSeconds() + "s for it to take effect)");
    }
  }

  /** The RoleBinding through which nspool, in a joining namespace, takes its pool rules. */
  public static RoleBinding joinBinding(
      String namespace, String controlNamespace, String serviceAccount) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(JOIN_BINDING)
        .withNamespace(namespace)
        .withLabels(NspoolRoles.LABELS)
        .endMetadata()
        .withNewRoleRef(
            "rbac.authorization.k8s.io", "ClusterRole", poolClusterRoleName(controlNamespace))
        .addNewSubject()
        .withKind("ServiceAccount")
        .withNamespace(controlNamespace)
        .withName(serviceAccount)
        .endSubject()
        .build();
  }
}
