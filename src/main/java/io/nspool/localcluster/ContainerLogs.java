package io.nspool.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The logs of the local cluster's simulated containers. No process runs in them, so kwok serves one
 * file, in the CRI log format a kubelet reads, as the log of every container of every pod (its
 * {@code ClusterLogs} configuration, followed as a kubelet follows a growing log): {@code kubectl
 * logs}, {@code kubectl logs -f} and the API server's {@code pods/log} proxy answer with its lines.
 * Appending a line here makes it appear in every container's log, and in every log being followed.
 */
public record ContainerLogs(Path file) {
  /** The first lines of a fresh cluster's file: what a reader of any pod's log sees. */
  static final String FIRST_LINE =
      "nspool local cluster: simulated container on a kwok node, no process runs; lines appended"
          + " to %s appear in every container's log";

  /** kwok's configuration document that serves {@code file} as every container's log. */
  static String kwokConfig(Path file) {
    return """
        ---
        # Every container of every pod logs the one file ContainerLogs writes (CRI log format).
        apiVersion: kwok.x-k8s.io/v1alpha1
        kind: ClusterLogs
        metadata:
          name: every-container
        spec:
          logs:
          - logsFile: %s
            follow: true
        """
        .formatted(file.toAbsolutePath());
  }

  /** Creates the file with its first line unless it exists (a restarted kwok keeps the lines). */
  static void ensure(Path file) {
    if (Files.exists(file)) {
      return;
    }
    new ContainerLogs(file).append(FIRST_LINE.formatted(file.toAbsolutePath()));
  }

  /** Appends one stdout line, as a container writing it now would. */
  public void append(String line) {
    if (line.contains("\n")) {
      throw new IllegalArgumentException("one line at a time, without a newline: " + line);
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          criLine(Instant.now(), line),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  /** {@code TIMESTAMP STREAM TAG MESSAGE}: the CRI format; {@code F} marks a full line. */
  static String criLine(Instant at, String line) {
    return at + " stdout F " + line + "\n";
  }
}
