package io.nspool.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.nspool.api.model.AddNamespacesRequest;
import io.nspool.api.model.NamespaceView;
import io.nspool.api.model.PoolView;
import io.nspool.cli.client.ApiClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "pool",
    mixinStandardHelpOptions = true,
    description = "Namespace pools: which namespaces nspool may hand out (changes need an admin).",
    subcommands = {
      PoolCommand.Get.class,
      PoolCommand.Add.class,
      PoolCommand.Remove.class,
      PoolCommand.Drain.class
    })
final class PoolCommand extends CommandGroup {

  static String path(String pool) {
    return "/pools/" + ApiClient.segment(pool);
  }

  static Table table(List<PoolView> pools) {
    Table table =
        new Table(
            "NAME",
            "TOTAL",
            "FREE",
            "CLAIMED",
            "RETAINED",
            "CLEANING",
            "QUARANTINED",
            "DRAINING",
            "RETENTION",
            "HARD-DELETE");
    for (PoolView p : pools) {
      PoolView.Counts c =
          p.counts() != null ? p.counts() : new PoolView.Counts(0, 0, 0, 0, 0, 0, 0);
      table.row(
          p.name(),
          c.total(),
          c.free(),
          c.claimed(),
          c.retained(),
          c.cleaning(),
          c.quarantined(),
          c.draining(),
          p.retention(),
          p.hardDelete() ? "yes" : "no");
    }
    return table;
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Show every pool, or one with its namespaces, and how many are in each state.")
  static final class Get implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ServerOptions server;
    @Mixin OutputOptions output;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "One pool (default: all).")
    String name;

    @Override
    public Integer call() {
      JsonNode answer = server.client().get(name == null ? "/pools" : path(name));
      PrintWriter out = spec.commandLine().getOut();
      if (!output.table()) {
        output.print(out, answer);
        return ExitCode.OK;
      }
      if (name == null) {
        List<PoolView> pools = ApiClient.items(answer, PoolView.class);
        if (pools.isEmpty()) {
          spec.commandLine().getErr().println("No pools.");
        } else {
          table(pools).print(out);
        }
        return ExitCode.OK;
      }
      PoolView pool = ApiClient.as(answer, PoolView.class);
      table(List.of(pool)).print(out);
      out.println();
      if (pool.namespaceSelector() != null) {
        out.println(
            "Selector:   "
                + pool.namespaceSelector()
                + " (dynamic mode: every namespace labelled so is a member)");
      } else {
        out.println(
            "Namespaces: "
                + String.join(", ", Optional.ofNullable(pool.namespaces()).orElse(List.of())));
      }
      out.println("Charts:     " + charts(pool));
      out.println("States:     nspool namespace list --pool " + pool.name());
      out.flush();
      return ExitCode.OK;
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Add pre-created namespaces to a pool (admin).",
        "A namespace is offered once it exists and nspool's Role in it is complete; until then"
            + " it shows as pending in `nspool namespace list`."
      })
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ServerOptions server;
    @Mixin OutputOptions output;

    @Parameters(index = "0", paramLabel = "NAME", description = "The pool.")
    String pool;

    @Parameters(
        index = "1..*",
        arity = "1..*",
        paramLabel = "NS",
        description = "Namespaces to add.")
    List<String> namespaces;

    @Override
    public Integer call() {
      JsonNode answer =
          server.client().post(path(pool) + "/namespaces", new AddNamespacesRequest(namespaces));
      PrintWriter out = spec.commandLine().getOut();
      if (!output.table()) {
        output.print(out, answer);
        return ExitCode.OK;
      }
      out.println(
          "added "
              + String.join(", ", namespaces)
              + " to pool "
              + pool
              + "; each is offered once it exists and nspool's Role in it is complete (see"
              + " `nspool namespace list --pool "
              + pool
              + "`)");
      out.flush();
      return ExitCode.OK;
    }
  }

  /** remove and drain: the same API call; they differ in what they tell. */
  abstract static class Leave implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ServerOptions server;
    @Mixin OutputOptions output;

    @Parameters(index = "0", paramLabel = "NAME", description = "The pool.")
    String pool;

    @Parameters(index = "1", paramLabel = "NS", description = "The namespace to take out.")
    String namespace;

    @Override
    public Integer call() {
      ApiClient client = server.client();
      Optional<NamespaceView> before =
          ApiClient.items(
                  client.get("/namespaces" + NamespaceCommand.query(pool, false)),
                  NamespaceView.class)
              .stream()
              .filter(ns -> namespace.equals(ns.name()))
              .findFirst();
      JsonNode answer = client.delete(path(pool) + "/namespaces/" + ApiClient.segment(namespace));
      PrintWriter out = spec.commandLine().getOut();
      if (!output.table() && answer != null) {
        output.print(out, answer);
        return ExitCode.OK;
      }
      out.println(message(before));
      out.flush();
      return ExitCode.OK;
    }

    abstract String message(Optional<NamespaceView> before);

    /** Whether a deployment still holds the namespace, so it stays until released. */
    static boolean held(Optional<NamespaceView> ns) {
      return ns.map(n -> List.of("claimed", "retained", "draining").contains(n.state()))
          .orElse(false);
    }

    static String holder(Optional<NamespaceView> ns) {
      return ns.map(NamespaceView::deployment).map(d -> "deployment " + d).orElse("a deployment");
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = {
        "Take a namespace out of a pool (admin).",
        "A free namespace leaves at once; a claimed one drains: it stays with its deployment and"
            + " leaves when that deployment is deleted."
      })
  static final class Remove extends Leave {
    @Override
    String message(Optional<NamespaceView> before) {
      if (held(before)) {
        return "removed "
            + namespace
            + " from pool "
            + pool
            + ": "
            + holder(before)
            + " still holds it, so it is draining and leaves when that deployment is deleted";
      }
      return "removed " + namespace + " from pool " + pool;
    }
  }

  @Command(
      name = "drain",
      mixinStandardHelpOptions = true,
      description = {
        "Stop offering a namespace and let it leave the pool once free (admin); the same as"
            + " remove.",
        "A claimed namespace stays until its deployment is deleted; nothing new lands in it."
      })
  static final class Drain extends Leave {
    @Override
    String message(Optional<NamespaceView> before) {
      if (held(before)) {
        return "draining "
            + namespace
            + " of pool "
            + pool
            + ": it is claimed, so it stays until its deployment ("
            + holder(before)
            + ") is deleted, then leaves the pool; no new deployment lands in it";
      }
      return "drained "
          + namespace
          + " of pool "
          + pool
          + ": it was not claimed and has left the pool (a claimed namespace would stay until"
          + " its deployment is deleted)";
    }
  }

  /** The catalogue in one line: {@code airflow 1.15.0 (default, repository https://…), …}. */
  static String charts(PoolView pool) {
    if (pool.charts() == null || pool.charts().isEmpty()) {
      return "bundled airflow (default)";
    }
    return String.join(
        ", ",
        pool.charts().stream()
            .map(
                c ->
                    c.name()
                        + (c.version() == null ? "" : " " + c.version())
                        + " ("
                        + (c.isDefault() ? "default, " : "")
                        + c.source()
                        + (c.location() == null ? "" : " " + c.location())
                        + ")")
            .toList());
  }
}
