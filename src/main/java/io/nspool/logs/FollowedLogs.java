package io.nspool.logs;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Logs being followed: one reader thread per container (named {@value #THREAD_PREFIX} and its
 * source), each copying its container's lines, labelled, into one shared output as they arrive.
 * Whole lines only, so lines of different containers never interleave mid-line. It ends when every
 * log has ended, when writing fails (the client went away), when the caller's check says the client
 * is gone, or on interrupt; {@link #close} then closes every log stream to the API server and waits
 * for the readers to exit.
 */
public final class FollowedLogs implements AutoCloseable {
  public static final String THREAD_PREFIX = "nspool-log ";

  private static final Duration JOIN = Duration.ofSeconds(5);

  /** Why following ended. */
  public enum Ended {
    /** Every followed log ended (pods deleted, containers gone). */
    LOGS_ENDED,
    /** Writing to the client failed, or the client closed its connection. */
    CLIENT_GONE,
    /** The waiting thread was interrupted (the server stops). */
    INTERRUPTED
  }

  private final Sink sink;
  private final List<Reader> readers = new ArrayList<>();
  private volatile boolean closing;

  private FollowedLogs(OutputStream out) {
    this.sink = new Sink(out);
  }

  /**
   * Starts one reader per source; {@code open} opens its log stream (a {@code watchLog}), and is
   * called on the reader's own thread, so slow opens run side by side.
   */
  static FollowedLogs start(
      List<LogSource> sources, OutputStream out, Function<LogSource, LogWatch> open) {
    FollowedLogs followed = new FollowedLogs(out);
    for (LogSource source : sources) {
      Reader reader = followed.new Reader(source, open);
      Thread thread = new Thread(reader, THREAD_PREFIX + source.label());
      thread.setDaemon(true);
      reader.thread = thread;
      followed.readers.add(reader);
    }
    followed.readers.forEach(r -> r.thread.start());
    return followed;
  }

  /**
   * Blocks until following should end, checking {@code clientGone} every {@code poll}.
   *
   * @return why it ended
   */
  public Ended await(BooleanSupplier clientGone, Duration poll) {
    try {
      while (true) {
        if (sink.failed() || clientGone.getAsBoolean()) {
          return Ended.CLIENT_GONE;
        }
        if (readers.stream().noneMatch(r -> r.thread.isAlive())) {
          // A reader that failed to write exits too: which of the two it was decides.
          return sink.failed() ? Ended.CLIENT_GONE : Ended.LOGS_ENDED;
        }
        Thread.sleep(poll.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Ended.INTERRUPTED;
    }
  }

  /** The reader threads still running: none once {@link #close} returned. */
  public long running() {
    return readers.stream().filter(r -> r.thread.isAlive()).count();
  }

  /** Closes every log stream and waits (a few seconds at most) for the readers to exit. */
  @Override
  public void close() {
    closing = true;
    for (Reader reader : readers) {
      reader.closeWatch();
      reader.thread.interrupt();
    }
    long deadline = System.nanoTime() + JOIN.toNanos();
    for (Reader reader : readers) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      try {
        reader.thread.join(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The one output every reader writes to, a whole line at a time. */
  private static final class Sink {
    private final OutputStream out;
    private volatile boolean failed;

    Sink(OutputStream out) {
      this.out = out;
    }

    /** False once writing failed: the client is gone, stop reading. */
    synchronized boolean write(String line) {
      if (failed) {
        return false;
      }
      try {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return true;
      } catch (IOException | RuntimeException e) {
        failed = true;
        return false;
      }
    }

    boolean failed() {
      return failed;
    }
  }

  private final class Reader implements Runnable {
    private final LogSource source;
    private final Function<LogSource, LogWatch> open;
    private volatile LogWatch watch;
    private Thread thread;

    Reader(LogSource source, Function<LogSource, LogWatch> open) {
      this.source = source;
      this.open = open;
    }

    @Override
    public void run() {
      try {
        watch = open.apply(source);
      } catch (KubernetesClientException e) {
        sink.write(LogLines.line(source, "(no logs: " + PodLogs.reason(e) + ")"));
        return;
      }
      if (closing) {
        closeWatch(); // close() ran while this stream was being opened
        return;
      }
      String ended = "(log ended)";
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (!sink.write(LogLines.line(source, line))) {
            return;
          }
        }
        Throwable why = watch.onClose().toCompletableFuture().getNow(null);
        if (why != null) {
          ended = "(log ended: " + message(why) + ")";
        }
      } catch (IOException | RuntimeException e) {
        ended = "(log ended: " + message(e) + ")";
      } finally {
        closeWatch();
      }
      if (!closing) {
        sink.write(LogLines.line(source, ended));
      }
    }

    void closeWatch() {
      LogWatch w = watch;
      if (w != null) {
        try {
          w.close();
        } catch (RuntimeException ignored) {
          // Closing a stream that already failed can fail again; it is closed either way.
        }
      }
    }

    private String message(Throwable e) {
      return e instanceof KubernetesClientException k
          ? PodLogs.reason(k)
          : String.valueOf(e.getMessage());
    }
  }
}
