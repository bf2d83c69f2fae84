package io.nspool.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.verify.Report;
import io.nspool.verify.Verifier;
import io.nspool.verify.Violation;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check nspool's invariants against the cluster, reading only: no namespace bound to two"
          + " deployments; every held namespace's claim naming an existing deployment; per pool"
          + " no more active deployments than namespaces and none outside the pool; no free"
          + " namespace holding a tenant's object or a changed kept object; no Helm release stuck"
          + " pending; nspool's Role, RoleBinding and installer in every pool namespace.",
      "",
      "Prints each violation with what to do, or one line when there is none. Runs as whatever"
          + " identity the kubeconfig holds (an admin's, or nspool's own ServiceAccount): what it"
          + " may not read is reported as cannot_check."
    },
    footer = {
      "",
      "Exit codes:",
      "  0  no violation",
      "  1  a violation (or something that could not be checked), or the cluster did not answer",
      "  2  bad usage"
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--grace",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description =
          "How long a claim may name a missing deployment, or a Helm release stay pending, before"
              + " it counts (default: ${DEFAULT-VALUE}).")
  Duration grace;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    Report report;
    try (KubernetesClient client = cluster.client()) {
      report =
          new Verifier(client, cluster.namespace, cluster.serviceAccount, grace, Clock.systemUTC())
              .verify();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (!output.table()) {
      output.print(out, json(report));
    } else {
      if (!report.clean()) {
        table(report).print(out);
      }
      out.println(report.summary());
      report
          .selectors()
          .forEach(
              (pool, selector) ->
                  out.println("pool " + pool + ": dynamic mode, namespaces labelled " + selector));
    }
    out.flush();
    return report.clean() ? ExitCode.OK : ExitCode.FAILURE;
  }

  static Table table(Report report) {
    Table table = new Table("KIND", "OBJECT", "PROBLEM");
    report.violations().forEach(v -> table.row(v.kind().wireName(), v.object(), v.message()));
    return table;
  }

  static ObjectNode json(Report report) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("clean", report.clean());
    root.put("pools", report.pools());
    root.put("namespaces", report.namespaces());
    root.put("deployments", report.deployments());
    ObjectNode selectors = root.putObject("selectors");
    report.selectors().forEach(selectors::put);
    ArrayNode violations = root.putArray("violations");
    for (Violation v : report.violations()) {
      ObjectNode item = violations.addObject();
      item.put("kind", v.kind().wireName());
      item.put("object", v.object());
      item.put("namespace", v.namespace());
      item.put("message", v.message());
    }
    return root;
  }
}
