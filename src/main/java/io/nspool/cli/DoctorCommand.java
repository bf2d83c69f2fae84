package io.nspool.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.chart.ChartCache;
import io.nspool.deploy.CatalogueRole;
import io.nspool.doctor.Check;
import io.nspool.doctor.Doctor;
import io.nspool.doctor.DoctorReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Check, reading only, that nspool and each pool namespace's installer hold every permission"
          + " they need, in the control namespace and every pool namespace of its NamespacePools;"
          + " that the RoleBindings bind the right Role to the right ServiceAccount; that the"
          + " installer's ServiceAccount exists; and that each namespace's Pod Security label is"
          + " at least its pool's spec.podSecurity. The installer is checked for the fixed rules"
          + " and the pool's declared spec.installerRules (installer-rbac) and for every"
          + " permission each chart of the pool's catalogue needs (installer-catalogue: each entry"
          + " fetched, verified and rendered with its default values, as nspool install does).",
      "",
      "With admin credentials it asks SubjectAccessReviews on behalf of nspool's and each"
          + " installer's ServiceAccount; run as nspool's own ServiceAccount, SelfSubjectRulesReviews"
          + " (for the installer, with a token nspool mints for it). It tries which, and says which"
          + " ran. Prints a namespace × check table and, for each failure, the exact rule or"
          + " object to add and where."
    },
    footer = {
      "",
      "Exit codes:",
      "  0  every check ok (or skipped: not readable as this identity; or warning: works, but"
          + " grants more than it should, e.g. broad installer rules an admin allowed)",
      "  1  a check failed, or the cluster did not answer",
      "  2  bad usage"
    })
final class DoctorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterOptions cluster;

  @Mixin OutputOptions output;

  @picocli.CommandLine.Option(
      names = "--chart-cache",
      paramLabel = "DIR",
      description =
          "Where the catalogues' remote charts are kept, by sha256 digest (default: nspool-charts"
              + " in the temp folder, as nspool server's default).")
  java.nio.file.Path chartCache;

  @Override
  public Integer call() throws Exception {
    DoctorReport report;
    try (KubernetesClient client = cluster.client()) {
      ChartCache cache = new ChartCache(chartCache == null ? ChartCache.defaultDir() : chartCache);
      report =
          new Doctor(
                  client,
                  cluster.namespace,
                  cluster.serviceAccount,
                  (pool, ns) ->
                      pool.getSpec().getCharts().isEmpty()
                          ? List.of()
                          : CatalogueRole.of(
                              pool.getSpec().getCharts(),
                              cache,
                              ns,
                              pool.getSpec().getPullSecrets()))
              .run();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (!output.table()) {
      output.print(out, json(report));
    } else {
      out.println("mode: " + report.mode() + " (" + report.identity() + ")");
      table(report).print(out);
      for (Check c : report.checks()) {
        if (c.failed() || c.status() == Check.Status.WARNING) {
          out.println();
          out.println(
              c.namespace()
                  + " "
                  + c.name()
                  + (c.failed() ? ": MISSING " : ": WARNING ")
                  + c.problem());
          out.println("  fix: " + c.fix());
        }
      }
      List<Check> failures = report.failures();
      out.println();
      out.println(
          failures.isEmpty()
              ? "all checks ok in " + report.namespaces().size() + " namespace(s)"
              : failures.size()
                  + " check(s) failed in "
                  + report.namespaces().size()
                  + " namespace(s)");
    }
    out.flush();
    return report.healthy() ? ExitCode.OK : ExitCode.FAILURE;
  }

  static Table table(DoctorReport report) {
    List<String> header = new ArrayList<>(List.of("NAMESPACE"));
    Doctor.CHECKS.forEach(c -> header.add(c.toUpperCase(java.util.Locale.ROOT)));
    Table table = new Table(header.toArray(String[]::new));
    for (String ns : report.namespaces()) {
      List<String> row = new ArrayList<>(List.of(ns));
      for (String check : Doctor.CHECKS) {
        row.add(
            report.checks().stream()
                .filter(c -> c.namespace().equals(ns) && c.name().equals(check))
                .findFirst()
                .map(c -> c.failed() ? "MISSING" : c.status().wireName())
                .orElse("-"));
      }
      table.row(row.toArray(String[]::new));
    }
    return table;
  }

  static ObjectNode json(DoctorReport report) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("healthy", report.healthy());
    root.put("mode", report.mode());
    root.put("identity", report.identity());
    ArrayNode namespaces = root.putArray("namespaces");
    report.namespaces().forEach(namespaces::add);
    ArrayNode checks = root.putArray("checks");
    for (Check c : report.checks()) {
      ObjectNode item = checks.addObject();
      item.put("namespace", c.namespace());
      item.put("check", c.name());
      item.put("status", c.status().wireName());
      item.put("problem", c.problem());
      item.put("fix", c.fix());
    }
    return root;
  }
}
