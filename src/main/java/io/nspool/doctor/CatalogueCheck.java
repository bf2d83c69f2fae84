package io.nspool.doctor;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.nspool.deploy.CatalogueLint;
import io.nspool.deploy.CatalogueRole;
import io.nspool.deploy.ChartRole;
import io.nspool.pool.NamespacePool;
import io.nspool.rbac.BroadRules;
import io.nspool.rbac.NspoolRoles;
import io.nspool.rbac.RuleCoverage.Permission;
import io.nspool.rbac.RuleText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@value Doctor#INSTALLER_CATALOGUE} check: whether a pool namespace's installer holds every
 * permission each chart of the pool's catalogue needs ({@link CatalogueRole}, the computation
 * {@code nspool install} grants from), naming per entry what is missing and the exact rules to add;
 * and whether the pool's declared installer rules hold broad ones ({@link BroadRules}: a warning,
 * as an admin may have allowed them).
 */
public final class CatalogueCheck {
  /** What a pool's chart catalogue needs of an installer, rendered for {@code namespace}. */
  @FunctionalInterface
  public interface Needs {
    /**
     * @throws CatalogueRole.EntryFailed when an entry cannot be fetched or rendered
     */
    List<CatalogueRole.Needs> of(NamespacePool pool, String namespace);
  }

  /** One pool's answer: what its entries need, or why that could not be known. */
  record Needed(List<CatalogueRole.Needs> needs, String failure) {}

  private CatalogueCheck() {}

  static Needed ask(Needs catalogue, NamespacePool pool, String namespace) {
    try {
      return new Needed(catalogue.of(pool, namespace), null);
    } catch (CatalogueRole.EntryFailed e) {
      return new Needed(List.of(), e.getMessage());
    }
  }

  /**
   * @param declared the pool's {@code spec.installerRules}, in every pool namespace's installer
   *     Role
   * @param missing which of the given permissions the installer of {@code ns} lacks
   */
  static Check check(
      String installer,
      String ns,
      Needed needed,
      List<PolicyRule> declared,
      Function<List<Permission>, List<Permission>> missing) {
    Check check = check(installer, ns, needed, missing);
    List<String> broad = broad(declared);
    if (broad.isEmpty()) {
      return check;
    }
    String problem =
        "the pool declares broad installer rules (spec.installerRules), held by the installer of"
            + " every pool namespace: "
            + String.join("; ", broad);
    String fix =
        "unless granted knowingly (nspool install "
            + CatalogueLint.ALLOW_FLAG
            + "), change the catalogue chart needing them so its Roles list what it uses, or"
            + " remove them from --extra-rules, then run nspool install (which refuses them)";
    if (check.failed()) {
      return Check.missing(ns, check.name(), check.problem() + ". Also, " + problem, check.fix());
    }
    return Check.warning(ns, Doctor.INSTALLER_CATALOGUE, problem, fix);
  }

  /** Each broad rule of {@code rules} ({@link BroadRules}), described with why. */
  static List<String> broad(List<PolicyRule> rules) {
    List<String> broad = new ArrayList<>();
    for (PolicyRule rule : rules) {
      var findings = BroadRules.findings(rule);
      if (!findings.isEmpty()) {
        broad.add(RuleText.of(rule) + ": " + BroadRules.why(findings));
      }
    }
    return broad;
  }

  /** {@code installer}: the installer's user name, as Kubernetes' errors name it. */
  static Check check(
      String installer,
      String ns,
      Needed needed,
      Function<List<Permission>, List<Permission>> missing) {
    if (needed.failure() != null) {
      return Check.missing(
          ns,
          Doctor.INSTALLER_CATALOGUE,
          "the pool's chart catalogue cannot be checked: " + needed.failure(),
          "fix the entry (its source, version or default values) until `nspool rbac role --chart`"
              + " renders it, then run nspool install");
    }
    List<String> lacking = new ArrayList<>();
    Set<Permission> all = new LinkedHashSet<>();
    for (CatalogueRole.Needs entry : needed.needs()) {
      List<Permission> lacks = missing.apply(entry.permissions());
      if (!lacks.isEmpty()) {
        lacking.add("chart entry " + entry.entry() + " needs " + ChartRole.describe(lacks));
        all.addAll(lacks);
      }
    }
    if (lacking.isEmpty()) {
      return Check.ok(ns, Doctor.INSTALLER_CATALOGUE);
    }
    return Check.missing(
        ns,
        Doctor.INSTALLER_CATALOGUE,
        installer
            + " cannot install every chart of its pool's catalogue in "
            + ns
            + ": "
            + String.join("; ", lacking),
        "add to the rules of Role "
            + ns
            + "/"
            + NspoolRoles.INSTALLER
            + " (and of nspool's Role there; nspool install adds what the catalogue needs): "
            + ChartRole.rules(List.copyOf(all)).stream()
                .map(RuleText::of)
                .collect(Collectors.joining("; ")));
  }
}
