package io.nspool.cli;

import picocli.CommandLine.Option;

/** {@code --chart} and {@code --version}: which entry of the pool's chart catalogue, at what. */
final class ChartOptions {
  @Option(
      names = "--chart",
      paramLabel = "NAME",
      description =
          "The chart: the name of an entry of the pool's catalogue (default: its default entry)."
              + " Never a path or URL; `nspool pool get POOL` lists the catalogue.")
  String chart;

  @Option(
      names = "--version",
      paramLabel = "V",
      description =
          "The chart version expected; it must be the one the catalogue entry pins (default:"
              + " that one).")
  String version;

  boolean isEmpty() {
    return chart == null && version == null;
  }
}
