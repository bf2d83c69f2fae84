package io.nspool.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The helm CLI for benchmarks, built by bench/build-helm.sh from the Go module (cached). */
final class HelmCli {
  private HelmCli() {}

  static Path resolve(Path repoRoot) throws Exception {
    Process process =
        new ProcessBuilder(repoRoot.resolve("bench/build-helm.sh").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
      for (String line; (line = out.readLine()) != null; ) {
        lines.add(line);
      }
    }
    if (process.waitFor() != 0 || lines.isEmpty()) {
      throw new IllegalStateException("bench/build-helm.sh failed; its output above says why");
    }
    return Path.of(lines.get(lines.size() - 1).trim());
  }
}
