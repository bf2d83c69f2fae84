package io.nspool.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.nspool.api.model.CreateDeploymentRequest;
import io.nspool.api.model.DeploymentView;
import io.nspool.api.model.EventView;
import io.nspool.api.model.ExecutorNamespacesRequest;
import io.nspool.api.model.NamespaceView;
import io.nspool.api.model.PoolView;
import io.nspool.api.model.RevisionView;
import io.nspool.api.model.UpdateDeploymentRequest;
import io.nspool.cli.client.ApiClient;
import io.nspool.cli.client.ApiException;
import io.nspool.logs.LogTail;
import io.nspool.logs.PodLogs;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "deployment",
    mixinStandardHelpOptions = true,
    description = "Tenant deployments: each one a Helm release in a namespace of its own.",
    subcommands = {
      DeploymentCommand.Create.class,
      DeploymentCommand.ListDeployments.class,
      DeploymentCommand.Get.class,
      DeploymentCommand.Delete.class,
      DeploymentCommand.Restore.class,
      DeploymentCommand.Logs.class,
      DeploymentCommand.Events.class,
      DeploymentCommand.Update.class,
      DeploymentCommand.History.class
    })
final class DeploymentCommand extends CommandGroup {

  static String path(String name) {
    return "/deployments/" + ApiClient.segment(name);
  }

  @Command(
      name = "create",
      description = {
        "Create a deployment in a namespace of a pool.",
        "",
        "Its chart is one of the pool's catalogue (`nspool pool get POOL` lists it): --chart"
            + " names the entry (default: the catalogue's default), --version, if given, must be"
            + " the version the entry pins. Values: -f files merged left to right, then --set on"
            + " top, as Helm does; the catalogue's default values lie under all of them.",
        "",
        "Without --namespace, in a terminal, it lists the available namespaces and asks which one"
            + " to take; elsewhere (or with --no-prompt) the server takes any free one. When none"
            + " is available it fails with the server's pool_exhausted message (exit code 6).",
        "",
        "Example: nspool deployment create analytics --workspace data-team --set size=medium"
            + " --set core.parallelism=32 --wait",
        "Example: nspool deployment create reports --chart airflow-official --version 1.15.0"
            + " -f airflow.yaml --wait",
      })
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    // Not mixinStandardHelpOptions: its -V/--version would take --version from the chart's.
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Mixin ChartOptions chartOptions;
    @Mixin ServerOptions server;
    @Mixin OutputOptions output;

    @Parameters(paramLabel = "NAME", description = "The deployment's name (a DNS-1123 label).")
    String name;

    @Option(
        names = "--pool",
        paramLabel = "POOL",
        description = "The pool to take the namespace from (default: the only pool).")
    String pool;

    @Option(
        names = {"-n", "--namespace"},
        paramLabel = "NS",
        description = "Take this namespace of the pool; it must be available.")
    String namespace;

    @Option(
        names = "--workspace",
        paramLabel = "W",
        description = "The team the deployment belongs to.")
    String workspace;

    @Option(
        names = "--executor-namespaces",
        paramLabel = "N|NS,NS",
        converter = ExecutorNamespacesConverter.class,
        description =
            "Also claim extra namespaces of the pool for the pods the executor launches: a count"
                + " (1-8, any available ones) or a comma-separated list of namespaces. All are"
                + " claimed together with the deployment's own or none is; the chart gets the"
                + " list (nspool.executorNamespaces) and they are released with the deployment.")
    ExecutorNamespacesRequest executorNamespaces;

    @Mixin ValuesOptions valueOptions;

    @Option(
        names = "--no-prompt",
        description = "Never ask for a namespace, even in a terminal: the server picks.")
    boolean noPrompt;

    @Mixin WaitOptions waiting;

    @Override
    public Integer call() {
      Map<String, Object> values = valueOptions.values();
      ApiClient client = server.client();
      PrintWriter out = spec.commandLine().getOut();
      Optional<Terminal> terminal =
          namespace == null && !noPrompt ? CliContext.of(spec).terminal().get() : Optional.empty();
      JsonNode created =
          terminal.isPresent()
              ? createChoosing(client, terminal.get(), values)
              : create(client, namespace, pool, values);
      DeploymentView view = ApiClient.as(created, DeploymentView.class);
      if (output.table()) {
        out.println(created(view));
        out.flush();
      }
      JsonNode last = created;
      if (waiting.wait) {
        last = waiting.waiter(client).untilReady(name, created);
        if (output.table()) {
          out.println("deployment " + name + " is Ready");
          out.flush();
        }
      }
      if (!output.table()) {
        output.print(out, last);
      }
      return ExitCode.OK;
    }

