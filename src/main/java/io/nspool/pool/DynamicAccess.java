package io.nspool.pool;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nspool.fault.CrashPoint;
import io.nspool.fault.CrashPoints;
import io.nspool.rbac.DynamicRoles;
import io.nspool.rbac.NspoolRoles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
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

  /**
   * How long a refused join is answered from memory: each attempt writes (the join binding, made
   * and removed), and the pool is reconciled at every claim event, so attempts are spaced by this
   * rather than by how busy the pool is. Whatever removes the cause is seen at the next attempt.
   */
  static final Duration REFUSAL_RETRY = Duration.ofSeconds(15);

  private record Refusal(String reason, long atNanos) {}

  private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();

  private final KubernetesClient client;
  private final String controlNamespace;
  private final String serviceAccount;
  private final Set<String> granted = ConcurrentHashMap.newKeySet();
  private final KeptObjects kept;

  public DynamicAccess(KubernetesClient client, String controlNamespace, String serviceAccount) {
    this.client = client;
    this.kept = new KeptObjects(client, controlNamespace, serviceAccount);
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
   * What the namespace holds under nspool's names is judged first ({@link JoinCheck}): a planted
   * object that would grant someone else nspool's or the installer's rights is refused, named, and
   * left as it is; nspool's join binding is removed again, so a refused namespace keeps no access
   * of nspool's beyond what someone else put there.
   */
  public Optional<String> grant(String namespace, List<PolicyRule> rules, boolean member) {
    if (granted.contains(namespace)) {
      return Optional.empty();
    }
    Refusal last = refusals.get(namespace);
    if (last != null && System.nanoTime() - last.atNanos() < REFUSAL_RETRY.toNanos()) {
      return Optional.of(last.reason());
    }
    Optional<String> refusal = attempt(namespace, rules, member);
    if (refusal.isPresent()) {
      refusals.put(namespace, new Refusal(refusal.get(), System.nanoTime()));
    } else {
      refusals.remove(namespace);
    }
    return refusal;
  }

  private Optional<String> attempt(String namespace, List<PolicyRule> rules, boolean member) {
    if (member && readable(() -> ownBinding(namespace)).isPresent()) {
      // Joined before (its pool's status, which only nspool writes, records it in use) and nspool
      // still bound there: what a tenant does inside is the handover's and the health check's
      // business, not a join's.
      granted.add(namespace);
      return Optional.empty();
    }
    List<HasMetadata> desired = desired(namespace, rules);
    // Already bound (a restart mid-join): used only if every object is exactly nspool's.
    Optional<JoinCheck.Verdict> already = readable(() -> inspect(namespace, desired, null));
    if (already.isPresent() && already.get().complete()) {
      granted.add(namespace);
      return Optional.empty();
    }
    if (already.isPresent() && !already.get().refusals().isEmpty()) {
      return Optional.of(refused(already.get()));
    }
    // Checked on top of admission, before every join: a gate not (yet) enforced would admit the
    // join binding in any namespace, labelled or not.
    Optional<String> gate = DynamicRoles.gateMissing(client, controlNamespace);
    if (gate.isPresent()) {
      return Optional.of("not joined: " + gate.get());
    }
    RoleBinding join = DynamicRoles.joinBinding(namespace, controlNamespace, serviceAccount);
    boolean joinExisted;
    try {
      joinExisted = !create(join);
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
    JoinCheck.Verdict verdict;
    try {
      // RBAC caches bindings: the join binding takes effect within moments, not at once.
      verdict = whenBound(() -> inspect(namespace, desired, join));
    } catch (KubernetesClientException e) {
      if (joinExisted && e.getCode() == 403) {
        return Optional.of(
            "not joined: namespace "
                + namespace
                + ": RoleBinding "
                + namespace
                + "/"
                + DynamicRoles.JOIN_BINDING
                + " was there before nspool joined and does not give nspool its pool ClusterRole;"
                + " nothing changed; delete it and the namespace joins");
      }
      return Optional.of(
          "cannot read what namespace "
              + namespace
              + " holds through nspool's pool ClusterRole: "
              + firstLine(e));
    }
    if (!verdict.refusals().isEmpty()) {
      if (!joinExisted || verdict.refusals().stream().noneMatch(r -> r.contains(JOIN_OBJECT))) {
        deleteQuietly(join);
      }
      return Optional.of(refused(verdict));
    }
    try {
      // The installer's ServiceAccount lives in the control namespace (no pod of this namespace
      // can name it); one left from an earlier membership is reused.
      create(NspoolRoles.installerServiceAccount(controlNamespace, namespace));
      for (JoinCheck.Step step : verdict.steps()) {
        apply(step);
        if (step.desired() instanceof RoleBinding b
            && NspoolRoles.ROLE_NAME.equals(b.getMetadata().getName())) {
          CrashPoints.reach(CrashPoint.JOIN_AFTER_ROLE_BINDING);
        }
      }
    } catch (KubernetesClientException e) {
      return Optional.of(
          "cannot create nspool's Role and installer in "
              + namespace
              + " through its pool ClusterRole: "
              + firstLine(e));
    }
    deleteQuietly(join);
    granted.add(namespace);
    log.info("Namespace({}) joined by label: nspool's Role and the installer created", namespace);
    return Optional.empty();
  }

  private static final String JOIN_OBJECT = "/" + DynamicRoles.JOIN_BINDING + " ";

  private static String refused(JoinCheck.Verdict verdict) {
    return "not joined, nothing of it changed: "
        + String.join("; ", verdict.refusals())
        + ". Delete what is named (a label joins a namespace that holds nothing under nspool's"
        + " names), or remove the label";
  }

  private List<HasMetadata> desired(String namespace, List<PolicyRule> rules) {
    List<HasMetadata> own = new ArrayList<>();
    own.add(NspoolRoles.poolRole(namespace, rules));
    own.add(NspoolRoles.binding(namespace, controlNamespace, serviceAccount));
    own.addAll(NspoolRoles.installerInPool(controlNamespace, namespace, rules));
    return own;
  }

  /**
   * Reads what {@link JoinCheck} judges. {@code join}: the join binding nspool just made (or
   * found), whose content is checked too; null when nspool did not make one.
   */
  private JoinCheck.Verdict inspect(String namespace, List<HasMetadata> desired, RoleBinding join) {
    Map<String, HasMetadata> own = new HashMap<>();
    for (HasMetadata want : desired) {
      HasMetadata have = client.resource(want).get();
      if (have != null) {
        own.put(JoinCheck.key(want), have);
      }
    }
    List<RoleBinding> bindings =
        client.rbac().roleBindings().inNamespace(namespace).list().getItems();
    String joinProblem = null;
    if (join != null) {
      RoleBinding found =
          bindings.stream()
              .filter(b -> DynamicRoles.JOIN_BINDING.equals(b.getMetadata().getName()))
              .findFirst()
              .orElse(null);
      Set<String> differs = found == null ? Set.of() : kept.difference(join, found);
      if (differs.contains("roleRef") || differs.contains("subjects")) {
        joinProblem =
            "RoleBinding "
                + namespace
                + JOIN_OBJECT
                + "was there before nspool joined with another role or subjects";
      }
    }
    return JoinCheck.judge(
        namespace, desired, new JoinCheck.Seen(own, bindings), joinProblem, kept::difference);
  }

  private void apply(JoinCheck.Step step) {
    HasMetadata desired = step.desired();
    switch (step.action()) {
      case KEEP -> {}
      case CREATE -> create(desired);
      case RESET -> {
        desired.getMetadata().setResourceVersion(step.current().getMetadata().getResourceVersion());
        client.resource(desired).update();
        desired.getMetadata().setResourceVersion(null);
        log.info(
            "{}({}/{}) reset to nspool's content at join",
            desired.getKind(),
            desired.getMetadata().getNamespace(),
            desired.getMetadata().getName());
      }
    }
  }

  private RoleBinding ownBinding(String namespace) {
    return client
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .withName(NspoolRoles.ROLE_NAME)
        .get();
  }

  /** A read that nspool may not make yet (no binding of its own there): empty. */
  private static <T> Optional<T> readable(Supplier<T> read) {
    try {
      return Optional.ofNullable(read.get());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
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
    refusals.remove(namespace);
    // The installer's ServiceAccount stays in the control namespace, bound to nothing once its
    // RoleBinding here is gone; it is reused if the namespace joins again.
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

  /** Creates {@code object}; false when it exists already. */
  private boolean create(HasMetadata object) {
    try {
      client.resource(object).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return false;
    }
  }

  private <T> T whenBound(Supplier<T> call) {
    long deadline = System.nanoTime() + BIND_WAIT.toNanos();
    long pause = 50;
    while (true) {
      try {
        return call.get();
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
