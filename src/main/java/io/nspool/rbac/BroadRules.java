package io.nspool.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules nspool does not give the installer of a pool namespace unless an admin says so: {@code
 * nspool install} refuses a chart catalogue needing one (without {@code
 * --allow-broad-catalogue-rules}), and {@code nspool doctor} warns about a pool that declares one.
 * Every rule the catalogue derives lands in the installer Role of every pool namespace, and so in
 * reach of every chart of the pool; these are the ones that reach past the tenant's own objects.
 *
 * <p>One classification: the lint's own checks ({@link RuleChecks}), those of them meaning "this
 * rule can grant what it does not spell out, or reach nspool's objects":
 *
 * <ul>
 *   <li>{@code wildcard}, {@code roles-any-verb}: a {@code *} in verbs, resources or apiGroups
 *       cannot be reviewed: it covers escalate, bind and impersonate, every subresource
 *       (serviceaccounts/token), the claim Lease, and every type a CRD adds later;
 *   <li>{@code escalate-bind-impersonate}: RBAC's escalation prevention is what keeps an installer
 *       (and a chart's workloads) from granting more than they hold; escalate and bind switch it
 *       off, and impersonate acts as another identity with all its rights;
 *   <li>{@code namespace-write}: nspool never writes Namespace objects (a relabelled Namespace can
 *       loosen its Pod Security level; a deleted one leaves the pool);
 *   <li>{@code nspool-objects}: writes on the claim Lease, which nspool's own Role holds and the
 *       installer's deliberately does not. (Minting tokens in a pool namespace is not: the
 *       installer's ServiceAccount is in the control namespace, InstallerIdentity.)
 * </ul>
 *
 * Not broad, though the lint warns: {@code wildcard-read} (the installer already reads everything
 * in its namespace), {@code exec-token} for pods/exec and pods/attach (a tenant owns its pods;
 * Airflow's KubernetesExecutor needs exec), {@code secrets-read} (already held). Writes on Roles,
 * RoleBindings, ServiceAccounts and quotas are held by the fixed installer Role already (Helm
 * creates a chart's own), so a catalogue adds nothing there; nspool resets its own such objects at
 * every handover. Errors (rules that can never work) are pre-flight's to refuse, not grants.
 */
public final class BroadRules {
  /** The checks whose findings make a rule broad, in the order they are listed. */
  private static final List<RuleChecks.Check> CHECKS =
      List.of(
          RuleChecks::wildcard,
          RuleChecks::rolesAnyVerb,
          RuleChecks::escalateBindImpersonate,
          RuleChecks::namespaceWrite,
          RuleChecks::nspoolObjects);

  /** A read-only wildcard: the installer's fixed Role reads everything already. */
  private static final String WILDCARD_READ = "wildcard-read";

  /** Rules are judged as given to a pool namespace's installer, i.e. in every pool namespace. */
  private static final LintedRole INSTALLER =
      new LintedRole(LintedRole.ROLE, null, NspoolRoles.INSTALLER, List.of());

  private BroadRules() {}

  /** Why {@code rule} is broad, one finding per reason; empty when it is not. */
  public static List<Finding> findings(PolicyRule rule) {
    RuleChecks.Rule r = new RuleChecks.Rule(INSTALLER, 1, rule);
    List<Finding> findings = new ArrayList<>();
    for (RuleChecks.Check check : CHECKS) {
      check.check(r).filter(f -> !f.check().equals(WILDCARD_READ)).ifPresent(findings::add);
    }
    return findings;
  }

  public static boolean broad(PolicyRule rule) {
    return !findings(rule).isEmpty();
  }

  /** The reasons in one sentence each: {@code [wildcard] "*" in verbs grants ...}. */
  public static String why(List<Finding> findings) {
    return String.join(" ", findings.stream().map(f -> "[" + f.check() + "] " + f.why()).toList());
  }
}
