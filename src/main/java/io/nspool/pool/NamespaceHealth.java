package io.nspool.pool;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nspool.rbac.NspoolRoles;
import io.nspool.rbac.RuleCoverage;
import io.nspool.rbac.RuleCoverage.Permission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Whether nspool can work in a pool namespace: the namespace exists, its Pod Security label is at
 * least as strict as its pool asks for, and nspool's identity holds every permission of its pool
 * Role there (asked with a SelfSubjectRulesReview, one call per namespace). Answers are remembered
 * for a short while so reconciling does not hammer the API.
 */
public final class NamespaceHealth {
  /** Healthy, or the reason (an operator can act on) why not. */
  public record Verdict(boolean healthy, String reason, Instant checkedAt) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration maxAge;
  private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();

  public NamespaceHealth(KubernetesClient client, Clock clock, Duration maxAge) {
    this.client = client;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  public Verdict check(
      String namespace, List<PolicyRule> extraRules, PodSecurityLevel podSecurity) {
    Verdict known = verdicts.get(namespace);
    if (known != null && known.checkedAt().plus(maxAge).isAfter(clock.instant())) {
      return known;
    }
    Verdict fresh = checkNow(namespace, extraRules, podSecurity);
    verdicts.put(namespace, fresh);
    return fresh;
  }

  /** When a verdict stops being trusted and the namespace is checked again. */
  public Instant staleAt(Verdict verdict) {
    return verdict.checkedAt().plus(maxAge);
  }

  /** Forgets the remembered verdict, e.g. after a watch error, so the next check asks again. */
  public void forget(String namespace) {
    verdicts.remove(namespace);
  }

  private Verdict checkNow(
      String namespace, List<PolicyRule> extraRules, PodSecurityLevel podSecurity) {
    Instant now = clock.instant();
    try {
      Namespace object = client.namespaces().withName(namespace).get();
      if (object == null) {
        return new Verdict(false, "namespace " + namespace + " does not exist", now);
      }
      PodSecurityLevel enforced = PodSecurityLevel.enforcedBy(object.getMetadata().getLabels());
      if (enforced.looserThan(podSecurity)) {
        // nspool may not patch Namespaces (that is what could loosen this label): an admin must.
        return new Verdict(
            false,
            "namespace "
                + namespace
                + " enforces Pod Security level "
                + enforced.wireName()
                + ", looser than its pool's "
                + podSecurity.wireName()
                + "; label it: kubectl label namespace "
                + namespace
                + " "
                + PodSecurityLevel.ENFORCE_LABEL
                + "="
                + podSecurity.wireName()
                + " --overwrite",
            now);
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        // A RoleBinding cannot exist in a namespace that does not exist, so both look alike.
        return new Verdict(
            false,
            "namespace "
                + namespace
                + " does not exist, or nspool has no Role in it (get namespaces/"
                + namespace
                + " is forbidden); create it with its Role and RoleBinding (nspool install)",
            now);
      }
      throw e;
    }
    SelfSubjectRulesReview review =
        client
            .authorization()
            .v1()
            .selfSubjectRulesReview()
            .create(
                new SelfSubjectRulesReviewBuilder()
                    .withNewSpec()
                    .withNamespace(namespace)
                    .endSpec()
                    .build());
    List<Permission> required =
        RuleCoverage.permissions(NspoolRoles.poolRole(namespace, extraRules).getRules());
    List<Permission> missing =
        RuleCoverage.missing(required, review.getStatus().getResourceRules());
    if (!missing.isEmpty()) {
      return new Verdict(
          false,
          "nspool's Role in "
              + namespace
              + " lacks "
              + missing.size()
              + " permission(s): "
              + missing.stream()
                  .limit(8)
                  .map(Permission::toString)
                  .collect(Collectors.joining(", "))
              + (missing.size() > 8 ? ", ..." : "")
              + "; re-apply its Role (nspool install --render shows it)",
          now);
    }
    return new Verdict(true, null, now);
  }
}
