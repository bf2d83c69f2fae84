package io.nspool.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.nspool.deploy.DeploymentStatus;
import io.nspool.deploy.TenantDeployment;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Waiting for a deployment")
class DeploymentWaitsTest {
  private final DeploymentWaits waits = new DeploymentWaits();

  private static TenantDeployment deployment(String phase) {
    TenantDeployment d = new TenantDeployment();
    d.getMetadata().setName("d1");
    DeploymentStatus status = new DeploymentStatus();
    status.setPhase(phase);
    d.setStatus(status);
    return d;
  }

  private static boolean ready(Optional<TenantDeployment> d) {
    return d.map(x -> "Ready".equals(x.getStatus().getPhase())).orElse(false);
  }

  @Test
  @DisplayName("an informer event that satisfies the waiter wakes it at once, without polling")
  void wokenByEvent() throws Exception {
    CompletableFuture<Optional<TenantDeployment>> got =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return waits.await(
                    "d1",
                    DeploymentWaitsTest::ready,
                    Duration.ofSeconds(10),
                    () -> Optional.of(deployment("Pending")));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    while (waits.waiting() == 0) {
      Thread.sleep(1);
    }
    waits.changed("d1", Optional.of(deployment("Provisioning")));
    assertThat(got).isNotDone();
    long start = System.nanoTime();
    waits.changed("d1", Optional.of(deployment("Ready")));
    Optional<TenantDeployment> result = got.get(5, TimeUnit.SECONDS);
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
    assertThat(result)
        .hasValueSatisfying(d -> assertThat(d.getStatus().getPhase()).isEqualTo("Ready"));
    assertThat(waits.waiting()).as("the waiter is removed").isZero();
  }

  @Test
  @DisplayName("a state reached before the waiter registered is seen in the cache at once")
  void alreadyThere() throws InterruptedException {
    assertThat(
            waits.await(
                "d1",
                DeploymentWaitsTest::ready,
                Duration.ofSeconds(10),
                () -> Optional.of(deployment("Ready"))))
        .isPresent();
  }

  @Test
  @DisplayName("an event of another deployment wakes nothing; the wait ends empty at its timeout")
  void timeout() throws InterruptedException {
    waits.changed("other", Optional.of(deployment("Ready")));
    assertThat(
            waits.await(
                "d1",
                DeploymentWaitsTest::ready,
                Duration.ofMillis(100),
                () -> Optional.of(deployment("Pending"))))
        .isEmpty();
    assertThat(waits.waiting()).isZero();
  }

  @Test
  @DisplayName("waiting for a deployment to be gone ends with its delete event")
  void gone() throws Exception {
    CompletableFuture<Boolean> got =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return waits.awaitGone(
                    "d1", Duration.ofSeconds(10), () -> Optional.of(deployment("Pending")));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    while (waits.waiting() == 0) {
      Thread.sleep(1);
    }
    waits.changed("d1", Optional.empty());
    assertThat(got.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(waits.awaitGone("d1", Duration.ofMillis(50), Optional::empty)).isTrue();
  }
}
