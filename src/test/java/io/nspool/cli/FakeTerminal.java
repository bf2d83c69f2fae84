package io.nspool.cli;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A person at a terminal who types the given lines in order; {@code null} is Ctrl-D. Everything
 * shown and typed is kept in {@link #screen()}, as it would appear.
 */
final class FakeTerminal implements Terminal {
  private final Deque<String> typed = new ArrayDeque<>();
  private final StringBuilder screen = new StringBuilder();
  private int prompts;

  FakeTerminal(String... lines) {
    // ArrayDeque refuses null, so Ctrl-D travels as a marker.
    Arrays.stream(lines).map(l -> l == null ? EOF : l).forEach(typed::add);
  }

  private static final String EOF = "\u0004";

  @Override
  public String readLine(String prompt) {
    prompts++;
    screen.append(prompt);
    String line = typed.poll();
    if (line == null || line.equals(EOF)) {
      return null;
    }
    screen.append(line).append('\n');
    return line;
  }

  @Override
  public void println(String line) {
    screen.append(line).append('\n');
  }

  String screen() {
    return screen.toString();
  }

  int prompts() {
    return prompts;
  }
}
