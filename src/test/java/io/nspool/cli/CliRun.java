package io.nspool.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/** Runs the nspool command in-process, as a test's user would, and keeps what it printed. */
record CliRun(int exitCode, String out, String err) {

  /** Without a terminal, with only the given environment variables. */
  static CliRun run(Map<String, String> env, String... args) {
    return run(env, null, args);
  }

  static CliRun run(Map<String, String> env, Terminal terminal, String... args) {
    CliContext context = new CliContext(env::get, () -> Optional.ofNullable(terminal));
    CommandLine cli = Main.commandLine(context);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Against {@code server}, its URL and token given as options. */
  static CliRun against(FakeApiServer server, Terminal terminal, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", server.url(), "--token", FakeApiServer.TOKEN));
    return run(Map.of(), terminal, all.toArray(String[]::new));
  }

  static CliRun against(FakeApiServer server, String... args) {
    return against(server, null, args);
  }
}
