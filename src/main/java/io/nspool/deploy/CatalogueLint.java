package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.nspool.rbac.BroadRules;
import io.nspool.rbac.Finding;
import io.nspool.rbac.RuleCoverage;
import io.nspool.rbac.RuleText;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code nspool install} does with a catalogue whose charts need broad rules ({@link
 * BroadRules}): everything the catalogue needs goes into the installer Role of every pool
 * namespace, so a chart's own Role granting {@code *}, {@code escalate} or writes on the claim
 * Lease would, silently, give them to every chart of the pool. Refused unless an admin allows it;
 * allowed, each is named in the install report. Pure.
 *
 * <p>A rule is judged where the chart writes it (a rule of one of its Roles, or the verbs Helm
 * needs on one of its objects, e.g. a Lease), and only when it adds to what the installer holds
 * already (fixed and declared rules): what an admin declared with {@code --extra-rules} is that
 * admin's own choice, and a rule the fixed Role covers changes nothing.
 */
public final class CatalogueLint {
  /** The opt-in, as the CLI spells it (in every refusal, so the admin knows the way out). */
  public static final String ALLOW_FLAG = "--allow-broad-catalogue-rules";

  /**
   * One broad rule a catalogue entry needs.
   *
   * @param entry the entry's name
   * @param label the entry as {@link CatalogueRole.Needs#describe} names it, with its chart
   * @param grant the rule as the chart writes it, and where
   * @param findings why it is broad
   */
  public record Broad(
      String entry, String label, CatalogueRole.Grant grant, List<Finding> findings) {
    public Broad {
      findings = List.copyOf(findings);
    }

    /** {@code Role r-runner, rule 1 {apiGroups: ...}: [wildcard] ...}. */
    public String describe() {
      return grant.origin() + " " + RuleText.of(grant.rule()) + ": " + BroadRules.why(findings);
    }
  }

  /** A catalogue needing broad rules, without the admin's opt-in: install changes nothing. */
  public static final class Refused extends RuntimeException {
    private final List<Broad> broad;

    Refused(List<Broad> broad) {
      super(message(broad));
      this.broad = List.copyOf(broad);
    }

    public List<Broad> broad() {
      return broad;
    }
  }

  private CatalogueLint() {}

  /** Every broad rule the entries need beyond {@code granted}, entry by entry, in chart order. */
  public static List<Broad> broad(List<CatalogueRole.Needs> needs, List<PolicyRule> granted) {
    List<Broad> broad = new ArrayList<>();
    for (CatalogueRole.Needs entry : needs) {
      for (CatalogueRole.Grant grant : entry.grants()) {
        if (RuleCoverage.notGrantedBy(grant.permissions(), granted).isEmpty()) {
          continue;
        }
        List<Finding> findings = BroadRules.findings(asGranted(grant.rule()));
        if (!findings.isEmpty()) {
          broad.add(new Broad(entry.entry(), entry.describe(), grant, findings));
        }
      }
    }
    return broad;
  }

  /**
   * What each entry adds to the installer Role ({@link CatalogueRole#beyond}), after the lint.
   *
   * @param allowBroad the admin's opt-in: broad rules are granted and listed with their entry
   * @throws Refused naming every broad rule, when there is one and {@code allowBroad} is false
   */
  public static List<CatalogueRole.EntryRules> plan(
      List<CatalogueRole.Needs> needs, List<PolicyRule> granted, boolean allowBroad) {
    List<Broad> broad = broad(needs, granted);
    if (!broad.isEmpty() && !allowBroad) {
      throw new Refused(broad);
    }
    List<CatalogueRole.EntryRules> rules = new ArrayList<>();
    for (CatalogueRole.EntryRules entry : CatalogueRole.beyond(needs, granted)) {
      rules.add(
          new CatalogueRole.EntryRules(
              entry.entry(),
              entry.rules(),
              broad.stream()
                  .filter(b -> b.entry().equals(entry.entry()))
                  .map(Broad::describe)
                  .toList()));
    }
    return rules;
  }

  /**
   * No apiGroups is read as the core group, as {@link ChartRole} derives the rule's permissions.
   */
  private static PolicyRule asGranted(PolicyRule rule) {
    if (rule.getApiGroups() != null && !rule.getApiGroups().isEmpty()) {
      return rule;
    }
    return new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder(rule)
        .withApiGroups("")
        .build();
  }

  static String message(List<Broad> broad) {
    StringBuilder text =
        new StringBuilder(
            "the chart catalogue needs broad rules, which nspool install does not add to the"
                + " installer Role of every pool namespace unless told to ("
                + ALLOW_FLAG
                + "):");
    for (Broad b : broad) {
      text.append("\n  - catalogue entry ").append(b.label()).append(": ").append(b.describe());
    }
    text.append(
        "\nEvery rule the catalogue needs goes into the installer Role (and nspool's Role) of"
            + " every pool namespace, in reach of every chart of the pool and of whatever those"
            + " charts' values make them do. Change the chart, or the entry's default values, so"
            + " its Roles list the resources and verbs it uses (no *, escalate, bind or"
            + " impersonate, nothing on the claim Lease or the installer's tokens); or, having"
            + " read the above, re-run with "
            + ALLOW_FLAG
            + " to grant them. Nothing was changed.");
    return text.toString();
  }
}