    private static String created(DeploymentView view) {
      String where =
          view.namespace() == null
              ? "; its namespace is still being claimed (`nspool deployment get "
                  + view.name()
                  + "` shows it)"
              : " in namespace " + view.namespace();
      return "deployment "
          + view.name()
          + " created"
          + where
          + " (pool "
          + view.pool()
          + (view.workspace() == null ? "" : ", workspace " + view.workspace())
          + ")";
    }

    /** Asks for a namespace until the claim of the chosen one succeeds or the person cancels. */
    private JsonNode createChoosing(
        ApiClient client, Terminal terminal, Map<String, Object> values) {
      while (true) {
        List<NamespaceView> available =
            ApiClient.items(
                    client.get("/namespaces" + NamespaceCommand.query(pool, true)),
                    NamespaceView.class)
                .stream()
                .filter(NamespaceView::available)
                .toList();
        if (available.isEmpty()) {
          // Let the server say why (pool_exhausted, with its own message) and set the exit code.
          return create(client, null, pool, values);
        }
        Optional<NamespaceView> choice = new NamespacePrompt(terminal).choose(name, available);
        if (choice.isEmpty()) {
          throw new CliException(
              ExitCode.FAILURE, "cancelled: deployment " + name + " not created");
        }
        NamespaceView ns = choice.get();
        try {
          return create(client, ns.name(), pool != null ? pool : ns.pool(), values);
        } catch (ApiException e) {
          if (!"namespace_unavailable".equals(e.code())) {
            throw e;
          }
          // Someone else took it between the list and the claim: offer what is left.
          terminal.println("error: " + e.getMessage());
        }
      }
    }

    private JsonNode create(
        ApiClient client, String ns, String poolName, Map<String, Object> values) {
      return client.post(
          "/deployments",
          new CreateDeploymentRequest(
              name,
              workspace,
              poolName,
              ns,
              executorNamespaces,
              chartOptions.chart,
              chartOptions.version,
              values.isEmpty() ? null : values));
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the deployments you can see.")
  static final class ListDeployments implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ServerOptions server;
    @Mixin OutputOptions output;

    @Option(names = "--workspace", paramLabel = "W", description = "Only this workspace's.")
    String workspace;

    @Override
    public Integer call() {
      Map<String, Object> query = new LinkedHashMap<>();
      query.put("workspace", workspace);
      return output.printItems(
          spec,
          server.client().get("/deployments" + ApiClient.query(query)),
          DeploymentView.class,
          "No deployments.",
          items -> DeploymentTables.list(items, Instant.now()));
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Show one deployment: where it runs, its release, components and conditions.")
  static final class Get implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ServerOptions server;
    @Mixin OutputOptions output;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      JsonNode answer = server.client().get(path(name));
      PrintWriter out = spec.commandLine().getOut();
      if (output.table()) {
        out.print(
            DeploymentTables.detail(ApiClient.as(answer, DeploymentView.class), Instant.now()));
        out.flush();
      } else {
        output.print(out, answer);
      }
      return ExitCode.OK;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Delete a deployment.",
        "",
        "By default a soft delete: the release is uninstalled but the namespace keeps the"
            + " tenant's data until the pool's retention runs out, and `restore` brings the"
            + " deployment back. --hard (or a pool with hardDelete) scrubs the namespace now and"
            + " returns it to the pool; that cannot be undone, so it asks first (--yes does not).",
      })
  static final class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ServerOptions server;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--hard", description = "Scrub the namespace now; nothing can be restored.")
    boolean hard;

    @Option(
        names = {"-y", "--yes"},
        description = "Do not ask before a hard delete (needed without a terminal).")
    boolean yes;

