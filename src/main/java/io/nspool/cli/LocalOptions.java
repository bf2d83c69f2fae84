package io.nspool.cli;

import io.nspool.localcluster.StateDir;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the embedded local cluster lives; shared by up, down and kubectl. */
final class LocalOptions {
  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Folder of the local cluster's keys, data, logs and pid files (default:"
              + " .nspool/local in the repository).")
  Path stateDir;

  static Path repoRoot() {
    return Path.of(System.getProperty("nspool.repoRoot", ".")).toAbsolutePath().normalize();
  }

  StateDir state() {
    return new StateDir(stateDir != null ? stateDir : repoRoot().resolve(".nspool/local"));
  }
}
