package io.nspool.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.nspool.janitor.ObjectKey;
import io.nspool.rbac.NspoolRoles;
import io.nspool.rbac.RuleCoverage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a pool namespace holds between tenants, each with exactly the content nspool wants it to
 * have: nspool's Role and RoleBinding, the installer's Role and RoleBinding (its ServiceAccount
 * lives in the control namespace, where only its existence is checked), the pristine ServiceAccount
 * {@code default}, and the cluster's root CA in {@code kube-root-ca.crt}. A previous tenant could
 * have changed any of them (an extra subject, an annotation that hands the next tenant's pods a
 * cloud identity, {@code imagePullSecrets}, a forged CA), so at every handover they are put back to
 * their desired content and then compared with it, not merely found.
 */
public final class KeptObjects {
  /** The root CA the service-account controller publishes in every namespace. */
  static final String ROOT_CA = "kube-root-ca.crt";

  private final KubernetesClient client;
  private final String controlNamespace;
  private final String serviceAccount;
  private volatile Function<String, List<? extends HasMetadata>> extra = ns -> List.of();
  private final Map<String, List<PolicyRule>> installerRules =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param client nspool's own identity
   * @param controlNamespace where nspool's ServiceAccount lives (the subject of its RoleBindings)
   */
  public KeptObjects(KubernetesClient client, String controlNamespace, String serviceAccount) {
    this.client = client;
    this.controlNamespace = controlNamespace;
    this.serviceAccount = serviceAccount;
  }

  /**
   * One kept object that is not as nspool wants it.
   *
   * @param object {@code Role tenant-1/nspool}
   * @param key the object as the janitor names it
   * @param what what is wrong, as a phrase following the object's name: {@code is missing}
   */
  public record Difference(String object, ObjectKey key, Problem problem, String what) {
    public enum Problem {
      MISSING,
      DIFFERS,
      /** {@code kube-root-ca.crt} holds something else than the cluster's root CA. */
      FORGED
    }

    @Override
    public String toString() {
      return object + " " + what;
    }
  }

  /** Objects kept besides nspool's own, per namespace: the pool's pull secret copies. */
  void alsoKeep(Function<String, List<? extends HasMetadata>> extra) {
    this.extra = extra;
  }

  /**
   * The extra rules of the installer Role (and so of nspool's Role) in {@code namespace}, as its
   * pool declares them: the desired Roles carry them, so a handover keeps a declared rule and drops
   * one added by hand. The same desired Roles as {@code nspool install} and the chart render.
   */
  void declareInstallerRules(String namespace, List<PolicyRule> rules) {
    installerRules.put(namespace, List.copyOf(rules));
  }

  /** The objects nspool owns in {@code namespace}, as they must be between tenants. */
  public List<HasMetadata> desired(String namespace) {
    List<HasMetadata> objects = own(namespace);
    objects.addAll(extra.apply(namespace));
    return objects;
  }

  private List<HasMetadata> own(String namespace) {
    List<HasMetadata> objects = new ArrayList<>();
    List<PolicyRule> rules = installerRules.getOrDefault(namespace, List.of());
    objects.add(NspoolRoles.poolRole(namespace, rules));
    objects.add(NspoolRoles.binding(namespace, controlNamespace, serviceAccount));
    // The installer's ServiceAccount is in the control namespace: nothing of it here to keep.
    objects.addAll(NspoolRoles.installerInPool(controlNamespace, namespace, rules));
    objects.add(
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName("default")
            .withNamespace(namespace)
            .endMetadata()
            .build());
    return objects;
  }

  /** The keys of {@link #desired}: the same names in every namespace. */
  public Set<ObjectKey> keys() {
    return own("any").stream().map(ObjectKey::of).collect(Collectors.toSet());
  }

  /**
   * Puts every kept object back to its desired content (replacing labels, annotations, owners,
   * finalizers and spec whole, creating what is missing) and returns what could not be put back.
   */
  List<String> reset(String namespace) {
    List<String> problems = new ArrayList<>();
    for (HasMetadata desired : desired(namespace)) {
      try {
        HasMetadata current = client.resource(desired).get();
        if (current == null) {
          client.resource(desired).create();
        } else if (!difference(desired, current).isEmpty()) {
          desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
          client.resource(desired).update();
          desired.getMetadata().setResourceVersion(null);
        }
      } catch (KubernetesClientException e) {
        problems.add(
            describe(desired)
                + " could not be reset to nspool's content ("
                + whyNot(desired, e)
                + "); re-apply it with nspool install (or apply nspool install --render)");
      }
    }
    rootCa(namespace)
        .ifPresent(
            forged -> {
              // The service-account controller owns it: delete the forgery and let it publish
              // the real one again.
              client.configMaps().inNamespace(namespace).withName(ROOT_CA).delete();
            });
    return problems;
  }

  /** Every kept object that differs from its desired content now, each with what differs. */
  List<String> verify(String namespace) {
    return differences(namespace).stream()
        .map(d -> d.problem() == Difference.Problem.DIFFERS ? d + " and could not be reset" : d)
        .map(Object::toString)
        .toList();
  }

