package io.nspool.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code nspool} command. */
@Command(
    name = "nspool",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Namespace pools for multi-tenant Kubernetes: every tenant deployment lands in a namespace"
          + " taken from a pool of pre-created namespaces, with namespace-scoped permissions only.",
      ""
    },
    subcommands = {
      UpCommand.class,
      DownCommand.class,
      StatusCommand.class,
      KubectlCommand.class,
      InstallCommand.class,
      VerifyCommand.class,
      DoctorCommand.class,
      ServerCommand.class,
      BenchCommand.class,
      NamespaceCommand.class,
      DeploymentCommand.class,
      PoolCommand.class,
      UserCommand.class,
      RbacCommand.class,
      CompletionCommand.class
    })
public final class Main implements Runnable {
  /** The commands that talk to the REST API, whose exit codes follow the API's error codes. */
  private static final Set<String> CLIENT_COMMANDS =
      Set.of("namespace", "deployment", "pool", "user");

  private final CliContext context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  Main(CliContext context) {
    this.context = context;
  }

  public static void main(String[] args) {
    System.exit(commandLine(CliContext.system()).execute(args));
  }

  static CommandLine commandLine() {
    return commandLine(CliContext.system());
  }

  static CommandLine commandLine(CliContext context) {
    CommandLine commandLine = new CommandLine(new Main(context));
    commandLine.setExecutionExceptionHandler(new ErrorHandler(context));
    commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    List<String> rootFooter = new ArrayList<>(List.of(ExitCode.HELP));
    rootFooter.add("");
    rootFooter.add("Start here: `nspool up` runs the embedded local cluster.");
    commandLine.getCommandSpec().usageMessage().footer(rootFooter.toArray(String[]::new));
    for (String name : CLIENT_COMMANDS) {
      withExitCodes(commandLine.getSubcommands().get(name));
    }
    return commandLine;
  }

  CliContext context() {
    return context;
  }

  private static void withExitCodes(CommandLine command) {
    command.getCommandSpec().usageMessage().footer(ExitCode.HELP);
    command.getSubcommands().values().forEach(Main::withExitCodes);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
