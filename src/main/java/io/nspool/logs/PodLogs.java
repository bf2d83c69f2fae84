package io.nspool.logs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the logs of a deployment's containers (found by {@link DeploymentPods}) through the API
 * server's {@code pods/log}, every line labelled with its source ({@link LogLines}). Bounded: at
 * most {@link #MAX_READ} containers in one answer and {@link #MAX_FOLLOWED} followed at once; past
 * that the answer says so in its first line.
 */
public final class PodLogs {
  public static final int MAX_READ = 200;
  public static final int MAX_FOLLOWED = 32;

  private final KubernetesClient client;

  public PodLogs(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Writes the last {@code tail} lines of each container, one container after the other; a
   * container whose log cannot be read (its pod not on a node yet) gets a line saying why.
   */
  public void print(List<LogSource> sources, int tail, OutputStream out) throws IOException {
    List<LogSource> read = bounded(sources, MAX_READ, "reads", out);
    if (read.isEmpty()) {
      write(out, LogLines.notice("no pods"));
    }
    for (LogSource source : read) {
      String text;
      try {
        text =
            client
                .pods()
                .inNamespace(source.namespace())
                .withName(source.pod())
                .inContainer(source.container())
                .tailingLines(tail)
                .withReadyWaitTimeout(0)
                .getLog();
      } catch (KubernetesClientException e) {
        text = null;
        write(out, LogLines.line(source, "(no logs: " + reason(e) + ")"));
      }
      if (text != null) {
        write(out, LogLines.text(source, text));
      }
      out.flush();
    }
  }

  /**
   * Starts following the containers' logs into {@code out}: the last {@code tail} lines of each,
   * then every new line as it is logged, one reader thread per container. The caller waits on the
   * returned {@link FollowedLogs} and closes it.
   */
  public FollowedLogs follow(List<LogSource> sources, int tail, OutputStream out)
      throws IOException {
    List<LogSource> followed = bounded(sources, MAX_FOLLOWED, "follows", out);
    if (followed.isEmpty()) {
      write(out, LogLines.notice("no pods"));
    }
    out.flush();
    return FollowedLogs.start(followed, out, source -> watch(source, tail));
  }

  private LogWatch watch(LogSource source, int tail) {
    return client
        .pods()
        .inNamespace(source.namespace())
        .withName(source.pod())
        .inContainer(source.container())
        .tailingLines(tail)
        .withReadyWaitTimeout(0)
        .watchLog();
  }

  private static List<LogSource> bounded(
      List<LogSource> sources, int max, String verb, OutputStream out) throws IOException {
    if (sources.size() <= max) {
      return sources;
    }
    write(
        out,
        LogLines.notice(
            "showing "
                + max
                + " of "
                + sources.size()
                + " containers: nspool "
                + verb
                + " at most "
                + max
                + " at once; choose one component with component= (CLI: -c)"));
    return sources.subList(0, max);
  }

  static String reason(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : e.getMessage();
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }
}
