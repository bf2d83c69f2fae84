package io.nspool.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.nspool.rbac.RuleText;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one {@code nspool install} did, object by object: created, changed (and, for a Role, the
 * rules it dropped or added) or unchanged. A second run with the same settings reports no change.
 */
public record InstallReport(List<Entry> entries) {
  public enum Outcome {
    CREATED("created"),
    CHANGED("changed"),
    UNCHANGED("unchanged");

    final String word;

    Outcome(String word) {
      this.word = word;
    }
  }

  /**
   * @param object {@code Role tenant-1/nspool}
   * @param details for a changed Role: each rule dropped or added, with what to do
   */
  public record Entry(String object, Outcome outcome, List<String> details) {
    @Override
    public String toString() {
      StringBuilder line = new StringBuilder(String.format("%-9s %s", outcome.word, object));
      details.forEach(d -> line.append("\n            ").append(d));
      return line.toString();
    }
  }

  public InstallReport {
    entries = List.copyOf(entries);
  }

  /**
   * Whether the apply left {@code before} as it was, status and server bookkeeping aside. Not the
   * resourceVersion alone: the API server writes some objects' status on its own (a
   * ValidatingAdmissionPolicy's type checking), and a write between our read and our apply would
   * make an apply that changed nothing look like a change.
   */
  static boolean declaredEqual(HasMetadata before, HasMetadata after) {
    if (Objects.equals(
        before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
      return true;
    }
    return declared(before).equals(declared(after));
  }

  private static com.fasterxml.jackson.databind.JsonNode declared(HasMetadata object) {
    com.fasterxml.jackson.databind.node.ObjectNode tree =
        SERIALIZATION.convertValue(object, com.fasterxml.jackson.databind.node.ObjectNode.class);
    tree.remove("status");
    if (tree.get("metadata") instanceof com.fasterxml.jackson.databind.node.ObjectNode metadata) {
      metadata.remove(List.of("resourceVersion", "managedFields"));
    }
    return tree;
  }

  private static final io.fabric8.kubernetes.client.utils.KubernetesSerialization SERIALIZATION =
      new io.fabric8.kubernetes.client.utils.KubernetesSerialization();

  /** How {@code object} fared, from the live object before and after the apply. */
  static Entry entry(HasMetadata object, HasMetadata before, HasMetadata after) {
    String name = describe(object);
    if (before == null) {
      return new Entry(name, Outcome.CREATED, List.of());
    }
    if (after != null && declaredEqual(before, after)) {
      return new Entry(name, Outcome.UNCHANGED, List.of());
    }
    List<String> details = new ArrayList<>();
    if (before instanceof Role was && after instanceof Role now) {
      for (PolicyRule rule : was.getRules()) {
        if (!now.getRules().contains(rule)) {
          details.add(
              "dropped rule "
                  + RuleText.of(rule)
                  + ": nobody declared it and the pool's chart catalogue does not need it"
                  + " (added by hand?). To keep a rule, declare it:"
                  + " nspool install --extra-rules FILE (the pool's spec.installerRules)");
        }
      }
      for (PolicyRule rule : now.getRules()) {
        if (!was.getRules().contains(rule)) {
          details.add("added rule " + RuleText.of(rule));
        }
      }
    }
    return new Entry(name, Outcome.CHANGED, details);
  }

  /**
   * Which rules of the installer Role come from which catalogue entry: one line per entry, then one
   * per rule it adds (nothing when the plan lists no catalogue).
   */
  public static List<String> catalogueLines(InstallPlan plan) {
    List<String> lines = new ArrayList<>();
    for (var entry : plan.catalogueRules()) {
      if (entry.rules().isEmpty()) {
        lines.add(
            "catalogue entry "
                + entry.entry()
                + ": needs nothing beyond the fixed and declared installer rules");
      } else {
        lines.add(
            "catalogue entry "
                + entry.entry()
                + ": adds "
                + entry.rules().size()
                + " rule(s) to the installer Role of every pool namespace (and nspool's Role):");
        entry.rules().forEach(r -> lines.add("  - " + RuleText.of(r)));
      }
      if (!entry.broad().isEmpty()) {
        lines.add(
            "WARNING: catalogue entry "
                + entry.entry()
                + ": grants "
                + entry.broad().size()
                + " broad rule(s) to the installer Role of every pool namespace, as"
                + " --allow-broad-catalogue-rules allows:");
        entry.broad().forEach(b -> lines.add("  ! " + b));
      }
    }
    return lines;
  }

  public long count(Outcome outcome) {
    return entries.stream().filter(e -> e.outcome() == outcome).count();
  }

  /** One line: "no change (24 objects already as declared)" or the counts. */
  public String summary() {
    if (count(Outcome.CREATED) + count(Outcome.CHANGED) == 0) {
      return "no change (" + entries.size() + " objects already as declared)";
    }
    return count(Outcome.CREATED)
        + " created, "
        + count(Outcome.CHANGED)
        + " changed, "
        + count(Outcome.UNCHANGED)
        + " unchanged";
  }

  private static String describe(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    return object.getKind() + " " + (ns == null ? "" : ns + "/") + object.getMetadata().getName();
  }
}
