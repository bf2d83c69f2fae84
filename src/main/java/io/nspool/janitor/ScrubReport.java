package io.nspool.janitor;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of one scrub: the namespace is clean (nothing of the previous tenant left), or the
 * leftovers say why not. A namespace whose report is not clean must be quarantined, with {@link
 * #summary()} as the reason.
 *
 * @param deleted objects the janitor deleted itself; their dependents removed by the garbage
 *     collector are not counted
 */
public record ScrubReport(
    String namespace, List<ObjectKey> deleted, List<Leftover> leftovers, Duration took) {

  public ScrubReport {
    deleted = List.copyOf(deleted);
    leftovers = List.copyOf(leftovers);
  }

  public boolean clean() {
    return leftovers.isEmpty();
  }

  /** One line when clean; otherwise one line per leftover, each naming what to do about it. */
  public String summary() {
    String head =
        (clean() ? "scrubbed clean in " : "not clean after ")
            + seconds(took)
            + ": deleted "
            + deleted.size()
            + (deleted.size() == 1 ? " object" : " objects")
            + " in "
            + namespace;
    if (clean()) {
      return head;
    }
    StringBuilder summary =
        new StringBuilder(head)
            .append("; ")
            .append(leftovers.size())
            .append(leftovers.size() == 1 ? " leftover:" : " leftovers:");
    leftovers.forEach(l -> summary.append("\n  ").append(l));
    return summary.toString();
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
  }
}
