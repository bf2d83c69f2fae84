package io.nspool.janitor;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * One object in a pool namespace, named the way RBAC rules and {@code kubectl} name it: API group
 * ({@code ""} for the core group), resource (the plural, e.g. {@code roles}) and name. Versions
 * play no part: the same object is the same key in every version of its group.
 */
public record ObjectKey(String group, String resource, String name) {
  public ObjectKey {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(name, "name");
  }

  public static ObjectKey of(String group, String resource, String name) {
    return new ObjectKey(group, resource, name);
  }

  /** The key of a typed object: the group of its apiVersion, its plural and name. */
  public static ObjectKey of(HasMetadata object) {
    String apiVersion = object.getApiVersion();
    int slash = apiVersion.indexOf('/');
    return new ObjectKey(
        slash < 0 ? "" : apiVersion.substring(0, slash),
        object.getPlural(),
        object.getMetadata().getName());
  }

  /** {@code configmaps} or {@code widgets.example.com}, as {@code kubectl get} accepts it. */
  static String qualified(String group, String resource) {
    return group.isEmpty() ? resource : resource + "." + group;
  }

  /** {@code configmaps/settings}, {@code widgets.example.com/w1}. */
  @Override
  public String toString() {
    return qualified(group, resource) + "/" + name;
  }
}
