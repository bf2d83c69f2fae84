package io.nspool.logs;

/** Lines of a container's log as nspool hands them on: each labelled with its source. */
public final class LogLines {
  private LogLines() {}

  /** One line (without its newline) labelled, with its newline. */
  public static String line(LogSource source, String line) {
    return source.label() + " " + line + "\n";
  }

  /**
   * Every line of a log text labelled; a last line without a newline gets one, an empty text stays
   * empty, and a carriage return before a newline (CRLF output) is dropped.
   */
  public static String text(LogSource source, CharSequence text) {
    StringBuilder out = new StringBuilder();
    int start = 0;
    int length = text.length();
    while (start < length) {
      int end = start;
      while (end < length && text.charAt(end) != '\n') {
        end++;
      }
      int lineEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      out.append(line(source, text.subSequence(start, lineEnd).toString()));
      start = end + 1;
    }
    return out.toString();
  }

  /** A line from nspool itself about the request (a limit reached, a pod without logs). */
  public static String notice(String message) {
    return "[nspool] " + message + "\n";
  }
}
