package io.nspool.pool;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector over Namespaces ({@code matchLabels}, {@code matchExpressions}, the
 * shape of {@code metav1.LabelSelector}) with bounds the API server can cost for CEL: the dynamic
 * mode's pool membership. An empty selector (which selects every namespace, KOTS' {@code "*"}) is
 * refused: a namespace joins the pool only when someone labels it.
 */
@ValidationRule(
    value =
        "(has(self.matchLabels) && size(self.matchLabels) > 0) || (has(self.matchExpressions) &&"
            + " size(self.matchExpressions) > 0)",
    message =
        "namespaceSelector: select by at least one label (matchLabels or matchExpressions): an"
            + " empty selector would take every namespace of the cluster into the pool")
public class NamespaceSelector {
  public static final int MAX_TERMS = 16;

  /** A label key: an optional DNS-subdomain prefix and '/', then a name of at most 63. */
  static final String KEY_PATTERN =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";

  static final Pattern KEY = Pattern.compile(KEY_PATTERN);

  /**
   * A label value: empty, or at most 63 alphanumerics, '-', '_', '.', alphanumeric at both ends.
   */
  static final String VALUE_PATTERN = "^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$";

  static final Pattern VALUE = Pattern.compile(VALUE_PATTERN);

  static final int MAX_KEY = 317;

