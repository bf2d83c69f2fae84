package io.nspool.cli;

/** A person at a terminal: what a prompt needs, and nothing more, so tests can fake it. */
interface Terminal {
  /** Shows {@code prompt} and reads one line; {@code null} at end of input (Ctrl-D). */
  String readLine(String prompt);

  void println(String line);
}