    @Override
    public Integer call() {
      ApiClient client = server.client();
      DeploymentView deployment = ApiClient.as(client.get(path(name)), DeploymentView.class);
      Optional<PoolView> pool = pool(client, deployment.pool());
      boolean scrubbed = hard || pool.map(PoolView::hardDelete).orElse(true);
      if (scrubbed && !yes) {
        confirm(deployment, hard);
      }
      JsonNode answer = client.delete(path(name) + (hard ? "?hard=true" : ""));
      PrintWriter out = spec.commandLine().getOut();
      String ns = deployment.namespace() == null ? "" : " namespace " + deployment.namespace();
      if (scrubbed) {
        out.println(
            "deployment " + name + " deleted:" + ns + " is being scrubbed and returns to the pool");
      } else {
        String purgeAfter =
            answer != null && answer.hasNonNull("purgeAfter")
                ? answer.get("purgeAfter").asText()
                : null;
        String until =
            purgeAfter != null
                ? " until " + purgeAfter + " (" + HumanTime.until(purgeAfter, Instant.now()) + ")"
                : pool.map(p -> " for " + p.retention()).orElse("");
        out.println(
            "deployment "
                + name
                + " deleted (soft):"
                + ns
                + " keeps its data"
                + until
                + "; `nspool deployment restore "
                + name
                + "` brings it back");
      }
      out.flush();
      return ExitCode.OK;
    }

