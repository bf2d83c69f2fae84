package io.nspool.rbac;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the lint knows about Kubernetes' built-in API: which resources are cluster-scoped, which
 * verbs the authorizer ever asks about, and which API groups stopped serving a resource. Custom
 * resources are unknown to it: a rule on them is only checked for wildcards and redundancy.
 */
public final class KubernetesResources {
  private KubernetesResources() {}

  /**
   * Built-in cluster-scoped resources by API group ("" is the core group), up to Kubernetes 1.35. A
   * Role can never grant them: requests for them carry no namespace, and a Role's rules only match
   * requests in its own namespace. Their subresources ({@code nodes/proxy}) are cluster-scoped too.
   * {@code namespaces} is apart: see {@link #NAMESPACE_SCOPED_VERBS}.
   */
  static final Map<String, Set<String>> CLUSTER_SCOPED =
      Map.ofEntries(
          Map.entry(
              "", Set.of("nodes", "persistentvolumes", "componentstatuses", "users", "groups")),
          Map.entry("rbac.authorization.k8s.io", Set.of("clusterroles", "clusterrolebindings")),
          Map.entry("apiextensions.k8s.io", Set.of("customresourcedefinitions")),
          Map.entry("apiregistration.k8s.io", Set.of("apiservices")),
          Map.entry(
              "storage.k8s.io",
              Set.of(
                  "storageclasses",
                  "csidrivers",
                  "csinodes",
                  "volumeattachments",
                  "volumeattributesclasses")),
          Map.entry(
              "authentication.k8s.io",
              Set.of("tokenreviews", "selfsubjectreviews", "uids", "userextras")),
          Map.entry(
              "authorization.k8s.io",
              Set.of(
                  "subjectaccessreviews", "selfsubjectaccessreviews", "selfsubjectrulesreviews")),
          Map.entry(
              "certificates.k8s.io", Set.of("certificatesigningrequests", "clustertrustbundles")),
          Map.entry("scheduling.k8s.io", Set.of("priorityclasses")),
          Map.entry("node.k8s.io", Set.of("runtimeclasses")),
          Map.entry(
              "admissionregistration.k8s.io",
              Set.of(
                  "mutatingwebhookconfigurations",
                  "validatingwebhookconfigurations",
                  "validatingadmissionpolicies",
                  "validatingadmissionpolicybindings",
                  "mutatingadmissionpolicies",
                  "mutatingadmissionpolicybindings")),
          Map.entry(
              "flowcontrol.apiserver.k8s.io", Set.of("flowschemas", "prioritylevelconfigurations")),
          Map.entry("networking.k8s.io", Set.of("ingressclasses", "ipaddresses", "servicecidrs")),
          Map.entry("resource.k8s.io", Set.of("deviceclasses", "resourceslices")),
          Map.entry("policy", Set.of("podsecuritypolicies")),
          Map.entry("extensions", Set.of("podsecuritypolicies")),
          Map.entry("metrics.k8s.io", Set.of("nodes")),
          Map.entry("internal.apiserver.k8s.io", Set.of("storageversions")));

  /**
   * The verbs on {@code namespaces} a Role can grant: requests about one Namespace object carry
   * that namespace, so a Role in namespace X may get, update, patch or delete Namespace X itself.
   * List, watch, create and deletecollection are requests across the cluster and never match a
   * Role.
   */
  static final Set<String> NAMESPACE_SCOPED_VERBS = Set.of("get", "update", "patch", "delete");

  /**
   * Every verb the authorizer asks about for resources: the API's verbs, plus {@code use}, {@code
   * bind}, {@code escalate}, {@code impersonate}, {@code approve}, {@code sign} and {@code attest}
   * of special resources. Verbs are case-sensitive.
   */
  static final Set<String> VERBS =
      Set.of(
          "get",
          "list",
          "watch",
          "create",
          "update",
          "patch",
          "delete",
          "deletecollection",
          "use",
          "bind",
          "escalate",
          "impersonate",
          "approve",
          "sign",
          "attest",
          "*");

  /** The only verbs that read: a rule with only these changes nothing. */
  static final Set<String> READ_VERBS = Set.of("get", "list", "watch");

  /**
   * Resources of the {@code extensions} group (and PodSecurityPolicy of {@code policy}) that
   * Kubernetes no longer serves there, with where they are served now.
   */
  static final Map<String, String> EXTENSIONS_MOVED =
      Map.ofEntries(
          Map.entry("deployments", "apps; extensions stopped serving it in 1.16"),
          Map.entry("daemonsets", "apps; extensions stopped serving it in 1.16"),
          Map.entry("replicasets", "apps; extensions stopped serving it in 1.16"),
          Map.entry("networkpolicies", "networking.k8s.io; extensions stopped serving it in 1.16"),
          Map.entry("ingresses", "networking.k8s.io; extensions stopped serving it in 1.22"));

  /** Where a cluster-scoped resource (or subresource) of {@code group} is, if it is one. */
  public static boolean clusterScoped(String group, String resource) {
    String base = base(resource);
    if ("*".equals(group)) {
      return CLUSTER_SCOPED.values().stream().anyMatch(s -> s.contains(base));
    }
    return CLUSTER_SCOPED.getOrDefault(group, Set.of()).contains(base);
  }

  /** The resource without its subresource: {@code nodes/proxy} is {@code nodes}. */
  static String base(String resource) {
    int slash = resource.indexOf('/');
    return slash < 0 ? resource : resource.substring(0, slash);
  }

  /** Where a resource of the extensions group is served now, if it moved. */
  static Optional<String> movedFromExtensions(String resource) {
    return Optional.ofNullable(EXTENSIONS_MOVED.get(base(resource)));
  }
}
