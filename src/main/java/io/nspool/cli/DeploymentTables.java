package io.nspool.cli;

import io.nspool.api.model.DeploymentView;
import io.nspool.api.model.DeploymentView.Component;
import io.nspool.api.model.DeploymentView.ConditionView;
import io.nspool.api.model.EventView;
import io.nspool.api.model.RevisionView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How deployments and their events look in a terminal. */
final class DeploymentTables {
  private DeploymentTables() {}

  static Table list(List<DeploymentView> deployments, Instant now) {
    Table table = new Table("NAME", "WORKSPACE", "POOL", "NAMESPACE", "PHASE", "READY", "AGE");
    for (DeploymentView d : deployments) {
      table.row(
          d.name(),
          d.workspace(),
          d.pool(),
          d.namespace(),
          d.phase(),
          ready(d),
          HumanTime.age(d.createdAt(), now));
    }
    return table;
  }

  /** "2/3": components ready out of all; "" before any is known. */
  static String ready(DeploymentView d) {
    if (d.components() == null || d.components().isEmpty()) {
      return "";
    }
    long ready = d.components().stream().filter(Component::ready).count();
    return ready + "/" + d.components().size();
  }

  /** Everything about one deployment, a field per line, then its components and conditions. */
  static String detail(DeploymentView d, Instant now) {
    List<String[]> fields = new ArrayList<>();
    fields.add(new String[] {"Name:", d.name()});
    fields.add(new String[] {"Workspace:", d.workspace()});
    fields.add(new String[] {"Pool:", d.pool()});
    fields.add(new String[] {"Namespace:", d.namespace()});
    if (d.executorNamespaces() != null && !d.executorNamespaces().isEmpty()) {
      fields.add(new String[] {"Executor namespaces:", String.join(", ", d.executorNamespaces())});
    }
    fields.add(new String[] {"Phase:", d.phase()});
    fields.add(
        new String[] {"Created:", when(HumanTime.age(d.createdAt(), now), " ago", d.createdAt())});
    if (d.purgeAfter() != null) {
      fields.add(
          new String[] {
            "Purge after:", when(HumanTime.until(d.purgeAfter(), now), "", d.purgeAfter())
          });
    }
    fields.add(
        new String[] {
          "Chart:",
          (d.chart() == null ? "the pool's default" : d.chart())
              + (d.version() == null ? "" : " " + d.version())
        });
    fields.add(
        new String[] {
          "Release:",
          d.release() == null
              ? "not installed yet"
              : d.release().chart() + ", revision " + d.release().revision()
        });
    String label = "Values:";
    for (Map.Entry<String, Object> value : flatten(d.values()).entrySet()) {
      fields.add(new String[] {label, value.getKey() + "=" + value.getValue()});
      label = "";
    }
    if (!label.isEmpty()) {
      fields.add(new String[] {label, "(chart defaults)"});
    }
    int width = fields.stream().mapToInt(f -> f[0].length()).max().orElse(0);
    StringBuilder out = new StringBuilder();
    for (String[] field : fields) {
      String value = field[1] == null || field[1].isBlank() ? "-" : field[1];
      out.append(String.format("%-" + width + "s  %s\n", field[0], value));
    }
    out.append("Components:\n");
    if (d.components() == null || d.components().isEmpty()) {
      out.append("  (none yet)\n");
    } else {
      Table components = new Table("KIND", "NAME", "READY");
      for (Component c : d.components()) {
        components.row(c.kind(), c.name(), c.readyReplicas() + "/" + c.replicas());
      }
      out.append(components.render().indent(2));
    }
    out.append("Conditions:\n");
    if (d.conditions() == null || d.conditions().isEmpty()) {
      out.append("  (none yet)\n");
    } else {
      Table conditions = new Table("TYPE", "STATUS", "REASON", "AGE", "MESSAGE");
      for (ConditionView c : d.conditions()) {
        conditions.row(
            c.type(),
            c.status(),
            c.reason(),
            HumanTime.age(c.lastTransitionTime(), now),
            c.message());
      }
      out.append(conditions.render().indent(2));
    }
    return out.toString();
  }

  static Table events(List<EventView> events, Instant now) {
    Table table =
        new Table("NAMESPACE", "LAST-SEEN", "TYPE", "REASON", "OBJECT", "COUNT", "MESSAGE");
    for (EventView e : events) {
      table.row(
          e.namespace(),
          HumanTime.age(e.lastTimestamp(), now),
          e.type(),
          e.reason(),
          e.object(),
          e.count(),
          e.message());
    }
    return table;
  }

  static Table revisions(List<RevisionView> revisions, Instant now) {
    Table table = new Table("REVISION", "UPDATED", "STATUS", "CHART", "DESCRIPTION");
    for (RevisionView r : revisions) {
      table.row(
          r.revision(), HumanTime.age(r.updated(), now), r.status(), r.chart(), r.description());
    }
    return table;
  }

  private static String when(String human, String suffix, String exact) {
    if (exact == null || exact.isBlank()) {
      return "";
    }
    return human.equals(exact) ? exact : human + suffix + " (" + exact + ")";
  }

  /** {@code {"a":{"b":1}}} as {@code a.b=1}, sorted by key. */
  static Map<String, Object> flatten(Map<String, Object> values) {
    Map<String, Object> flat = new TreeMap<>();
    if (values != null) {
      flatten("", values, flat);
    }
    return flat;
  }

  private static void flatten(String prefix, Map<?, ?> values, Map<String, Object> flat) {
    values.forEach(
        (k, v) -> {
          String key = prefix + String.valueOf(k).replace(".", "\\.");
          if (v instanceof Map<?, ?> map && !map.isEmpty()) {
            flatten(key + ".", map, flat);
          } else {
            flat.put(key, v);
          }
        });
  }
}