  /**
   * Every kept object that is missing or differs from its desired content now, read as the client's
   * identity (a refused read throws).
   */
  public List<Difference> differences(String namespace) {
    List<Difference> found = new ArrayList<>();
    for (HasMetadata desired : desired(namespace)) {
      HasMetadata current = client.resource(desired).get();
      if (current == null) {
        found.add(difference(desired, Difference.Problem.MISSING, "is missing"));
        continue;
      }
      Set<String> differs = difference(desired, current);
      if (!differs.isEmpty()) {
        found.add(
            difference(
                desired,
                Difference.Problem.DIFFERS,
                "differs from nspool's content in " + String.join(", ", differs)));
      }
    }
    // The installer's ServiceAccount is not in the namespace but in the control namespace: only its
    // presence is nspool's to check (renewed at each handover, never reset field by field).
    HasMetadata installer = NspoolRoles.installerServiceAccount(controlNamespace, namespace);
    if (client.resource(installer).get() == null) {
      found.add(difference(installer, Difference.Problem.MISSING, "is missing"));
    }
    rootCa(namespace)
        .ifPresent(
            forged ->
                found.add(
                    new Difference(
                        "ConfigMap " + namespace + "/" + ROOT_CA,
                        ObjectKey.of(forged),
                        Difference.Problem.FORGED,
                        "does not hold the cluster's root CA (the copy in "
                            + controlNamespace
                            + " differs)")));
    return found;
  }

  private static Difference difference(
      HasMetadata desired, Difference.Problem problem, String what) {
    return new Difference(describe(desired), ObjectKey.of(desired), problem, what);
  }

  /**
   * The pool namespace's {@code kube-root-ca.crt} when its data differs from the copy the
   * controller published in nspool's control namespace; empty when it matches or is absent (the
   * controller publishes it again).
   */
  private Optional<ConfigMap> rootCa(String namespace) {
    ConfigMap copy = client.configMaps().inNamespace(namespace).withName(ROOT_CA).get();
    if (copy == null) {
      return Optional.empty();
    }
    ConfigMap real = client.configMaps().inNamespace(controlNamespace).withName(ROOT_CA).get();
    boolean same =
        real != null
            && Objects.equals(orEmpty(real.getData()), orEmpty(copy.getData()))
            && orEmpty(copy.getBinaryData()).isEmpty();
    return same ? Optional.empty() : Optional.of(copy);
  }

  /**
   * The fields in which {@code current} differs from {@code desired}: labels, annotations, owner
   * references, finalizers, and every field outside metadata and status. Empty fields count as
   * absent, as the API server drops them.
   */
  Set<String> difference(HasMetadata desired, HasMetadata current) {
    ObjectNode want = content(desired);
    ObjectNode have = content(current);
    Set<String> fields = new TreeSet<>();
    Set<String> names = new TreeSet<>();
    want.fieldNames().forEachRemaining(names::add);
    have.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      if ("metadata".equals(name)) {
        continue;
      }
      if (!Objects.equals(want.get(name), have.get(name))) {
        fields.add(name);
      }
    }
    JsonNode wantMeta = want.path("metadata");
    JsonNode haveMeta = have.path("metadata");
    for (String name : List.of("labels", "annotations", "ownerReferences", "finalizers")) {
      if (!Objects.equals(wantMeta.get(name), haveMeta.get(name))) {
        fields.add("metadata." + name);
      }
    }
    return fields;
  }

  private ObjectNode content(HasMetadata object) {
    KubernetesSerialization serialization = client.getKubernetesSerialization();
    ObjectNode node = (ObjectNode) prune(serialization.convertValue(object, JsonNode.class));
    node.remove(List.of("apiVersion", "kind", "status"));
    return node;
  }

  /** Drops nulls, empty arrays and empty objects, recursively. */
  private static JsonNode prune(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode pruned = prune(field.getValue());
        if (pruned == null || (pruned.isContainerNode() && pruned.isEmpty())) {
          it.remove();
        } else {
          field.setValue(pruned);
        }
      }
    } else if (node.isArray()) {
      for (int i = node.size() - 1; i >= 0; i--) {
        JsonNode pruned = prune(node.get(i));
        if (pruned == null) {
          ((com.fasterxml.jackson.databind.node.ArrayNode) node).remove(i);
        }
      }
    }
    return node;
  }

  private static String describe(HasMetadata object) {
    return object.getKind()
        + " "
        + object.getMetadata().getNamespace()
        + "/"
        + object.getMetadata().getName();
  }

  /**
   * Why a reset was refused: for a Role nspool cannot restore (Kubernetes lets nobody grant what it
   * does not hold, and a tenant took some of nspool's own permissions away), the permissions the
   * Role lacks now; otherwise the API server's first line.
   */
  private String whyNot(HasMetadata desired, KubernetesClientException e) {
    if (desired instanceof Role role && e.getCode() == 403) {
      Role current =
          client
              .rbac()
              .roles()
              .inNamespace(role.getMetadata().getNamespace())
              .withName(role.getMetadata().getName())
              .get();
      if (current != null) {
        List<RuleCoverage.Permission> lacking =
            RuleCoverage.notGrantedBy(
                RuleCoverage.permissions(role.getRules()), current.getRules());
        if (!lacking.isEmpty()) {
          return "it lacks "
              + lacking.stream().map(Object::toString).collect(Collectors.joining(", "))
              + ", which nspool cannot grant itself back";
        }
      }
    }
    return firstLine(e.getMessage());
  }

  private static String firstLine(String message) {
    return message == null ? "unknown error" : message.lines().findFirst().orElse(message);
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
