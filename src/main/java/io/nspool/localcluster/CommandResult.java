package io.nspool.localcluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Exit code and output of a finished command. */
public record CommandResult(int exitCode, String stdout, String stderr) {

  static CommandResult run(List<String> command, Duration timeout) {
    try {
      Path out = Files.createTempFile("nspool-cmd", ".out");
      Path err = Files.createTempFile("nspool-cmd", ".err");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new LocalClusterException(
              "command did not finish within " + timeout.toSeconds() + "s: " + command);
        }
        return new CommandResult(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new LocalClusterException("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalClusterException("interrupted while running " + command, e);
    }
  }
}
