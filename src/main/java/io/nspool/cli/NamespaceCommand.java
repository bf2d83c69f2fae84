package io.nspool.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.nspool.api.model.NamespaceView;
import io.nspool.cli.client.ApiClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "namespace",
    mixinStandardHelpOptions = true,
    description = "The pool namespaces: which are free, which deployment holds which.",
    subcommands = NamespaceCommand.ListNamespaces.class)
final class NamespaceCommand extends CommandGroup {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List the pool namespaces and their state (free, claimed, retained, cleaning, quarantined,"
            + " draining, pending).",
        "A deployment of a workspace you cannot see shows as in use without its name."
      })
  static final class ListNamespaces implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ServerOptions server;
    @Mixin OutputOptions output;

    @Option(names = "--pool", paramLabel = "POOL", description = "Only this pool's namespaces.")
    String pool;

    @Option(
        names = "--available",
        description = "Only the namespaces a new deployment may claim now.")
    boolean available;

    @Override
    public Integer call() {
      JsonNode answer = server.client().get("/namespaces" + query(pool, available));
      if (!output.table()) {
        output.print(spec.commandLine().getOut(), answer);
        return ExitCode.OK;
      }
      List<NamespaceView> items = ApiClient.items(answer, NamespaceView.class);
      if (items.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println(available ? "No namespace is available." : "No namespaces.");
        return ExitCode.OK;
      }
      table(items, Instant.now()).print(spec.commandLine().getOut());
      return ExitCode.OK;
    }
  }

  static String query(String pool, boolean available) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("pool", pool);
    query.put("available", available ? "true" : null);
    return ApiClient.query(query);
  }

  static Table table(List<NamespaceView> items, Instant now) {
    Table table =
        new Table(
            "NAME", "POOL", "STATE", "AVAILABLE", "DEPLOYMENT", "SINCE", "PURGE-AFTER", "REASON");
    for (NamespaceView ns : items) {
      table.row(
          ns.name(),
          ns.pool(),
          ns.state(),
          ns.available() ? "yes" : "no",
          ns.deployment() != null ? ns.deployment() : inUse(ns),
          HumanTime.age(ns.since(), now),
          HumanTime.until(ns.purgeAfter(), now),
          ns.reason());
    }
    return table;
  }

  /** A claimed namespace whose deployment the caller may not see. */
  private static String inUse(NamespaceView ns) {
    return List.of("claimed", "retained", "draining").contains(ns.state()) ? "(in use)" : null;
  }
}
