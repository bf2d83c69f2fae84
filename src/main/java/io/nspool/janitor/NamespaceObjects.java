package io.nspool.janitor;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lists and deletes the objects of one namespace, type by type, as the client's identity. */
final class NamespaceObjects {
  private static final long PAGE = 500;

  private final KubernetesClient client;
  private final String namespace;

  NamespaceObjects(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /**
   * Why the namespace cannot be scrubbed, if it cannot: an identity allowed to list cluster-wide
   * would list nothing in a namespace that does not exist and call it clean.
   */
  Optional<Leftover> unavailable() {
    try {
      Namespace found = client.namespaces().withName(namespace).get();
      if (found == null) {
        return Optional.of(Leftover.namespaceUnavailable(namespace, "does not exist"));
      }
      if (found.getMetadata().getDeletionTimestamp() != null) {
        return Optional.of(Leftover.namespaceUnavailable(namespace, "is being deleted"));
      }
      return Optional.empty();
    } catch (KubernetesClientException e) {
      ApiError error = ApiError.of(e);
      return Optional.of(
          Leftover.namespaceUnavailable(
              namespace,
              error.forbidden()
                  ? "forbidden to get it (it does not exist, or nspool's Role in it is missing)"
                  : "cannot be read: " + error));
    }
  }

  Snapshot snapshot(List<ResourceType> types) {
    List<ListedObject> objects = new ArrayList<>();
    Map<ResourceType, ApiError> failures = new LinkedHashMap<>();
    for (ResourceType type : types) {
      try {
        objects.addAll(list(type));
      } catch (KubernetesClientException e) {
        failures.put(type, ApiError.of(e));
      }
    }
    return new Snapshot(objects, failures);
  }

  private List<ListedObject> list(ResourceType type) {
    List<ListedObject> objects = new ArrayList<>();
    String next = null;
    do {
      GenericKubernetesResourceList page =
          client
              .genericKubernetesResources(type.context())
              .inNamespace(namespace)
              .list(new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build());
      page.getItems().forEach(item -> objects.add(ListedObject.of(type, item)));
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
    return objects;
  }

  /**
   * Deletes one object, leaving its dependents to the garbage collector (background propagation, so
   * the call does not wait for them). Returns false when it was already gone.
   */
  boolean delete(ListedObject object) {
    return !client
        .genericKubernetesResources(object.type().context())
        .inNamespace(namespace)
        .withName(object.name())
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete()
        .isEmpty();
  }
}
