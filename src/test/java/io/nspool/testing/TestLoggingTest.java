package io.nspool.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

@DisplayName("Logging in the test runs")
class TestLoggingTest {

  @ParameterizedTest
  @ValueSource(strings = {"io.nspool.deploy.Commander", "io.nspool.claim.ClaimAudit"})
  @DisplayName("keeps nspool's own loggers at INFO")
  void nspoolAtInfo(String logger) {
    assertThat(LoggerFactory.getLogger(logger).isInfoEnabled()).isTrue();
    assertThat(LoggerFactory.getLogger(logger).isDebugEnabled()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "org.eclipse.jetty.server.Server",
        "io.javalin.Javalin",
        "io.fabric8.kubernetes.client.KubernetesClient",
        "okhttp3.OkHttpClient",
        "com.marcnuri.helm.Helm"
      })
  @DisplayName("puts the libraries' loggers at WARN")
  void librariesAtWarn(String logger) {
    assertThat(LoggerFactory.getLogger(logger).isInfoEnabled()).isFalse();
    assertThat(LoggerFactory.getLogger(logger).isWarnEnabled()).isTrue();
  }
}
