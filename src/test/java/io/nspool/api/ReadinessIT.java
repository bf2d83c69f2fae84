package io.nspool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.auth.UserStore;
import io.nspool.controller.Controller;
import io.nspool.controller.ControllerConfig;
import io.nspool.install.InstallPlan;
import io.nspool.install.Installer;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.localcluster.ServiceAccountIdentity;
import io.nspool.testing.RunningController;
import java.time.Clock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * /readyz keeps a load balancer away until the server can answer from its caches: before the
 * controller's informers have synced it says 503, after 200; /healthz is 200 throughout.
 */
@LocalKubernetes
@DisplayName("Readiness")
class ReadinessIT {

  @Test
  @DisplayName("/readyz is 503 until the caches have synced, then 200; /healthz is always 200")
  void readyOnlyOnceSynced(KubernetesClient admin) {
    InstallPlan plan =
        new InstallPlan(
            "ready-system",
            "nspool",
            "default",
            InstallPlan.numbered("ready-pool", 1),
            "14d",
            false,
            io.nspool.pool.PodSecurityLevel.DEFAULT);
    Installer.apply(admin, plan, line -> {});
    ServiceAccountIdentity identity =
        new ServiceAccountIdentity(plan.controlNamespace(), plan.serviceAccount());
    ControllerConfig config = RunningController.testConfig(plan.controlNamespace(), identity);
    try (KubernetesClient nspool = identity.client(admin);
        Controller controller =
            new Controller(nspool, config, Controller.janitor(nspool, config), Clock.systemUTC());
        UserStore users = new UserStore(nspool, plan.controlNamespace());
        ApiServer api = new ApiServer(controller, users).start("127.0.0.1", 0)) {
      Http http = new Http("http://127.0.0.1:" + api.port());

      // The controller is built but not started: its informers have not listed anything yet.
      Http.Response notReady = http.get("/readyz", null);
      assertThat(notReady.status()).isEqualTo(503);
      assertThat(notReady.text()).isEqualTo("caches not synced yet");
      assertThat(http.get("/healthz", null).status()).isEqualTo(200);

      controller.start();
      await().atMost(RunningController.WAIT).until(() -> http.get("/readyz", null).status() == 200);
      assertThat(http.get("/readyz", null).text()).isEqualTo("ok");
      assertThat(http.get("/healthz", null).status()).isEqualTo(200);
    }
  }
}
