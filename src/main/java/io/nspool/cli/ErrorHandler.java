package io.nspool.cli;

import io.nspool.cli.client.ApiException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failure as one line a user can act on ({@code error: <message>}, the server's own
 * message for API errors) and picks the exit code of {@link ExitCode}. A stack trace only with
 * {@code NSPOOL_DEBUG} set.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  private final CliContext context;

  ErrorHandler(CliContext context) {
    this.context = context;
  }

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, ParseResult parseResult) {
    String message = e.getMessage() != null ? e.getMessage() : e.toString();
    commandLine.getErr().println("error: " + message);
    if (context.debug()) {
      e.printStackTrace(commandLine.getErr());
    }
    commandLine.getErr().flush();
    if (e instanceof ApiException api) {
      return ExitCode.of(api);
    }
    if (e instanceof CliException cli) {
      return cli.exitCode();
    }
    return ExitCode.FAILURE;
  }
}
