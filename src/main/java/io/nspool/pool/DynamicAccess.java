package io.nspool.pool;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nspool.rbac.DynamicRoles;
import io.nspool.rbac.NspoolRoles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nspool's own access to a namespace that joins a pool by label (dynamic mode): what {@code nspool
 * install} creates for a listed namespace — nspool's Role and RoleBinding, the installer's Role and
 * RoleBinding, and the installer's ServiceAccount in the control namespace — nspool creates itself,
 * through a RoleBinding to its pool ClusterRole ({@link DynamicRoles#JOIN_BINDING}) that admission
 * admits only where the labels match, and removes as soon as its own Role is bound. From then on
 * the namespace is like a listed one (the handover resets the same objects). When the namespace
 * leaves, nspool deletes them again, its own RoleBinding last: a namespace that is no longer
 * labelled keeps no access of nspool's.
 */
public final class DynamicAccess {
  private static final Logger log = LoggerFactory.getLogger(DynamicAccess.class);
  private static final Duration BIND_WAIT = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final String controlNamespace;
  private final String serviceAccount;
  private final Set<String> granted = ConcurrentHashMap.newKeySet();

  public DynamicAccess(KubernetesClient client, String controlNamespace, String serviceAccount) {
    this.client = client;
    this.controlNamespace = controlNamespace;
    this.serviceAccount = serviceAccount;
  }

  /** Whether this process has seen nspool's Role bound in {@code namespace} already. */
  public boolean granted(String namespace) {
    return granted.contains(namespace);
  }

  /**
   * Makes sure nspool holds its Role in {@code namespace}; empty when it does, else why not (the
   * namespace is quarantined with it). Cheap once granted: remembered until the namespace leaves.
   */
  public Optional<String> grant(String namespace, List<PolicyRule> rules) {
    if (granted.contains(namespace)) {
      return Optional.empty();
    }
    try {
      if (ownBinding(namespace) != null) {
        granted.add(namespace);
        return Optional.empty();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403 && e.getCode() != 404) {
        throw e;
      }
    }
    // Checked on top of admission, before every join: a gate not (yet) enforced would admit the
    // join binding in any namespace, labelled or not.
    Optional<String> gate = DynamicRoles.gateMissing(client, controlNamespace);
    if (gate.isPresent()) {
      return Optional.of("not joined: " + gate.get());
    }
    try {
      create(DynamicRoles.joinBinding(namespace, controlNamespace, serviceAccount));
    } catch (KubernetesClientException e) {
      return Optional.of(
          "cannot bind nspool's pool ClusterRole "
              + DynamicRoles.poolClusterRoleName(controlNamespace)
              + " in "
              + namespace
              + " ("
              + firstLine(e)
              + "); dynamic mode needs the ClusterRole, ClusterRoleBinding and admission policy"
              + " nspool install --namespace-selector renders");
    }
    List<HasMetadata> own = new ArrayList<>();
    own.add(NspoolRoles.poolRole(namespace, rules));
    own.add(NspoolRoles.binding(namespace, controlNamespace, serviceAccount));
    own.add(NspoolRoles.installerServiceAccount(controlNamespace, namespace));
    own.addAll(NspoolRoles.installerInPool(controlNamespace, namespace, rules));
    try {
      // RBAC caches bindings: the join binding takes effect within moments, not at once.
      createWhenBound(own.get(0));
      for (HasMetadata object : own.subList(1, own.size())) {
        create(object);
      }
    } catch (KubernetesClientException e) {
      return Optional.of(
          "cannot create nspool's Role and installer in "
              + namespace
              + " through its pool ClusterRole: "
              + firstLine(e));
    }
    deleteQuietly(DynamicRoles.joinBinding(namespace, controlNamespace, serviceAccount));
    granted.add(namespace);
    log.info("Namespace({}) joined by label: nspool's Role and the installer created", namespace);
    return Optional.empty();
  }

  /**
   * Removes nspool's access from a namespace that left a dynamic pool: the installer, then nspool's
   * RoleBinding, after which nspool can do nothing there. Its Role stays, bound to nobody (it
   * grants nothing): deleting it first would take away the right to delete the RoleBinding, and
   * nspool cannot bind its pool ClusterRole again in a namespace that is not labelled. A namespace
   * that is gone, or where nspool holds nothing any more, is left as it is.
   */
  public void revoke(String namespace, List<PolicyRule> rules) {
    granted.remove(namespace);
    // The installer's ServiceAccount stays in the control namespace, bound to nothing once its
    // RoleBinding here is gone (nspool may not delete ServiceAccounts there); it is reused if the
    // namespace joins again.
    List<HasMetadata> objects =
        new ArrayList<>(NspoolRoles.installerInPool(controlNamespace, namespace, rules));
    java.util.Collections.reverse(objects);
    objects.add(DynamicRoles.joinBinding(namespace, controlNamespace, serviceAccount));
    objects.add(NspoolRoles.binding(namespace, controlNamespace, serviceAccount));
    for (HasMetadata object : objects) {
      deleteQuietly(object);
    }
    log.info("Namespace({}) left its pool by label: nspool's objects removed", namespace);
  }

  private RoleBinding ownBinding(String namespace) {
    return client
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .withName(NspoolRoles.ROLE_NAME)
        .get();
  }

  private void create(HasMetadata object) {
    try {
      client.resource(object).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  private void createWhenBound(HasMetadata object) {
    long deadline = System.nanoTime() + BIND_WAIT.toNanos();
    long pause = 50;
    while (true) {
      try {
        create(object);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 403 || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a RoleBinding", e);
      }
      pause = Math.min(pause * 2, 1000);
    }
  }

  private void deleteQuietly(HasMetadata object) {
    try {
      client.resource(object).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403 && e.getCode() != 404) {
        log.warn(
            "{}({}/{}) not deleted: {}",
            object.getKind(),
            object.getMetadata().getNamespace(),
            object.getMetadata().getName(),
            firstLine(e));
      }
    }
  }

  private static String firstLine(KubernetesClientException e) {
    String m =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