    /** The deployment's pool, or empty when it cannot be read (then a delete counts as hard). */
    private static Optional<PoolView> pool(ApiClient client, String pool) {
      if (pool == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            ApiClient.as(client.get("/pools/" + ApiClient.segment(pool)), PoolView.class));
      } catch (ApiException e) {
        return Optional.empty();
      }
    }

    private void confirm(DeploymentView deployment, boolean asked) {
      Terminal terminal =
          CliContext.of(spec)
              .terminal()
              .get()
              .orElseThrow(
                  () ->
                      new ParameterException(
                          spec.commandLine(),
                          "deleting "
                              + name
                              + " scrubs its namespace and cannot be undone: pass --yes to confirm"
                              + " (there is no terminal to ask)"));
      String why = asked ? "" : " (its pool " + deployment.pool() + " deletes hard)";
      String answer =
          terminal.readLine(
              "Delete "
                  + name
                  + " and scrub namespace "
                  + deployment.namespace()
                  + why
                  + "? Nothing can be restored. [y/N]: ");
      if (answer == null || !List.of("y", "yes").contains(answer.strip().toLowerCase())) {
        throw new CliException(ExitCode.FAILURE, "cancelled: deployment " + name + " not deleted");
      }
    }
  }

  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description =
          "Bring back a soft-deleted deployment into the namespace that kept its data (before the"
              + " pool's retention runs out).")
  static final class Restore implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ServerOptions server;
    @Mixin OutputOptions output;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      JsonNode answer = server.client().post(path(name) + "/restore", null);
      PrintWriter out = spec.commandLine().getOut();
      if (!output.table() && answer != null) {
        output.print(out, answer);
        return ExitCode.OK;
      }
      String ns =
          answer != null && answer.hasNonNull("namespace")
              ? " into namespace " + answer.get("namespace").asText()
              : "";
      out.println("deployment " + name + " restored" + ns);
      out.flush();
      return ExitCode.OK;
    }
  }

  @Command(
      name = "logs",
      mixinStandardHelpOptions = true,
      description = {
        "Print the logs of a deployment's pods, in every namespace of the deployment.",
        "The pods are those of the workloads its Helm release installed (each selected by the"
            + " workload's own selector, whatever labels the chart uses) and, in its executor"
            + " namespaces, the task pods (component workers). Every line is labelled"
            + " [namespace/pod/container].",
        "Examples:",
        "  nspool deployment logs demo -c scheduler --tail 20",
        "  nspool deployment logs demo -f --tail 0     # only new lines, until Ctrl-C"
      })
  static final class Logs implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ServerOptions server;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = {"-c", "--component"},
        paramLabel = "COMPONENT",
        description =
            "Only this component's pods: its name in `deployment get` (demo-scheduler) or without"
                + " the deployment's prefix (scheduler).")
    String component;

    @Option(
        names = "--tail",
        paramLabel = "N",
        description =
            "Start with the last N lines of each container (0 to "
                + LogTail.MAX
                + ", default "
                + LogTail.DEFAULT
                + "; 0 with -f: only new lines).")
    Integer tail;

    @Option(
        names = {"-f", "--follow"},
        description =
            "Keep printing lines as they are logged, until interrupted (at most "
                + PodLogs.MAX_FOLLOWED
                + " containers at once).")
    boolean follow;

    @Override
    public Integer call() {
      if (tail != null) {
        LogTail.problem("--tail", tail)
            .ifPresent(
                problem -> {
                  throw new ParameterException(spec.commandLine(), problem);
                });
      }
      Map<String, Object> query = new LinkedHashMap<>();
      query.put("component", component);
      query.put("tail", tail);
      query.put("follow", follow ? true : null);
      PrintWriter out = spec.commandLine().getOut();
      String path = path(name) + "/logs" + ApiClient.query(query);
      if (follow) {
        server.client().streamText(path, out);
        return ExitCode.OK;
      }
      String logs = server.client().getText(path);
      out.print(logs);
      if (!logs.isEmpty() && !logs.endsWith("\n")) {
        out.println();
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  @Command(
      name = "events",
      mixinStandardHelpOptions = true,
      description =
          "Show the Kubernetes events of every namespace of a deployment, newest first, each with"
              + " its namespace.")
  static final class Events implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ServerOptions server;
    @Mixin OutputOptions output;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return output.printItems(
          spec,
          server.client().get(path(name) + "/events"),
          EventView.class,
          "No events.",
          items -> DeploymentTables.events(items, Instant.now()));
    }
  }

  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description = {
        "Show the revisions of a deployment's Helm release, oldest first.",
        "",
        "Every change of values (nspool deployment update, or kubectl edit of the"
            + " TenantDeployment) upgrades the release and adds a revision; Helm keeps them in the"
            + " deployment's namespace, so this is what `helm history NAME -n NAMESPACE` shows.",
      })
  static final class History implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ServerOptions server;
    @Mixin OutputOptions output;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return output.printItems(
          spec,
          server.client().get(path(name) + "/revisions"),
          RevisionView.class,
          "No revisions: the release is not installed yet.",
          items -> DeploymentTables.revisions(items, Instant.now()));
    }
  }

  @Command(
      name = "update",
      description = {
        "Change a deployment's chart values, chart or version; the release is upgraded to a new"
            + " revision.",
        "",
        "The -f files and --set values are merged into the current ones, as `helm upgrade"
            + " --reuse-values -f … --set` does; with --reset-values the given values replace all"
            + " current ones. --chart switches to another entry of the pool's catalogue (its"
            + " version unless --version says it)."
            + " Values that end up as they are change nothing (no new revision, exit 0). --wait"
            + " waits for the new revision, not the current one, to be Ready.",
        "",
        "Example: nspool deployment update analytics --set size=large --wait",
      })
  static final class Update implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Mixin ChartOptions chartOptions;
    @Mixin ServerOptions server;
    @Mixin OutputOptions output;

    @Parameters(paramLabel = "NAME")
    String name;

    @Mixin ValuesOptions valueOptions;

    @Option(
        names = "--reset-values",
        description = "Replace all current values with the given ones (none: the chart defaults).")
    boolean resetValues;

    @Mixin WaitOptions waiting;

    @Override
    public Integer call() {
      if (valueOptions.isEmpty() && !resetValues && chartOptions.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            "nothing to change: give -f, --set, --set-string, --reset-values, --chart or"
                + " --version");
      }
      ApiClient client = server.client();
      PrintWriter out = spec.commandLine().getOut();
      DeploymentView before = ApiClient.as(client.get(path(name)), DeploymentView.class);
      Map<String, Object> current = before.values() == null ? Map.of() : before.values();
      Map<String, Object> values = valueOptions.over(resetValues ? Map.of() : current);
      int revision =
          before.release() == null || before.release().revision() == null
              ? 0
              : before.release().revision();
      boolean sameChart =
          (chartOptions.chart == null || chartOptions.chart.equals(before.chart()))
              && (chartOptions.version == null || chartOptions.version.equals(before.version()));
      if (values.equals(current) && sameChart) {
        if (output.table()) {
          out.println("deployment " + name + " unchanged (revision " + revision + ")");
        } else {
          output.print(out, client.get(path(name)));
        }
        out.flush();
        return ExitCode.OK;
      }
      JsonNode last =
          client.patch(
              path(name),
              new UpdateDeploymentRequest(
                  values.equals(current) ? null : values,
                  chartOptions.chart,
                  chartOptions.version));
      if (output.table()) {
        out.println(
            "deployment "
                + name
                + " updated; its release goes from revision "
                + revision
                + " to the next (`nspool deployment history "
                + name
                + "`)");
        out.flush();
      }
      if (waiting.wait) {
        last =
            waiting
                .waiter(client)
                .untilUpgraded(name, last, revision, "Failed".equals(before.phase()));
        if (output.table()) {
          DeploymentView view = ApiClient.as(last, DeploymentView.class);
          out.println("deployment " + name + " is Ready at revision " + view.release().revision());
          out.flush();
        }
      }
      if (!output.table()) {
        output.print(out, last);
      }
      return ExitCode.OK;
    }
  }
}
