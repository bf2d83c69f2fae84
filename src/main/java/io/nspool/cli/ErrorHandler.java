package io.nspool.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints a failure as one line a user can act on, instead of a stack trace. */
final class ErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, ParseResult parseResult) {
    String message = e.getMessage() != null ? e.getMessage() : e.toString();
    commandLine.getErr().println("error: " + message);
    if (System.getenv("NSPOOL_DEBUG") != null) {
      e.printStackTrace(commandLine.getErr());
    }
    return 1;
  }
}
