package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.claim.Claim;
import io.nspool.claim.ClaimCache;
import io.nspool.claim.ClaimConflictException;
import io.nspool.claim.ClaimState;
import io.nspool.claim.ClaimTransitions;
import io.nspool.claim.Claimer;
import io.nspool.claim.NamespaceStateMachine;
import io.nspool.claim.StoredClaim;
import io.nspool.fault.CrashPoint;
import io.nspool.fault.CrashPoints;
import io.nspool.rbac.NspoolRoles;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extra executor namespaces of deployments ({@code spec.executorNamespaces}): claimed after the
 * deployment's own namespace and released with it, each with the bindings its pods need. A claim
 * alone says it is an executor namespace and of which namespace ({@link Claim#executorOf()}), so
 * whichever replica reconciles after a crash finds every one of them.
 *
 * <p>All or nothing: a deployment is bound only once it holds every namespace it asked for; when
 * one cannot be had, the caller releases every claim it made (they go through the janitor, as any
 * released namespace does) and the deployment waits, Pending, for room.
 *
 * <p>In each executor namespace nspool binds two identities of the deployment's own namespace: its
 * installer, to that namespace's installer Role (so the chart may render its pod-launcher Role
 * there, as the bundled chart does, and Helm can remove it again), and the chart's scheduler
 * ServiceAccount to a pod-launcher Role (so the executor can launch and watch pods there even when
 * the chart renders no Role for it, as the official Airflow chart with {@code
 * multiNamespaceMode=false}). The scrub of a released executor namespace deletes both, like every
 * object it finds there.
 */
final class ExecutorClaims {
  private static final Logger log = LoggerFactory.getLogger(ExecutorClaims.class);

  /** Binds the deployment's installer to the executor namespace's installer Role. */
  static final String INSTALLER_BINDING = "nspool-executor-installer";

  /** Role and RoleBinding for the chart's scheduler: what an executor needs to run task pods. */
  static final String POD_LAUNCHER = "nspool-pod-launcher";

  /** What Airflow's KubernetesExecutor does with pods in the namespaces it launches them in. */
  static final List<PolicyRule> POD_LAUNCHER_RULES =
      List.of(
          new PolicyRuleBuilder()
              .withApiGroups("")
              .withResources("pods")
              .withVerbs("create", "get", "list", "watch", "patch", "delete")
              .build(),
          new PolicyRuleBuilder()
              .withApiGroups("")
              .withResources("pods/log")
              .withVerbs("get")
              .build(),
          new PolicyRuleBuilder()
              .withApiGroups("")
              .withResources("events")
              .withVerbs("get", "list", "watch")
              .build());

  private final KubernetesClient client;
  private final ClaimCache cache;
  private final ClaimTransitions transitions;
  private final Claimer claimer;
  private final Clock clock;
  private final String controlNamespace;

  ExecutorClaims(
      KubernetesClient client,
      String controlNamespace,
      ClaimCache cache,
      ClaimTransitions transitions,
      Claimer claimer,
      Clock clock) {
    this.client = client;
    this.controlNamespace = controlNamespace;
    this.cache = cache;
    this.transitions = transitions;
    this.claimer = claimer;
    this.clock = clock;
  }

  /** The executor claims (claimed, draining or retained) {@code uid} holds among candidates. */
  List<StoredClaim> held(String uid, Collection<String> candidates) {
    List<StoredClaim> held = new ArrayList<>();
    for (String namespace : candidates) {
      cache
          .get(namespace)
          .filter(s -> uid.equals(s.claim().holderUid()) && s.claim().executor())
          .filter(s -> s.claim().state() != ClaimState.CLEANING)
          .ifPresent(held::add);
    }
    return held;
  }

  /**
   * Why the pool cannot give a new deployment its own namespace and its executor namespaces now,
   * counted before claiming anything (so a pool without room makes no claim to undo).
   */
  Optional<String> shortage(
      TenantDeployment deployment, String pool, List<String> own, int alreadyHeld) {
    ExecutorNamespaces wanted = deployment.getSpec().getExecutorNamespaces();
    int needed = 1 + wanted.wanted() - alreadyHeld;
    int offered = claimer.offered(own);
    if (wanted.getNames() != null) {
      List<String> missing =
          wanted.getNames().stream()
              .filter(n -> !own.contains(n) || claimer.offered(List.of(n)) == 0)
              .filter(n -> held(DeploymentReconciler.uid(deployment), List.of(n)).isEmpty())
              .toList();
      if (!missing.isEmpty()) {
        return Optional.of(
            "executor namespace(s) "
                + String.join(", ", missing)
                + " of pool \""
                + pool
                + "\" are not available (taken, unhealthy or not in the pool); the deployment"
                + " takes its namespaces all together or none, and waits");
      }
    }
    if (offered < needed) {
      return Optional.of(
          "pool \""
              + pool
              + "\" has "
              + offered
              + " available namespace(s) and this deployment needs "
              + needed
              + " (its own and "
              + wanted.wanted()
              + " executor namespace(s)), all together or none; it waits until enough are free."
              + " Delete a deployment, or ask a platform admin to add namespaces to the pool.");
    }
    return Optional.empty();
  }

  /**
   * Claims (or restores after a soft delete) every executor namespace the deployment asks for, in
   * addition to those it already holds, and returns them all.
   *
   * @param known where claims it already holds may be (the pool's list and status, the deployment's
   *     status): wider than {@code members}, so that a claim made before a crash is found even when
   *     its namespace left the pool since
   * @param members the pool's own namespaces ({@link io.nspool.pool.PoolMembership}): the only ones
   *     a new claim may take (a namespace removed from the pool, or owned by an older pool, is
   *     still listed in this pool's status until its reconciler runs, and may still look free)
   * @throws io.nspool.error.NspoolException one could not be had; claims made so far stay, and the
   *     caller releases them all
   * @throws ClaimConflictException restoring one lost a race: nothing is wrong, the caller looks
   *     again on the claim's event (never a reason to release a retained tenant's namespaces)
   */
  List<String> ensure(
      TenantDeployment deployment,
      String pool,
      String primary,
      List<String> known,
      List<String> members,
      int wanted) {
    String uid = DeploymentReconciler.uid(deployment);
    List<String> namespaces = new ArrayList<>();
    for (StoredClaim held : held(uid, candidates(deployment, known))) {
      if (held.claim().state() == ClaimState.RETAINED) {
        transitions
            .apply(
                pool,
                held,
                c -> NamespaceStateMachine.restore(c, uid, clock.instant()),
                "restored by " + DeploymentReconciler.key(deployment))
            .orElseThrow(() -> new ClaimConflictException(held.namespace()));
      }
      namespaces.add(held.namespace());
    }
    // The deployment's status and the claim cache are two watches: a status naming an executor
    // namespace can arrive before the cache shows that namespace's claim. Read such a claim itself
    // instead of claiming one more namespace in its place (no read while the cache agrees).
    if (deployment.getStatus() != null) {
      for (String recorded : deployment.getStatus().getExecutorNamespaces()) {
        if (!namespaces.contains(recorded)) {
          transitions
              .store()
              .read(recorded)
              .filter(
                  s ->
                      uid.equals(s.claim().holderUid())
                          && s.claim().executor()
                          && (s.claim().state() == ClaimState.CLAIMED
                              || s.claim().state() == ClaimState.DRAINING))
              .ifPresent(s -> namespaces.add(s.namespace()));
        }
      }
    }
    ExecutorNamespaces spec = deployment.getSpec().getExecutorNamespaces();
    if (spec.getNames() != null) {
      for (String name : spec.getNames()) {
        if (!namespaces.contains(name)) {
          namespaces.add(
              claimer.claimExecutor(request(deployment, pool, members, name), primary).namespace());
          CrashPoints.reach(CrashPoint.EXECUTOR_AFTER_CLAIM);
        }
      }
    }
    while (namespaces.size() < wanted) {
      List<String> candidates = new ArrayList<>(members);
      candidates.remove(primary);
      candidates.removeAll(namespaces);
      namespaces.add(
          claimer.claimExecutor(request(deployment, pool, candidates, null), primary).namespace());
      CrashPoints.reach(CrashPoint.EXECUTOR_AFTER_CLAIM);
    }
    return namespaces;
  }

  /** The bindings of one executor namespace, applied as nspool (idempotent: server-side apply). */
  void grant(String executor, String primary, String release) {
    for (HasMetadata object : grants(controlNamespace, executor, primary, release)) {
      client.resource(object).fieldManager("nspool").forceConflicts().serverSideApply();
    }
  }

  /**
   * The primary's installer (a ServiceAccount of {@code controlNamespace}) bound to the executor's
   * installer Role, and the chart scheduler's pod-launcher Role and RoleBinding.
   */
  static List<HasMetadata> grants(
      String controlNamespace, String executor, String primary, String release) {
    RoleBinding installer =
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName(INSTALLER_BINDING)
            .withNamespace(executor)
            .withLabels(NspoolRoles.LABELS)
            .addToAnnotations("nspool.io/executor-of", primary)
            .endMetadata()
            .withNewRoleRef()
            .withApiGroup("rbac.authorization.k8s.io")
            .withKind("Role")
            .withName(NspoolRoles.INSTALLER)
            .endRoleRef()
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName(io.nspool.rbac.InstallerIdentity.serviceAccountName(primary))
            .withNamespace(controlNamespace)
            .endSubject()
            .build();
    Role launcher =
        new RoleBuilder()
            .withNewMetadata()
            .withName(POD_LAUNCHER)
            .withNamespace(executor)
            .withLabels(NspoolRoles.LABELS)
            .addToAnnotations("nspool.io/executor-of", primary)
            .endMetadata()
            .withRules(POD_LAUNCHER_RULES)
            .build();
    RoleBinding launcherBinding =
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName(POD_LAUNCHER)
            .withNamespace(executor)
            .withLabels(NspoolRoles.LABELS)
            .addToAnnotations("nspool.io/executor-of", primary)
            .endMetadata()
            .withNewRoleRef()
            .withApiGroup("rbac.authorization.k8s.io")
            .withKind("Role")
            .withName(POD_LAUNCHER)
            .endRoleRef()
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName(schedulerServiceAccount(release))
            .withNamespace(primary)
            .endSubject()
            .build();
    return List.of(installer, launcher, launcherBinding);
  }

  /** The ServiceAccount the chart runs its scheduler (the executor) as. */
  static String schedulerServiceAccount(String release) {
    return release + "-scheduler";
  }

  /** Soft delete: each executor namespace is retained with the deployment's own. */
  void retain(TenantDeployment deployment, String pool, List<String> own, Duration retention) {
    for (StoredClaim held :
        held(DeploymentReconciler.uid(deployment), candidates(deployment, own))) {
      ClaimState state = held.claim().state();
      if (state == ClaimState.CLAIMED || state == ClaimState.DRAINING) {
        transitions.apply(
            pool,
            held,
            c -> NamespaceStateMachine.releaseSoft(c, retention, clock.instant()),
            "executor namespace of soft-deleted " + DeploymentReconciler.key(deployment));
      }
    }
  }

  /**
   * Hard delete, a refused claim, or the end of a retained deployment: every executor namespace
   * goes to the janitor. Returns whether none is left held (a lost race leaves one for next time).
   */
  boolean releaseAll(TenantDeployment deployment, String pool, List<String> own, String why) {
    boolean all = true;
    for (StoredClaim held :
        held(DeploymentReconciler.uid(deployment), candidates(deployment, own))) {
      boolean retained = held.claim().state() == ClaimState.RETAINED;
      all &=
          transitions
              .apply(
                  pool,
                  held,
                  c ->
                      retained
                          ? NamespaceStateMachine.orphaned(c, clock.instant())
                          : NamespaceStateMachine.releaseHard(c, clock.instant()),
                  why)
              .isPresent();
      log.info(
          "TenantDeployment({}) released executor namespace {}: {}",
          DeploymentReconciler.key(deployment),
          held.namespace(),
          why);
    }
    return all;
  }

  private static List<String> candidates(TenantDeployment deployment, List<String> own) {
    List<String> candidates = new ArrayList<>(own);
    if (deployment.getStatus() != null) {
      deployment.getStatus().getExecutorNamespaces().stream()
          .filter(n -> !candidates.contains(n))
          .forEach(candidates::add);
    }
    return candidates;
  }

  private static Claimer.Request request(
      TenantDeployment deployment, String pool, List<String> namespaces, String requested) {
    return new Claimer.Request(
        pool,
        namespaces,
        DeploymentReconciler.uid(deployment),
        DeploymentReconciler.key(deployment),
        requested);
  }
}