  /** The operators of a requirement, spelled as Kubernetes spells them. */
  public enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist
  }

  @ValidationRule(
      value =
          "(self.operator == 'In' || self.operator == 'NotIn') == (has(self.values) &&"
              + " size(self.values) > 0)",
      message =
          "namespaceSelector.matchExpressions: In and NotIn need at least one value; Exists and"
              + " DoesNotExist take none")
  public static class Requirement {
    @io.fabric8.generator.annotation.Required
    @Size(max = MAX_KEY)
    @io.fabric8.generator.annotation.Pattern(KEY_PATTERN)
    @JsonPropertyDescription("The label key, e.g. nspool.io/pool.")
    private String key;

    @io.fabric8.generator.annotation.Required
    @JsonPropertyDescription("In, NotIn, Exists or DoesNotExist.")
    private Operator operator;

    @Size(max = MAX_TERMS)
    @JsonPropertyDescription("The values of In and NotIn; none for Exists and DoesNotExist.")
    private List<
            @io.fabric8.generator.annotation.Pattern(VALUE_PATTERN) @Size(max = Names.MAX_LABEL)
            String>
        values = new ArrayList<>();

    public Requirement() {}

    public Requirement(String key, Operator operator, List<String> values) {
      this.key = key;
      this.operator = operator;
      this.values = values == null ? new ArrayList<>() : new ArrayList<>(values);
    }

    public String getKey() {
      return key;
    }

    public void setKey(String key) {
      this.key = key;
    }

    public Operator getOperator() {
      return operator;
    }

    public void setOperator(Operator operator) {
      this.operator = operator;
    }

    public List<String> getValues() {
      return values == null ? List.of() : values;
    }

    public void setValues(List<String> values) {
      this.values = values;
    }
  }

  @Size(max = MAX_TERMS)
  @JsonPropertyDescription("Labels a namespace must carry, each with exactly this value.")
  private Map<String, String> matchLabels = new LinkedHashMap<>();

  @Size(max = MAX_TERMS)
  @JsonPropertyDescription("Requirements a namespace's labels must all meet.")
  private List<Requirement> matchExpressions = new ArrayList<>();

  public NamespaceSelector() {}

  public static NamespaceSelector matchLabels(Map<String, String> labels) {
    NamespaceSelector selector = new NamespaceSelector();
    selector.setMatchLabels(new LinkedHashMap<>(labels));
    return selector;
  }

  public Map<String, String> getMatchLabels() {
    return matchLabels == null ? Map.of() : matchLabels;
  }

  public void setMatchLabels(Map<String, String> matchLabels) {
    this.matchLabels = matchLabels;
  }

  public List<Requirement> getMatchExpressions() {
    return matchExpressions == null ? List.of() : matchExpressions;
  }

  public void setMatchExpressions(List<Requirement> matchExpressions) {
    this.matchExpressions = matchExpressions;
  }

  /**
   * What is wrong with this selector, each naming the field, the value and the rule; empty when it
   * is usable. The CRD refuses most of it at admission; this is the same rule for what reached the
   * controller anyway (an older CRD, a hand-edited one) and for the REST API and the CLI.
   */
  @JsonIgnore
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (getMatchLabels().isEmpty() && getMatchExpressions().isEmpty()) {
      problems.add(
          "spec.namespaceSelector: select by at least one label (matchLabels or"
              + " matchExpressions): an empty selector would take every namespace of the cluster");
    }
    getMatchLabels()
        .forEach(
            (k, v) -> {
              keyProblem("spec.namespaceSelector.matchLabels", k).ifPresent(problems::add);
              if (v == null || !VALUE.matcher(v).matches()) {
                problems.add(
                    "spec.namespaceSelector.matchLabels: value \""
                        + v
                        + "\" of "
                        + k
                        + " is not a label value (at most 63 letters, digits, '-', '_', '.',"
                        + " starting and ending with a letter or digit)");
              }
            });
    for (Requirement r : getMatchExpressions()) {
      String field = "spec.namespaceSelector.matchExpressions";
      keyProblem(field, r.getKey()).ifPresent(problems::add);
      if (r.getOperator() == null) {
        problems.add(
            field + ": key " + r.getKey() + " has no operator (In, NotIn, Exists, DoesNotExist)");
        continue;
      }
      boolean needsValues = r.getOperator() == Operator.In || r.getOperator() == Operator.NotIn;
      if (needsValues == r.getValues().isEmpty()) {
        problems.add(
            field
                + ": "
                + r.getKey()
                + " "
                + r.getOperator()
                + (needsValues ? " needs at least one value" : " takes no values"));
      }
      for (String v : r.getValues()) {
        if (v == null || !VALUE.matcher(v).matches()) {
          problems.add(field + ": value \"" + v + "\" of " + r.getKey() + " is not a label value");
        }
      }
    }
    return problems;
  }

  private static java.util.Optional<String> keyProblem(String field, String key) {
    if (key == null || key.length() > MAX_KEY || !KEY.matcher(key).matches()) {
      return java.util.Optional.of(
          field
              + ": \""
              + key
              + "\" is not a label key (an optional DNS subdomain and '/', then at most 63"
              + " letters, digits, '-', '_', '.')");
    }
    return java.util.Optional.empty();
  }

  /** Whether a namespace with these labels is selected (Kubernetes' label selector semantics). */
  public boolean matches(Map<String, String> labels) {
    Map<String, String> have = labels == null ? Map.of() : labels;
    for (var e : getMatchLabels().entrySet()) {
      if (!e.getValue().equals(have.get(e.getKey()))) {
        return false;
      }
    }
    for (Requirement r : getMatchExpressions()) {
      String value = have.get(r.getKey());
      boolean ok =
          switch (r.getOperator()) {
            case In -> value != null && r.getValues().contains(value);
            case NotIn -> value == null || !r.getValues().contains(value);
            case Exists -> have.containsKey(r.getKey());
            case DoesNotExist -> !have.containsKey(r.getKey());
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The selector as fabric8's model, for a watch of Namespaces. */
  public LabelSelector toLabelSelector() {
    LabelSelectorBuilder b = new LabelSelectorBuilder();
    if (!getMatchLabels().isEmpty()) {
      b.withMatchLabels(new TreeMap<>(getMatchLabels()));
    }
    for (Requirement r : getMatchExpressions()) {
      b.addToMatchExpressions(
          new LabelSelectorRequirementBuilder()
              .withKey(r.getKey())
              .withOperator(r.getOperator().name())
              .withValues(r.getValues().isEmpty() ? null : List.copyOf(r.getValues()))
              .build());
    }
    return b.build();
  }

  /**
   * The selector in Kubernetes' text form ({@code a=b,c in (d,e),!f}), as kubectl's {@code -l}
   * takes it: the key of a watch, and what messages show.
   */
  @Override
  public String toString() {
    List<String> terms = new ArrayList<>();
    new TreeMap<>(getMatchLabels()).forEach((k, v) -> terms.add(k + "=" + v));
    for (Requirement r : getMatchExpressions()) {
      terms.add(
          switch (r.getOperator() == null ? Operator.Exists : r.getOperator()) {
            case In -> r.getKey() + " in (" + String.join(",", r.getValues()) + ")";
            case NotIn -> r.getKey() + " notin (" + String.join(",", r.getValues()) + ")";
            case Exists -> r.getKey();
            case DoesNotExist -> "!" + r.getKey();
          });
    }
    return String.join(",", terms);
  }

  /**
   * A CEL expression over {@code namespaceObject} (a ValidatingAdmissionPolicy's variable) that is
   * true exactly when the namespace is selected: the admission gate of dynamic mode. Keys and
   * values are label syntax (no quotes, no backslashes), so single-quoting them is safe; the chart
   * builds the same text (ChartTest).
   */
  public String toCel() {
    String labels = "namespaceObject.metadata.labels";
    String has = "has(" + labels + ")";
    List<String> terms = new ArrayList<>();
    new TreeMap<>(getMatchLabels())
        .forEach(
            (k, v) ->
                terms.add(
                    "(" + has + " && '" + k + "' in " + labels + " && " + labels + "['" + k
                        + "'] == '" + v + "')"));
    for (Requirement r : getMatchExpressions()) {
      String in = "'" + r.getKey() + "' in " + labels;
      String values =
          "[" + String.join(", ", r.getValues().stream().map(v -> "'" + v + "'").toList()) + "]";
      terms.add(
          switch (r.getOperator()) {
            case In ->
                "("
                    + has
                    + " && "
                    + in
                    + " && "
                    + labels
                    + "['"
                    + r.getKey()
                    + "'] in "
                    + values
                    + ")";
            case NotIn ->
                "(!"
                    + has
                    + " || !("
                    + in
                    + ") || !("
                    + labels
                    + "['"
                    + r.getKey()
                    + "'] in "
                    + values
                    + "))";
            case Exists -> "(" + has + " && " + in + ")";
            case DoesNotExist -> "(!" + has + " || !(" + in + "))";
          });
    }
    return String.join(" && ", terms);
  }
}
