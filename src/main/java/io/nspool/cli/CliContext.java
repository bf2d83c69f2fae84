package io.nspool.cli;

import java.io.Console;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a command reads from outside its arguments: environment variables and, when a person is at
 * the keyboard, the terminal. Tests pass their own.
 */
record CliContext(Function<String, String> env, Supplier<Optional<Terminal>> terminal) {

  /** The real process: {@link System#getenv} and {@link System#console()}. */
  static CliContext system() {
    return new CliContext(
        System::getenv, () -> Optional.ofNullable(System.console()).map(ConsoleTerminal::new));
  }

  boolean debug() {
    return env.apply("NSPOOL_DEBUG") != null;
  }

  /** The context of the command line a command runs in (held by its root, {@link Main}). */
  static CliContext of(CommandSpec spec) {
    return ((Main) spec.root().userObject()).context();
  }

  /** The terminal behind the JVM's {@link Console}: prompts go to it, not to stdout. */
  private record ConsoleTerminal(Console console) implements Terminal {
    @Override
    public String readLine(String prompt) {
      return console.readLine("%s", prompt);
    }

    @Override
    public void println(String line) {
      console.writer().println(line);
      console.flush();
    }
  }
}
