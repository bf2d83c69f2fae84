package io.nspool.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.install.Installer;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolSpec;
import io.nspool.rbac.NspoolRoles;
import io.nspool.testing.ServerProcess;
import io.nspool.testing.Testbed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A per-namespace watch that the API server answers {@code 410 Gone} relists and keeps working, on
 * a real server process and a real kube-apiserver. The 410 is the one every cluster produces: the
 * API server restarts (an upgrade, a crash), its new watch cache starts at etcd's current
 * resourceVersion, and a watch resumed from an older one is "too old resource version" (apiserver
 * {@code storage/cacher/watch_cache.go}). fabric8's Reflector logs each such relist at debug
 * ("Watch restarting due to http gone for PATH"), which the test turns on for the server, so it
 * knows the 410 happened instead of assuming it; then an event after the relist must still be acted
 * on.
 */
@LocalKubernetes
@DisplayName("A watch answered 410 Gone")
class WatchRelistIT {
  private static final String PULL = "regcred";
  private static final String REFLECTOR =
      "io.fabric8.kubernetes.client.informers.impl.cache.Reflector";
  private static final String GONE = "Watch restarting due to http gone for ";

  @Test
  @DisplayName(
      "after a kube-apiserver restart each per-namespace watch is answered 410 and relists; a pull"
          + " secret copy deleted after the relist is back within 2 s, an edited one restored")
  void relistsAndKeepsWatching(LocalCluster cluster, KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "relist");
    List<String> namespaces = bed.preparePoolNamespaces(2);
    String a = namespaces.get(0);
    String b = namespaces.get(1);
    Installer.apply(admin, List.of(NspoolRoles.controlRole(bed.controlNamespace(), List.of(PULL))));
    admin
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(PULL)
                .withNamespace(bed.controlNamespace())
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", config("one.example")))
                .build())
        .serverSideApply();
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName("p");
    pool.getMetadata().setNamespace(bed.controlNamespace());
    PoolSpec spec = new PoolSpec();
    spec.setNamespaces(new ArrayList<>(namespaces));
    spec.setPullSecrets(new ArrayList<>(List.of(PULL)));
    pool.setSpec(spec);
    admin.resource(pool).create();

    try (ServerProcess server =
        ServerProcess.start(
            cluster,
            admin,
            bed.identity(),
            0,
            null,
            List.of("-Dorg.slf4j.simpleLogger.log." + REFLECTOR + "=debug"),
            List.of())) {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> holds(admin, a, "one.example") && holds(admin, b, "one.example"));
      assertThat(server.output()).doesNotContain(GONE);

      // etcd's resourceVersion moves past every watch's last one (nspool's Lease renewals do so
      // too, every 2 s; this write makes it certain), then the API server restarts.
      admin
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("bump")
                  .withNamespace(bed.controlNamespace())
                  .endMetadata()
                  .addToData("at", String.valueOf(System.nanoTime()))
                  .build())
          .serverSideApply();
      cluster.restartApiserver(Duration.ofSeconds(90));

      String secretsOfA = GONE + "v1/namespaces/" + a + "/secrets";
      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(() -> assertThat(server.output()).contains(secretsOfA));
      // Which of nspool's watches were answered 410 and relisted, for the report.
      server
          .output()
          .lines()
          .filter(l -> l.contains(GONE))
          .map(l -> l.substring(l.indexOf(GONE) + GONE.length()))
          .sorted()
          .forEach(path -> System.out.println("relisted after 410: " + path));
      assertThat(server.output()).contains(GONE + "v1/namespaces/" + b + "/secrets");
      // The relist is a fresh list and a new watch: an event after it must be acted on.
      assertThat(holds(admin, a, "one.example")).isTrue();
      admin.secrets().inNamespace(a).withName(PULL).delete();
      await()
          .atMost(Duration.ofSeconds(2))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> holds(admin, a, "one.example"));
      admin
          .secrets()
          .inNamespace(b)
          .withName(PULL)
          .edit(
              s -> {
                s.setData(Map.of(".dockerconfigjson", config("evil.example")));
                return s;
              });
      await().atMost(Duration.ofSeconds(5)).until(() -> holds(admin, b, "one.example"));
      assertThat(server.alive()).isTrue();
    }
  }

  private static String config(String registry) {
    String json = "{\"auths\":{\"" + registry + "\":{\"auth\":\"dXNlcjpwYXNz\"}}}";
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean holds(KubernetesClient admin, String namespace, String registry) {
    Secret s = admin.secrets().inNamespace(namespace).withName(PULL).get();
    return s != null
        && "kubernetes.io/dockerconfigjson".equals(s.getType())
        && Map.of(".dockerconfigjson", config(registry)).equals(s.getData())
        && "nspool".equals(s.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
  }
}
