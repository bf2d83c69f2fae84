package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Derives the Role nspool needs in a namespace to install, upgrade and uninstall a chart: the
 * seeds' top complaint is a hand-written Commander Role that misses one permission. The Role is
 * computed from what the chart renders to:
 *
 * <ul>
 *   <li>every kind it creates, with the verbs Helm uses on its objects;
 *   <li>Secrets, where Helm keeps the release record (and charts look up existing values);
 *   <li>every rule of every Role the chart creates in the namespace, because Kubernetes only lets
 *       nspool create a Role, or bind it, if nspool holds those permissions itself (RBAC escalation
 *       prevention) — the alternative, {@code escalate}/{@code bind}, would let it grant anything.
 * </ul>
 *
 * Kinds are mapped to resources through API discovery, so custom resources work too.
 */
public final class CommanderRole {
  static final List<String> HELM_VERBS =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");

  private CommanderRole() {}

  public static Role derive(
      String manifests, String namespace, String roleName, KubernetesClient discovery) {
    Map<String, Set<String>> verbs = new TreeMap<>(); // "group|resource" -> verbs
    add(verbs, "", "secrets", HELM_VERBS);
    KubernetesSerialization serialization = discovery.getKubernetesSerialization();
    for (String document : manifests.split("(?m)^---\\s*$")) {
      if (document.isBlank() || document.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      GenericKubernetesResource object =
          serialization.unmarshal(document, GenericKubernetesResource.class);
      if (object == null || object.getKind() == null) {
        continue;
      }
      String objectNamespace =
          object.getMetadata() == null ? null : object.getMetadata().getNamespace();
      if (objectNamespace != null && !objectNamespace.equals(namespace)) {
        continue; // objects in other namespaces need a Role there
      }
      String group = group(object.getApiVersion());
      add(verbs, group, resource(discovery, object.getApiVersion(), object.getKind()), HELM_VERBS);
      if ("rbac.authorization.k8s.io".equals(group) && "Role".equals(object.getKind())) {
        addRoleRules(verbs, object);
      }
    }
    List<PolicyRule> rules = new ArrayList<>();
    verbs.forEach(
        (key, v) -> {
          String[] parts = key.split("\\|", 2);
          rules.add(
              new PolicyRuleBuilder()
                  .withApiGroups(parts[0])
                  .withResources(parts[1])
                  .withVerbs(new ArrayList<>(v))
                  .build());
        });
    return new RoleBuilder()
        .withNewMetadata()
        .withName(roleName)
        .withNamespace(namespace)
        .endMetadata()
        .withRules(rules)
        .build();
  }

  @SuppressWarnings("unchecked")
  private static void addRoleRules(Map<String, Set<String>> verbs, GenericKubernetesResource role) {
    Object rules = role.getAdditionalProperties().get("rules");
    if (!(rules instanceof List<?> list)) {
      return;
    }
    for (Object item : list) {
      Map<String, Object> rule = (Map<String, Object>) item;
      List<String> groups = (List<String>) rule.getOrDefault("apiGroups", List.of(""));
      List<String> resources = (List<String>) rule.getOrDefault("resources", List.of());
      List<String> ruleVerbs = (List<String>) rule.getOrDefault("verbs", List.of());
      for (String group : groups) {
        for (String resource : resources) {
          add(verbs, group, resource, ruleVerbs);
        }
      }
    }
  }

  private static void add(
      Map<String, Set<String>> verbs, String group, String resource, List<String> v) {
    verbs.computeIfAbsent(group + "|" + resource, k -> new TreeSet<>()).addAll(v);
  }

  private static String group(String apiVersion) {
    return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
  }

  private static String resource(KubernetesClient discovery, String apiVersion, String kind) {
    var list = discovery.getApiResources(apiVersion);
    if (list != null) {
      for (APIResource resource : list.getResources()) {
        if (kind.equals(resource.getKind()) && !resource.getName().contains("/")) {
          return resource.getName();
        }
      }
    }
    throw new IllegalArgumentException(
        "the chart renders a "
            + kind
            + " ("
            + apiVersion
            + ") but the API server does not serve that kind; install its CRD first");
  }
}
