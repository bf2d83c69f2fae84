package io.nspool.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TransportTest {
  @Test
  @DisplayName("the transport pinned in pom.xml is the one nspool builds its client with")
  void pomPinsTheChosenTransport() throws Exception {
    Matcher m =
        Pattern.compile("<watch.transport>([^<]+)</watch.transport>")
            .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(m.find()).isTrue();
    assertThat(m.group(1)).isEqualTo(Transport.CHOSEN.id());
  }

  @Test
  @DisplayName("nspool's HTTP client is on its class path and is the only one")
  void onlyTheChosenClientShips() {
    assertThat(Transport.CHOSEN.available()).isTrue();
    assertThat(Transport.VERTX_WEBSOCKET.available()).isFalse();
    assertThat(Transport.JDK_H2.available()).isFalse();
  }

  @Test
  @DisplayName("the chosen transport watches with streaming GETs, which HTTP/2 multiplexes")
  void watchesAreHttpStreams() {
    Config config = Transport.CHOSEN.configure(Config.empty());
    assertThat(config.isOnlyHttpWatches()).isTrue();
    assertThat(config.isHttp2Disable()).isFalse();
  }

  @Test
  @DisplayName("an unknown transport is refused with the ones there are")
  void unknownTransport() {
    assertThatThrownBy(() -> Transport.of("h3"))
        .hasMessageContaining("'h3'")
        .hasMessageContaining("okhttp-h2");
  }
}
