package io.nspool.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Following several logs into one output")
class FollowedLogsTest {
  private static final LogSource A = new LogSource("tenant-1", "a-0", "main", "demo-a");
  private static final LogSource B = new LogSource("tenant-2", "b-0", "main", "workers");

  /** A log stream whose lines the test writes. */
  static final class FakeWatch implements LogWatch {
    final PipedOutputStream writer = new PipedOutputStream();
    final PipedInputStream output;
    final AtomicBoolean closed = new AtomicBoolean();

    FakeWatch() {
      try {
        output = new PipedInputStream(writer, 1 << 16);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void log(String line) throws IOException {
      writer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      writer.flush();
    }

    @Override
    public InputStream getOutput() {
      return output;
    }

    @Override
    public CompletionStage<Throwable> onClose() {
      return new CompletableFuture<>();
    }

    @Override
    public void close() {
      closed.set(true);
      try {
        writer.close();
      } catch (IOException ignored) {
        // closed either way
      }
    }
  }

  @Test
  @DisplayName("lines of every container arrive labelled, whole, in one output")
  void labelledLines() throws Exception {
    Map<LogSource, FakeWatch> watches =
        new ConcurrentHashMap<>(Map.of(A, new FakeWatch(), B, new FakeWatch()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (FollowedLogs followed = FollowedLogs.start(List.of(A, B), out, watches::get)) {
      watches.get(A).log("from a");
      watches.get(B).log("from b");

      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(out.toString(StandardCharsets.UTF_8).lines())
                      .containsExactlyInAnyOrder(
                          "[tenant-1/a-0/main] from a", "[tenant-2/b-0/main] from b"));
    }
  }

  @Test
  @DisplayName("a client that went away ends following: every stream closed, no reader left")
  void clientGone() {
    FakeWatch a = new FakeWatch();
    FakeWatch b = new FakeWatch();
    Map<LogSource, FakeWatch> watches = Map.of(A, a, B, b);
    AtomicBoolean gone = new AtomicBoolean();
    FollowedLogs followed =
        FollowedLogs.start(List.of(A, B), new ByteArrayOutputStream(), watches::get);
    CompletableFuture<FollowedLogs.Ended> ended =
        CompletableFuture.supplyAsync(() -> followed.await(gone::get, Duration.ofMillis(20)));

    gone.set(true);
    assertThat(ended.join()).isEqualTo(FollowedLogs.Ended.CLIENT_GONE);
    followed.close();

    assertThat(a.closed).isTrue();
    assertThat(b.closed).isTrue();
    assertThat(followed.running()).isZero();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith(FollowedLogs.THREAD_PREFIX + "[tenant-"));
  }

  @Test
  @DisplayName("a write that fails (the client closed the connection) ends following")
  void failingWrite() throws Exception {
    FakeWatch a = new FakeWatch();
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("Broken pipe");
          }
        };
    try (FollowedLogs followed = FollowedLogs.start(List.of(A), broken, s -> a)) {
      a.log("nobody reads this");

      assertThat(followed.await(() -> false, Duration.ofMillis(20)))
          .isEqualTo(FollowedLogs.Ended.CLIENT_GONE);
    }
    assertThat(a.closed).isTrue();
  }

  @Test
  @DisplayName("when every log ends, following ends, each ended log saying so")
  void logsEnd() throws Exception {
    FakeWatch a = new FakeWatch();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (FollowedLogs followed = FollowedLogs.start(List.of(A), out, s -> a)) {
      a.log("last words");
      a.writer.close();

      assertThat(followed.await(() -> false, Duration.ofMillis(20)))
          .isEqualTo(FollowedLogs.Ended.LOGS_ENDED);
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("[tenant-1/a-0/main] last words\n[tenant-1/a-0/main] (log ended)\n");
  }
}
