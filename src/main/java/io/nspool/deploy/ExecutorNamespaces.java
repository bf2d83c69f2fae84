package io.nspool.deploy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.nspool.pool.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The extra namespaces a deployment asks for, next to its own, for the pods its executor launches
 * (Airflow's {@code multi_namespace_mode_namespace_list}): a count (any free namespaces of the
 * pool) or the names of pool namespaces. Claimed all together or not at all.
 */
@ValidationRule(
    value = "has(self.count) != has(self.names)",
    message = "executorNamespaces: give either count or names, not both and not neither")
public class ExecutorNamespaces {
  /** The most extra namespaces one deployment may hold. */
  public static final int MAX = 8;

  @Min(1)
  @Max(MAX)
  @JsonPropertyDescription("How many free namespaces of the pool to claim (1-8).")
  private Integer count;

  @Size(min = 1, max = MAX)
  @JsonPropertyDescription("These namespaces of the pool (1-8, each free), instead of a count.")
  private List<@Pattern(Names.DNS_LABEL) @Size(max = Names.MAX_LABEL) String> names;

  public ExecutorNamespaces() {}

  public static ExecutorNamespaces count(int count) {
    ExecutorNamespaces e = new ExecutorNamespaces();
    e.count = count;
    return e;
  }

  public static ExecutorNamespaces names(List<String> names) {
    ExecutorNamespaces e = new ExecutorNamespaces();
    e.names = new ArrayList<>(names);
    return e;
  }

  /** How many extra namespaces this asks for. */
  public int wanted() {
    return names != null ? names.size() : count == null ? 0 : count;
  }

  public Integer getCount() {
    return count;
  }

  public void setCount(Integer count) {
    this.count = count;
  }

  public List<String> getNames() {
    return names;
  }

  public void setNames(List<String> names) {
    this.names = names;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExecutorNamespaces e
        && Objects.equals(count, e.count)
        && Objects.equals(names, e.names);
  }

  @Override
  public int hashCode() {
    return Objects.hash(count, names);
  }
}
