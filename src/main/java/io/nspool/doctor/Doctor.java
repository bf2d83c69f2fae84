package io.nspool.doctor;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nspool.localcluster.ServiceAccountIdentity;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PodSecurityLevel;
import io.nspool.pool.PoolMembership;
import io.nspool.rbac.InstallerIdentity;
import io.nspool.rbac.NspoolRoles;
import io.nspool.rbac.RuleCoverage;
import io.nspool.rbac.RuleCoverage.Permission;
import io.nspool.rbac.RuleText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Checks, reading only, that nspool and each pool namespace's installer hold every permission they
 * need, and that the objects granting them are right: RoleBindings (roleRef and subject), the
 * installer's ServiceAccount, the Pod Security label against the pool's {@code spec.podSecurity}.
 *
 * <p>With credentials that may create SubjectAccessReviews (an admin's), it asks on behalf of
 * {@code system:serviceaccount:<control>:<nspool>} and each {@code
 * system:serviceaccount:<ns>:nspool-installer}. Otherwise it runs as nspool's own identity: a
 * SelfSubjectRulesReview per namespace, and for each installer one with a token nspool mints for it
 * (which nspool's Role allows), so the answer is what Helm would get.
 */
public final class Doctor {
  public static final String NAMESPACE = "namespace";
  public static final String POD_SECURITY = "pod-security";
  public static final String NSPOOL_SA = "nspool-sa";
  public static final String NSPOOL_RBAC = "nspool-rbac";
  public static final String NSPOOL_BINDING = "nspool-binding";
  public static final String INSTALLER_SA = "installer-sa";
  public static final String INSTALLER_RBAC = "installer-rbac";
  public static final String INSTALLER_BINDING = "installer-binding";
  public static final String INSTALLER_CATALOGUE = "installer-catalogue";

  /** The table's columns, in order. */
  public static final List<String> CHECKS =
      List.of(
          NAMESPACE,
          POD_SECURITY,
          NSPOOL_SA,
          NSPOOL_RBAC,
          NSPOOL_BINDING,
          INSTALLER_SA,
          INSTALLER_RBAC,
          INSTALLER_CATALOGUE,
          INSTALLER_BINDING);

  private final KubernetesClient client;
  private final String control;
  private final String serviceAccount;

  private final CatalogueCheck.Needs catalogue;

  /** Without a catalogue check (every pool's installer row for it says ok). */
  public Doctor(KubernetesClient client, String controlNamespace, String serviceAccount) {
    this(client, controlNamespace, serviceAccount, (pool, ns) -> List.of());
  }

  /**
   * @param catalogue what each pool's chart catalogue needs of an installer, asked once per pool
   */
  public Doctor(
      KubernetesClient client,
      String controlNamespace,
      String serviceAccount,
      CatalogueCheck.Needs catalogue) {
    this.client = client;
    this.control = controlNamespace;
    this.serviceAccount = serviceAccount;
    this.catalogue = catalogue;
  }

  public DoctorReport run() {
    ServiceAccountIdentity nspool = new ServiceAccountIdentity(control, serviceAccount);
    boolean admin = canReviewOthers(nspool);
    List<NamespacePool> pools =
        client.resources(NamespacePool.class).inNamespace(control).list().getItems();
    PoolMembership membership = PoolMembership.of(pools, labelled(pools));
    Map<String, NamespacePool> poolNamespaces = new TreeMap<>();
    for (NamespacePool pool : pools) {
      membership.members(pool).names().forEach(ns -> poolNamespaces.put(ns, pool));
    }
    Map<String, CatalogueCheck.Needed> needed = new java.util.HashMap<>();
    List<String> namespaces = new ArrayList<>(List.of(control));
    List<Check> checks = new ArrayList<>();
    ExecutorService reviews = Executors.newFixedThreadPool(8);
    try {
      checks.addAll(controlChecks(nspool, admin, reviews));
      poolNamespaces.forEach(
          (ns, pool) -> {
            namespaces.add(ns);
            CatalogueCheck.Needed needs =
                needed.computeIfAbsent(
                    pool.getMetadata().getName(),
                    p ->
                        CatalogueCheck.ask(
                            catalogue, pool, membership.members(pool).names().get(0)));
            checks.addAll(poolChecks(ns, pool, needs, nspool, admin, reviews));
          });
    } finally {
      reviews.shutdownNow();
    }
    return new DoctorReport(
        admin ? DoctorReport.ADMIN_MODE : DoctorReport.SELF_MODE,
        admin
            ? "admin credentials, on behalf of "
                + nspool.username()
                + " and each installer system:serviceaccount:"
                + control
                + ":"
                + InstallerIdentity.serviceAccountName("<ns>")
            : "as this kubeconfig's own identity; installers with tokens it mints",
        namespaces,
        checks);
  }

  /**
   * The namespaces dynamic pools select, listed once per selector as the controller's watch would
   * (with this kubeconfig's rights: nspool's dynamic-mode ClusterRole, or an admin's); a selector
   * that cannot be listed selects nothing here.
   */
  private io.nspool.pool.LabelledNamespaces labelled(List<NamespacePool> pools) {
    Map<String, Map<String, String>> labels = new java.util.HashMap<>();
    Map<String, String> errors = new java.util.HashMap<>();
    for (NamespacePool pool : pools) {
      var selector = pool.getSpec().getNamespaceSelector();
      if (selector == null || !selector.problems().isEmpty()) {
        continue;
      }
      try {
        client.namespaces().withLabelSelector(selector.toLabelSelector()).list().getItems().stream()
            .filter(n -> n.getMetadata().getDeletionTimestamp() == null)
            .forEach(
                n ->
                    labels.put(
                        n.getMetadata().getName(),
                        Objects.requireNonNullElse(n.getMetadata().getLabels(), Map.of())));
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        errors.put(selector.toString(), "list namespaces: " + e.getMessage());
      }
    }
    java.util.Set<String> reserved =
        new java.util.HashSet<>(io.nspool.pool.LabelledNamespaces.CLUSTER_NAMESPACES);
    reserved.add(control);
    return new io.nspool.pool.LabelledNamespaces(labels, java.util.Set.of(), errors, reserved);
  }

  /** Tries one SubjectAccessReview: forbidden means this is not an admin (nspool itself, say). */
  private boolean canReviewOthers(ServiceAccountIdentity nspool) {
    try {
      allowed(nspool, control, new Permission("nspool.io", "namespacepools", "list"));
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return false;
      }
      throw e;
    }
  }

  private List<Check> controlChecks(
      ServiceAccountIdentity nspool, boolean admin, ExecutorService reviews) {
    List<Check> checks = new ArrayList<>();
    checks.add(
        serviceAccountCheck(
            control,
            control,
            NSPOOL_SA,
            serviceAccount,
            serviceAccountYaml(control, serviceAccount, false)));
    checks.add(
        permissionsCheck(
            control,
            NSPOOL_RBAC,
            nspool,
            NspoolRoles.controlRole(control).getRules(),
            NspoolRoles.ROLE_NAME,
            admin ? null : client,
            admin,
            reviews));
    checks.add(bindingCheck(control, NSPOOL_BINDING, NspoolRoles.ROLE_NAME, nspool));
    return checks;
  }

  private List<Check> poolChecks(
      String ns,
      NamespacePool pool,
      CatalogueCheck.Needed needs,
      ServiceAccountIdentity nspool,
      boolean admin,
      ExecutorService reviews) {
    PodSecurityLevel level =
        Objects.requireNonNullElse(pool.getSpec().getPodSecurity(), PodSecurityLevel.DEFAULT);
    // The pool's declared rules are in both Roles: nspool must hold whatever the installer holds.
    List<PolicyRule> declared = pool.getSpec().getInstallerRules();
    List<Check> checks = new ArrayList<>();
    Namespace object;
    try {
      object = client.namespaces().withName(ns).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      checks.add(
          Check.missing(
              ns,
              NAMESPACE,
              "get namespaces/"
                  + ns
                  + " is forbidden: the namespace does not exist, or nspool"
                  + " has no Role in it",
              "nspool install (or apply what nspool install --render shows for " + ns + ")"));
      object = null;
    }
    if (object == null && checks.isEmpty()) {
      checks.add(
          Check.missing(
              ns,
              NAMESPACE,
              "namespace " + ns + " is listed by a pool but does not exist",
              "nspool install, or create it with its Roles, RoleBindings and installer"
                  + " (nspool install --render shows them)"));
      return checks;
    }
    if (object != null) {
      checks.add(Check.ok(ns, NAMESPACE));
      checks.add(podSecurityCheck(ns, level, object));
    }
    checks.add(
        permissionsCheck(
            ns,
            NSPOOL_RBAC,
            nspool,
            NspoolRoles.poolRole(ns, declared).getRules(),
            NspoolRoles.ROLE_NAME,
            admin ? null : client,
            admin,
            reviews));
    checks.add(bindingCheck(ns, NSPOOL_BINDING, NspoolRoles.ROLE_NAME, nspool));
    ServiceAccountIdentity installer = InstallerIdentity.of(control, ns);
    // Reported under the pool namespace it installs into; it lives in the control namespace.
    Check installerSa =
        serviceAccountCheck(
            ns,
            control,
            INSTALLER_SA,
            installer.name(),
            serviceAccountYaml(control, installer.name(), true));
    checks.add(
        installerSa.failed()
            ? installerSa
            : mintCheck(ns, pool, nspool, installer, admin, reviews)
                .or(() -> legacyInstaller(ns))
                .orElse(installerSa));
    List<PolicyRule> installerRules = NspoolRoles.installerRole(ns, declared).getRules();
    if (admin) {
      checks.add(
          permissionsCheck(
              ns,
              INSTALLER_RBAC,
              installer,
              installerRules,
              NspoolRoles.INSTALLER,
              null,
              true,
              reviews));
      checks.add(
          CatalogueCheck.check(
              installer.username(),
              ns,
              needs,
              declared,
              required -> missing(ns, installer, required, null, true, reviews)));
    } else if (installerSa.failed()) {
      for (String check : List.of(INSTALLER_RBAC, INSTALLER_CATALOGUE)) {
        checks.add(
            Check.skipped(ns, check, "no ServiceAccount " + control + "/" + installer.name()));
      }
    } else {
      checks.addAll(selfInstallerChecks(ns, installer, installerRules, declared, needs, reviews));
    }
    checks.add(bindingCheck(ns, INSTALLER_BINDING, NspoolRoles.INSTALLER, installer));
    return checks;
  }

  private List<Check> selfInstallerChecks(
      String ns,
      ServiceAccountIdentity installer,
      List<PolicyRule> rules,
      List<PolicyRule> declared,
      CatalogueCheck.Needed needs,
      ExecutorService reviews) {
    String token;
    try {
      token = installer.token(client, InstallerIdentity.TOKEN_TTL);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 404) {
        String why =
            "cannot mint a token of " + installer.username() + " (HTTP " + e.getCode() + ")";
        return List.of(
            Check.skipped(ns, INSTALLER_RBAC, why), Check.skipped(ns, INSTALLER_CATALOGUE, why));
      }
      throw e;
    }
    Config base = client.getConfiguration();
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(base.getMasterUrl())
            .withCaCertFile(base.getCaCertFile())
            .withCaCertData(base.getCaCertData())
            .withTrustCerts(base.isTrustCerts())
            .withNamespace(ns)
            .withOauthToken(token)
            .build();
    try (KubernetesClient asInstaller = new KubernetesClientBuilder().withConfig(config).build()) {
      return List.of(
          permissionsCheck(
              ns,
              INSTALLER_RBAC,
              installer,
              rules,
              NspoolRoles.INSTALLER,
              asInstaller,
              false,
              reviews),
          CatalogueCheck.check(
              installer.username(),
              ns,
              needs,
              declared,
              required -> missing(ns, installer, required, asInstaller, false, reviews)));
    }
  }

  /**
   * Every permission of {@code rules} for {@code subject} in {@code ns}: by SubjectAccessReviews
   * when {@code admin}, else by a SelfSubjectRulesReview made with {@code self}.
   */
  private Check permissionsCheck(
      String ns,
      String name,
      ServiceAccountIdentity subject,
      List<PolicyRule> rules,
      String role,
      KubernetesClient self,
      boolean admin,
      ExecutorService reviews) {
    List<Permission> missing =
        missing(ns, subject, RuleCoverage.permissions(rules), self, admin, reviews);
    if (missing.isEmpty()) {
      return Check.ok(ns, name);
    }
    List<PolicyRule> toAdd = rulesFor(missing);
    return Check.missing(
        ns,
        name,
        subject.username()
            + " lacks "
            + missing.size()
            + " permission(s) in "
            + ns
            + ": "
            + missing.stream().limit(8).map(Permission::toString).collect(Collectors.joining(", "))
            + (missing.size() > 8 ? ", ..." : ""),
        "add to the rules of Role "
            + ns
            + "/"
            + role
            + ": "
            + toAdd.stream().map(RuleText::of).collect(Collectors.joining("; ")));
  }

  /**
   * The permissions of {@code required} that {@code subject} does not hold in {@code ns}: by
   * SubjectAccessReviews when {@code admin}, else by a SelfSubjectRulesReview made with {@code
   * self}.
   */
  private List<Permission> missing(
      String ns,
      ServiceAccountIdentity subject,
      List<Permission> required,
      KubernetesClient self,
      boolean admin,
      ExecutorService reviews) {
    List<Permission> missing;
    if (admin) {
      List<Future<Boolean>> answers = new ArrayList<>();
      for (Permission p : required) {
        answers.add(reviews.submit(() -> allowed(subject, ns, p)));
      }
      missing = new ArrayList<>();
      for (int i = 0; i < required.size(); i++) {
        try {
          if (!answers.get(i).get()) {
            missing.add(required.get(i));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } else {
      List<ResourceRule> granted =
          self.authorization()
              .v1()
              .selfSubjectRulesReview()
              .create(
                  new SelfSubjectRulesReviewBuilder()
                      .withNewSpec()
                      .withNamespace(ns)
                      .endSpec()
                      .build())
              .getStatus()
              .getResourceRules();
      missing = RuleCoverage.missing(required, granted);
    }
    return missing;
  }

  private boolean allowed(ServiceAccountIdentity subject, String ns, Permission p) {
    int slash = p.resource().indexOf('/');
    String resource = slash < 0 ? p.resource() : p.resource().substring(0, slash);
    String subresource = slash < 0 ? null : p.resource().substring(slash + 1);
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(subject.username())
            .withGroups(
                "system:serviceaccounts",
                "system:serviceaccounts:" + subject.namespace(),
                "system:authenticated")
            .withNewResourceAttributes()
            .withNamespace(ns)
            .withGroup(p.apiGroup())
            .withResource(resource)
            .withSubresource(subresource)
            .withName(p.resourceName())
            .withVerb(p.verb())
            .endResourceAttributes()
            .endSpec()
            .build();
    SubjectAccessReview answer = client.authorization().v1().subjectAccessReview().create(review);
    return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
  }

  /**
   * The missing permissions as few rules as possible: one per API group, resource name and set of
   * verbs, listing every resource that lacks exactly those verbs.
   */
  static List<PolicyRule> rulesFor(List<Permission> missing) {
    Map<List<String>, Set<String>> verbsOf = new LinkedHashMap<>();
    for (Permission p : missing) {
      verbsOf
          .computeIfAbsent(
              java.util.Arrays.asList(p.apiGroup(), p.resource(), p.resourceName()),
              k -> new LinkedHashSet<>())
          .add(p.verb());
    }
    Map<List<Object>, List<String>> resourcesOf = new LinkedHashMap<>();
    verbsOf.forEach(
        (key, verbs) ->
            resourcesOf
                .computeIfAbsent(
                    java.util.Arrays.asList(key.get(0), key.get(2), List.copyOf(verbs)),
                    k -> new ArrayList<>())
                .add(key.get(1)));
    List<PolicyRule> rules = new ArrayList<>();
    resourcesOf.forEach(
        (key, resources) -> {
          PolicyRuleBuilder rule =
              new PolicyRuleBuilder()
                  .withApiGroups((String) key.get(0))
                  .withResources(resources)
                  .withVerbs(castList(key.get(2)));
          if (key.get(1) != null) {
            rule.withResourceNames((String) key.get(1));
          }
          rules.add(rule.build());
        });
    return rules;
  }

  @SuppressWarnings("unchecked")
  private static List<String> castList(Object o) {
    return (List<String>) o;
  }

  private Check podSecurityCheck(String ns, PodSecurityLevel wanted, Namespace object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    PodSecurityLevel enforced = PodSecurityLevel.enforcedBy(labels);
    if (!enforced.looserThan(wanted)) {
      return Check.ok(ns, POD_SECURITY);
    }
    String label = labels == null ? null : labels.get(PodSecurityLevel.ENFORCE_LABEL);
    return Check.missing(
        ns,
        POD_SECURITY,
        "label "
            + PodSecurityLevel.ENFORCE_LABEL
            + (label == null ? " is not set" : "=" + label)
            + ": enforces "
            + enforced.wireName()
            + ", looser than its pool's spec.podSecurity "
            + wanted.wireName(),
        "kubectl label namespace "
            + ns
            + " "
            + PodSecurityLevel.ENFORCE_LABEL
            + "="
            + wanted.wireName()
            + " --overwrite");
  }

  /**
   * Whether nspool may mint (and renew) the tokens of {@code ns}'s installer in the control
   * namespace: the Role {@code installer-<ns>} there ({@code nspool-installers} in dynamic mode).
   * Empty when it may.
   */
  private java.util.Optional<Check> mintCheck(
      String ns,
      NamespacePool pool,
      ServiceAccountIdentity nspool,
      ServiceAccountIdentity installer,
      boolean admin,
      ExecutorService reviews) {
    boolean dynamic = pool.getSpec().getNamespaceSelector() != null;
    List<PolicyRule> rules =
        dynamic
            ? io.nspool.rbac.DynamicRoles.installersRules()
            : NspoolRoles.installerTokenRole(control, ns).getRules();
    List<Permission> required =
        RuleCoverage.permissions(rules).stream()
            .map(
                p ->
                    p.resourceName() == null
                        ? new Permission(p.apiGroup(), p.resource(), p.verb(), installer.name())
                        : p)
            .toList();
    List<Permission> lacking =
        missing(control, nspool, required, admin ? null : client, admin, reviews);
    if (lacking.isEmpty()) {
      return java.util.Optional.empty();
    }
    String role = dynamic ? io.nspool.rbac.DynamicRoles.INSTALLERS : installer.name();
    return java.util.Optional.of(
        Check.missing(
            ns,
            INSTALLER_SA,
            nspool.username()
                + " may not mint or renew the tokens of "
                + installer.username()
                + ": lacks "
                + lacking.stream().map(Permission::toString).collect(Collectors.joining(", "))
                + " in "
                + control,
            "apply Role and RoleBinding "
                + control
                + "/"
                + role
                + " (nspool install, or nspool install --render | kubectl apply --server-side -f -)"));
  }

  /**
   * A warning when the installer ServiceAccount of an earlier install is still inside {@code ns}:
   * any pod there can run as it (bound to nothing once the installer's RoleBinding is current).
   */
  private java.util.Optional<Check> legacyInstaller(String ns) {
    try {
      if (client
              .serviceAccounts()
              .inNamespace(ns)
              .withName(NspoolRoles.LEGACY_INSTALLER_ACCOUNT)
              .get()
          == null) {
        return java.util.Optional.empty();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return java.util.Optional.empty();
      }
      throw e;
    }
    return java.util.Optional.of(
        Check.warning(
            ns,
            INSTALLER_SA,
            "ServiceAccount "
                + ns
                + "/"
                + NspoolRoles.LEGACY_INSTALLER_ACCOUNT
                + " of an earlier install is still there, where any pod of "
                + ns
                + " can run as it; the installer is "
                + control
                + "/"
                + InstallerIdentity.serviceAccountName(ns)
                + " now",
            "nspool install deletes it, or: kubectl delete serviceaccount -n "
                + ns
                + " "
                + NspoolRoles.LEGACY_INSTALLER_ACCOUNT));
  }

  /** Whether ServiceAccount {@code saNamespace/name} exists, reported under {@code ns}. */
  private Check serviceAccountCheck(
      String ns, String saNamespace, String check, String name, String yaml) {
    try {
      ServiceAccount found = client.serviceAccounts().inNamespace(saNamespace).withName(name).get();
      if (found != null) {
        return Check.ok(ns, check);
      }
      return Check.missing(
          ns,
          check,
          "ServiceAccount " + saNamespace + "/" + name + " does not exist",
          "create it: " + yaml);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return Check.skipped(
            ns, check, "reading ServiceAccount " + saNamespace + "/" + name + " is forbidden");
      }
      throw e;
    }
  }

  private Check bindingCheck(
      String ns, String check, String roleName, ServiceAccountIdentity subject) {
    String expected = bindingYaml(ns, roleName, subject);
    RoleBinding binding;
    try {
      binding = client.rbac().roleBindings().inNamespace(ns).withName(roleName).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return Check.skipped(ns, check, "reading RoleBindings in " + ns + " is forbidden");
      }
      throw e;
    }
    if (binding == null) {
      return Check.missing(
          ns,
          check,
          "RoleBinding " + ns + "/" + roleName + " does not exist",
          "create it: " + expected);
    }
    List<String> wrong = new ArrayList<>();
    var ref = binding.getRoleRef();
    if (ref == null || !"Role".equals(ref.getKind()) || !roleName.equals(ref.getName())) {
      wrong.add(
          "roleRef is "
              + (ref == null ? "missing" : ref.getKind() + " " + ref.getName())
              + ", not Role "
              + roleName);
    }
    boolean bound =
        binding.getSubjects() != null
            && binding.getSubjects().stream()
                .anyMatch(
                    s ->
                        "ServiceAccount".equals(s.getKind())
                            && subject.name().equals(s.getName())
                            && subject.namespace().equals(s.getNamespace()));
    if (!bound) {
      wrong.add(
          "subjects do not include ServiceAccount " + subject.namespace() + "/" + subject.name());
    }
    if (wrong.isEmpty()) {
      return Check.ok(ns, check);
    }
    return Check.missing(
        ns,
        check,
        "RoleBinding " + ns + "/" + roleName + ": " + String.join("; ", wrong),
        "replace it (roleRef cannot change in place: delete and create): " + expected);
  }

  static String bindingYaml(String ns, String roleName, ServiceAccountIdentity subject) {
    return "{apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: {name: "
        + roleName
        + ", namespace: "
        + ns
        + "}, roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: "
        + roleName
        + "}, subjects: [{kind: ServiceAccount, namespace: "
        + subject.namespace()
        + ", name: "
        + subject.name()
        + "}]}";
  }

  static String serviceAccountYaml(String ns, String name, boolean noAutomount) {
    return "{apiVersion: v1, kind: ServiceAccount, metadata: {name: "
        + name
        + ", namespace: "
        + ns
        + "}"
        + (noAutomount ? ", automountServiceAccountToken: false" : "")
        + "}";
  }
}
