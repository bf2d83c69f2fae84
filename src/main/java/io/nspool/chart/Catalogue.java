package io.nspool.chart;

import io.nspool.deploy.BundledChart;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A pool's chart catalogue and the one rule that picks a deployment's chart from it: the entry the
 * deployment names (else the catalogue's default), at the entry's pinned version (a version the
 * deployment names must be that one). A pool without a catalogue has one implicit entry, the
 * bundled {@value BundledChart#DEFAULT} chart, which is then also its default.
 */
public final class Catalogue {
  private final List<ChartEntry> entries;
  private final boolean implicit;

  private Catalogue(List<ChartEntry> entries, boolean implicit) {
    this.entries = entries;
    this.implicit = implicit;
  }

  /** The catalogue of a pool's {@code spec.charts} (null or empty: the bundled chart). */
  public static Catalogue of(List<ChartEntry> charts) {
    if (charts == null || charts.isEmpty()) {
      return new Catalogue(List.of(bundled()), true);
    }
    return new Catalogue(List.copyOf(charts), false);
  }

  /** The entry standing for the bundled chart in a pool that lists no catalogue. */
  static ChartEntry bundled() {
    ChartEntry entry = new ChartEntry();
    entry.setName(BundledChart.DEFAULT);
    return entry;
  }

  /** Whether an entry is the bundled chart (the implicit catalogue's only entry). */
  public static boolean isBundled(ChartEntry entry) {
    return entry.getPath() == null && entry.getRepository() == null && entry.getOci() == null;
  }

  public List<ChartEntry> entries() {
    return entries;
  }

  /** Whether the pool lists no catalogue and offers only the bundled chart. */
  public boolean isImplicit() {
    return implicit;
  }

  /** The entry marked default, else the only entry, else none. */
  public Optional<ChartEntry> defaultEntry() {
    Optional<ChartEntry> marked = entries.stream().filter(ChartEntry::isMarkedDefault).findFirst();
    if (marked.isPresent()) {
      return marked;
    }
    return entries.size() == 1 ? Optional.of(entries.get(0)) : Optional.empty();
  }

  /** What a deployment gets: an entry of this catalogue and the version it is installed at. */
  public record Choice(ChartEntry entry, String version) {}

  /** The names, for messages: {@code a, b (default), c}. */
  public String names() {
    Optional<ChartEntry> fallback = defaultEntry();
    return entries.stream()
        .map(
            e ->
                e.getName()
                    + (fallback.isPresent() && fallback.get() == e ? " (default)" : "")
                    + (e.getVersion() == null ? "" : " " + e.getVersion()))
        .collect(Collectors.joining(", "));
  }

  /**
   * The chart of a deployment asking for {@code chart} (null: the default) at {@code version}
   * (null: the entry's).
   *
   * @throws ChoiceException naming the field, the value and what the catalogue offers
   */
  public Choice choose(String chart, String version) {
    ChartEntry entry;
    if (chart == null || chart.isEmpty()) {
      entry =
          defaultEntry()
              .orElseThrow(
                  () ->
                      new ChoiceException(
                          "chart",
                          "chart: required, since the pool's catalogue has no default; choose one"
                              + " of: "
                              + names()));
    } else {
      entry =
          entries.stream()
              .filter(e -> chart.equals(e.getName()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ChoiceException(
                          "chart",
                          "chart: \""
                              + chart
                              + "\" is not in the pool's catalogue; choose one of: "
                              + names()));
    }
    if (version != null && !version.isEmpty() && !version.equals(entry.getVersion())) {
      throw new ChoiceException(
          "version",
          "version: \""
              + version
              + "\" is not offered for chart "
              + entry.getName()
              + ": "
              + (entry.getVersion() == null
                  ? "it is a chart on nspool's server with no pinned version; leave version out"
                  : "the catalogue pins it to " + entry.getVersion())
              + " (catalogue: "
              + names()
              + ")");
    }
    return new Choice(entry, entry.getVersion());
  }

  /** A deployment names a chart or version the catalogue does not offer. */
  public static final class ChoiceException extends RuntimeException {
    private final String field;

    ChoiceException(String field, String message) {
      super(message);
      this.field = field;
    }

    /** {@code chart} or {@code version}. */
    public String field() {
      return field;
    }
  }
}
