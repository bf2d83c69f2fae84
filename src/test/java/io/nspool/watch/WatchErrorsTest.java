package io.nspool.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WatchErrorsTest {
  @Test
  @DisplayName(
      "a forbidden watch names the namespace and the resource the Role must allow watch on")
  void forbiddenNamesThePermission() {
    KubernetesClientException forbidden =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(403)
                .withMessage(
                    "secrets is forbidden: User \"system:serviceaccount:s:nspool\" cannot watch"
                        + " resource \"secrets\" in API group \"\" in the namespace \"ns1\"")
                .build());

    String reason =
        WatchErrors.describe(
            new CompletionException(forbidden), "ns1", "secrets", "its pull secret copies");

    assertThat(reason)
        .startsWith("nspool may not watch its pull secret copies in ns1")
        .contains("must allow list and watch on secrets")
        .contains("cannot watch resource \"secrets\"");
  }

  @Test
  @DisplayName("any other failure says what failed, on one line")
  void otherFailures() {
    String reason =
        WatchErrors.describe(
            new java.io.IOException("connection reset\nat somewhere"),
            "ns1",
            "leases.coordination.k8s.io",
            "its claim object");

    assertThat(reason).isEqualTo("watching its claim object in ns1 fails: connection reset");
  }
}
