package io.nspool.cli;

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
      KubectlCommand.class,
      InstallCommand.class,
      ServerCommand.class,
      BenchCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 failure, 2 bad usage.",
      "Start here: `nspool up` runs the embedded local cluster."
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
