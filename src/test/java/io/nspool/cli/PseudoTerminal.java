package io.nspool.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The real {@code nspool} command in a child JVM whose stdin and stdout are a pseudo-terminal, as
 * when a person runs it: util-linux {@code script} allocates the terminal, forwards what the test
 * types and turns the end of the test's input into Ctrl-D. Prompts and echoed input all come back
 * in {@link #screen()}.
 */
final class PseudoTerminal implements AutoCloseable {
  private static final Duration EXPECT_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final OutputStream keyboard;
  private final StringBuffer screen = new StringBuffer();
  private final Thread reader;

  private PseudoTerminal(Process process) {
    this.process = process;
    this.keyboard = process.getOutputStream();
    this.reader = new Thread(this::read, "pty-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code nspool ARGS} from this test's classpath, with these environment variables. */
  static PseudoTerminal nspool(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A short-lived CLI: skip the optimising compiler, as a person would not notice it either.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    String shellCommand =
        command.stream().map(PseudoTerminal::quote).collect(Collectors.joining(" "));
    ProcessBuilder builder =
        new ProcessBuilder(
                "script", "--quiet", "--return", "--flush", "--command", shellCommand, "/dev/null")
            .redirectErrorStream(true);
    builder.environment().remove("NSPOOL_DEBUG");
    builder.environment().put("TERM", "dumb");
    builder.environment().putAll(env);
    return new PseudoTerminal(builder.start());
  }

  /** Waits until the screen shows {@code text} after what it showed when asked. */
  PseudoTerminal expect(String text) throws InterruptedException {
    return expectAfter(0, text);
  }

  /** Waits until {@code text} shows up at or after position {@code from} of the screen. */
  PseudoTerminal expectAfter(int from, String text) throws InterruptedException {
    long deadline = System.nanoTime() + EXPECT_TIMEOUT.toNanos();
    while (screen.indexOf(text, from) < 0) {
      if (System.nanoTime() > deadline || (!process.isAlive() && screen.indexOf(text, from) < 0)) {
        reader.join(1000);
        if (screen.indexOf(text, from) >= 0) {
          return this;
        }
        throw new AssertionError(
            "the terminal never showed '" + text + "'; it shows:\n" + screen());
      }
      Thread.sleep(20);
    }
    return this;
  }

  /** The position after everything shown so far, for {@link #expectAfter}. */
  int mark() {
    return screen.length();
  }

  /** Types a line and Enter. */
  PseudoTerminal type(String line) throws IOException {
    keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
    return this;
  }

  /** Ctrl-D: the end of the input. */
  PseudoTerminal endOfInput() throws IOException {
    keyboard.close();
    return this;
  }

  /** Waits for the command to end and returns its exit code. */
  int exitCode() throws InterruptedException {
    if (!process.waitFor(EXPECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("nspool did not exit; the terminal shows:\n" + screen());
    }
    reader.join(5000);
    return process.exitValue();
  }

  /** Everything the terminal showed, line ends as "\n". */
  String screen() {
    return screen.toString().replace("\r\n", "\n");
  }

  private void read() {
    byte[] buffer = new byte[4096];
    try (InputStream in = process.getInputStream()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // The process ended; what it showed is kept.
    }
  }

  private static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
