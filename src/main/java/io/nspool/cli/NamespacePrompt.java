package io.nspool.cli;

import io.nspool.api.model.NamespaceView;
import java.util.List;
import java.util.Optional;

/**
 * Asks which namespace a new deployment goes to: a numbered list of the available ones, and a
 * prompt that asks again until the answer is one of them (a number from the list, or a name in it).
 * End of input (Ctrl-D) cancels.
 */
final class NamespacePrompt {
  private final Terminal terminal;

  NamespacePrompt(Terminal terminal) {
    this.terminal = terminal;
  }

  /** The chosen namespace, or empty when the person cancelled. {@code available} is not empty. */
  Optional<NamespaceView> choose(String deployment, List<NamespaceView> available) {
    if (available.isEmpty()) {
      throw new IllegalArgumentException("nothing to choose from");
    }
    boolean onePool = available.stream().map(NamespaceView::pool).distinct().count() == 1;
    terminal.println(
        onePool
            ? "Available namespaces in pool " + available.get(0).pool() + ":"
            : "Available namespaces:");
    int width = String.valueOf(available.size()).length();
    for (int i = 0; i < available.size(); i++) {
      NamespaceView ns = available.get(i);
      String number = String.format("%" + width + "d", i + 1);
      terminal.println(
          "  " + number + ") " + ns.name() + (onePool ? "" : "  (pool " + ns.pool() + ")"));
    }
    String range = available.size() == 1 ? "1" : "1-" + available.size();
    while (true) {
      String line = terminal.readLine("Namespace for " + deployment + " [" + range + "]: ");
      if (line == null) {
        terminal.println("");
        return Optional.empty();
      }
      String answer = line.strip();
      Optional<NamespaceView> chosen = pick(answer, available);
      if (chosen.isPresent()) {
        return chosen;
      }
      terminal.println(complaint(answer, available.size()));
    }
  }

  private static Optional<NamespaceView> pick(String answer, List<NamespaceView> available) {
    if (answer.matches("[0-9]{1,9}")) {
      int n = Integer.parseInt(answer);
      return n >= 1 && n <= available.size() ? Optional.of(available.get(n - 1)) : Optional.empty();
    }
    return available.stream().filter(ns -> ns.name().equals(answer)).findFirst();
  }

  private static String complaint(String answer, int size) {
    String hint = "type a number from 1 to " + size + " (or a namespace's name); Ctrl-D cancels";
    if (answer.isEmpty()) {
      return "No namespace chosen: " + hint + ".";
    }
    if (answer.matches("[0-9]+")) {
      return answer + " is not in the list: " + hint + ".";
    }
    return "'" + answer + "' is neither a number nor an available namespace: " + hint + ".";
  }
}
