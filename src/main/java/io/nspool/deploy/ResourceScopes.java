package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nspool.rbac.KubernetesResources;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The resource (plural name) behind a kind and whether it is namespaced: through API discovery,
 * which any authenticated identity may read, so custom resources are known too; or, without a
 * cluster (an admin's {@code nspool rbac role}), from Kubernetes' built-in cluster-scoped list and
 * the plural Kubernetes itself derives from a kind.
 */
public interface ResourceScopes {
  /** One kind as the API serves it. */
  record Scope(String resource, boolean namespaced) {}

  /** Empty when the API server serves no such kind at that apiVersion. */
  Optional<Scope> of(String apiVersion, String kind);

  static ResourceScopes discovery(KubernetesClient client) {
    Map<String, APIResourceList> cache = new HashMap<>();
    return (apiVersion, kind) -> {
      APIResourceList list =
          cache.computeIfAbsent(
              apiVersion,
              v -> {
                try {
                  return client.getApiResources(v);
                } catch (KubernetesClientException e) {
                  return null;
                }
              });
      if (list == null) {
        return Optional.empty();
      }
      for (APIResource resource : list.getResources()) {
        if (kind.equals(resource.getKind()) && !resource.getName().contains("/")) {
          return Optional.of(
              new Scope(resource.getName(), Boolean.TRUE.equals(resource.getNamespaced())));
        }
      }
      return Optional.empty();
    };
  }

  static ResourceScopes builtIn() {
    return (apiVersion, kind) -> {
      String group =
          apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
      String resource = plural(kind);
      boolean cluster =
          KubernetesResources.clusterScoped(group, resource)
              || (group.isEmpty() && resource.equals("namespaces"));
      return Optional.of(new Scope(resource, !cluster));
    };
  }

  /** The plural Kubernetes' RESTMapper guesses for a kind (UnsafeGuessKindToResource). */
  static String plural(String kind) {
    String lower = kind.toLowerCase(Locale.ROOT);
    if (lower.equals("endpoints")) {
      return lower;
    }
    if (lower.endsWith("s")) {
      return lower + "es";
    }
    if (lower.endsWith("y")
        && lower.length() > 1
        && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
      return lower.substring(0, lower.length() - 1) + "ies";
    }
    return lower + "s";
  }
}
