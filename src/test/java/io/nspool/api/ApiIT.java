package io.nspool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.auth.Role;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.testing.RunningController;
import io.nspool.testing.RunningServer;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every endpoint and error code of docs/api.md, on the real server over real Kubernetes. */
@LocalKubernetes
@DisplayName("The REST API")
class ApiIT {
  static RunningServer nspool;
  static Http http;
  static String admin;
  static String memberA;
  static String viewerA;
  static String memberB;

  @BeforeAll
  static void start(KubernetesClient kube) {
    nspool = RunningServer.start(kube, "api", 3);
    http = new Http(nspool.url());
    admin = nspool.adminToken();
    memberA = nspool.token("alice", Role.MEMBER, List.of("team-a"));
    viewerA = nspool.token("vera", Role.VIEWER, List.of("team-a"));
    memberB = nspool.token("bob", Role.MEMBER, List.of("team-b"));
  }

  @AfterAll
  static void stop() {
    nspool.close();
  }

  private static String create(String name, String workspace, String namespace) {
    return "{\"name\":\""
        + name
        + "\",\"workspace\":\""
        + workspace
        + "\""
        + (namespace == null ? "" : ",\"namespace\":\"" + namespace + "\"")
        + "}";
  }

  @Test
  @DisplayName("401 without a token or with an unknown one, as a JSON error")
  void unauthenticated() {
    Http.Response none = http.get("/api/v1/pools", null);
    Http.Response bad = http.get("/api/v1/pools", "nsp_not-a-token");

    assertThat(none.status()).isEqualTo(401);
    assertThat(none.errorCode()).isEqualTo("unauthenticated");
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.errorMessage()).contains("unknown");
  }

  @Test
  @DisplayName("whoami, pools and namespaces read the caches; an unknown pool is 404")
  void reads() {
    assertThat(http.get("/api/v1/whoami", memberA).json().path("workspaces").get(0).asText())
        .isEqualTo("team-a");
    JsonNode pools = http.get("/api/v1/pools", viewerA).json().path("items");
    assertThat(pools).hasSize(1);
    assertThat(pools.get(0).path("counts").path("total").asInt()).isEqualTo(3);
    assertThat(http.get("/api/v1/pools/default", viewerA).json().path("namespaces")).hasSize(3);
    Http.Response missing = http.get("/api/v1/pools/nope", viewerA);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo("not_found");
    assertThat(http.get("/api/v1/namespaces", viewerA).json().path("items")).hasSize(3);
  }

  @Test
  @DisplayName(
      "malformed bodies are 400 invalid_argument naming the field (413 payload_too_large when too big), and change nothing")
  void badInput() {
    Http.Response badName =
        http.post("/api/v1/deployments", memberA, create("Bad_Name", "team-a", null));
    Http.Response unknownField =
        http.post(
            "/api/v1/deployments",
            memberA,
            "{\"name\":\"x\",\"workspace\":\"team-a\",\"colour\":\"red\"}");
    Http.Response notJson = http.post("/api/v1/deployments", memberA, "{\"name\":");
    Http.Response badSize =
        http.post(
            "/api/v1/deployments",
            memberA,
            "{\"name\":\"x\",\"workspace\":\"team-a\",\"values\":{\"size\":\"huge\"}}");
    Http.Response tooBig =
        http.post(
            "/api/v1/deployments",
            memberA,
            "{\"name\":\"x\",\"workspace\":\"team-a\",\"values\":{\"pad\":\""
                + "x".repeat(70_000)
                + "\"}}");

    assertThat(tooBig.status()).isEqualTo(413);
    assertThat(tooBig.errorCode()).isEqualTo("payload_too_large");
    assertThat(List.of(badName, unknownField, notJson, badSize))
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(400);
              assertThat(r.errorCode()).isEqualTo("invalid_argument");
            });
    assertThat(badName.errorMessage()).contains("name").contains("Bad_Name").contains("lowercase");
    assertThat(unknownField.errorMessage()).contains("unknown field \"colour\"");
    assertThat(badSize.errorMessage())
        .contains("values.size")
        .contains("huge")
        .contains("small, medium, large");
    assertThat(tooBig.errorMessage()).contains("exceeds the limit");
    assertThat(nspool.controller().deployment("x")).isEmpty();
  }

  @Test
  @DisplayName(
      "creates, lists, reads, upgrades, soft-deletes, restores and hard-deletes a deployment; 409 already_exists and failed_precondition")
  void deploymentLifecycle() {
    Http.Response created =
        http.post("/api/v1/deployments", memberA, create("web", "team-a", null));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String namespace = created.json().path("namespace").asText();
    assertThat(nspool.plan().poolNamespaces()).contains(namespace);
    // Read straight after the 201, before the status records the claim: the same namespace.
    assertThat(http.get("/api/v1/deployments/web", memberA).json().path("namespace").asText())
        .isEqualTo(namespace);

    Http.Response again = http.post("/api/v1/deployments", memberA, create("web", "team-a", null));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo("already_exists");

    assertThat(
            http.get("/api/v1/deployments", memberA).json().path("items").findValuesAsText("name"))
        .contains("web");
    assertThat(http.get("/api/v1/deployments/web", viewerA).json().path("workspace").asText())
        .isEqualTo("team-a");
    assertThat(
            http.call(
                    "PATCH",
                    "/api/v1/deployments/web",
                    memberA,
                    "{\"values\":{\"size\":\"medium\"}}")
                .json()
                .path("values")
                .path("size")
                .asText())
        .isEqualTo("medium");
    Http.Response notRetained = http.post("/api/v1/deployments/web/restore", memberA, null);
    assertThat(notRetained.status()).isEqualTo(409);
    assertThat(notRetained.errorCode()).isEqualTo("failed_precondition");

    assertThat(http.call("DELETE", "/api/v1/deployments/web", memberA, null).status())
        .isEqualTo(202);
    await()
        .atMost(RunningController.WAIT)
        .until(
            () ->
                "Retained"
                    .equals(
                        http.get("/api/v1/deployments/web", memberA)
                            .json()
                            .path("phase")
                            .asText()));
    // Retained: the release is uninstalled, so Helm has no history for it, and that is no error.
    Http.Response uninstalled = http.get("/api/v1/deployments/web/revisions", memberA);
    assertThat(uninstalled.status()).as(uninstalled.text()).isEqualTo(200);
    assertThat(uninstalled.json().path("items").size()).isZero();
    assertThat(http.post("/api/v1/deployments/web/restore", memberA, null).status()).isEqualTo(202);
    await()
        .atMost(RunningController.WAIT)
        .until(
            () ->
                !"Retained"
                    .equals(
                        http.get("/api/v1/deployments/web", memberA)
                            .json()
                            .path("phase")
                            .asText()));
    assertThat(http.get("/api/v1/deployments/web", memberA).json().path("namespace").asText())
        .isEqualTo(namespace);
    // The release's history: the restore reinstalled it, so its newest revision is deployed.
    await()
        .atMost(RunningController.WAIT)
        .until(
            () -> {
              List<String> statuses =
                  http.get("/api/v1/deployments/web/revisions", viewerA)
                      .json()
                      .path("items")
                      .findValuesAsText("status");
              return !statuses.isEmpty() && statuses.get(statuses.size() - 1).equals("deployed");
            });
    assertThat(http.get("/api/v1/deployments/web/revisions", memberB).status()).isEqualTo(404);
    // No secret value in any response: the fernet key is in the namespace, never in the API.
    await()
        .atMost(RunningController.WAIT)
        .until(
            () ->
                nspool.admin().secrets().inNamespace(namespace).withName("web-fernet-key").get()
                    != null);
    String fernet =
        nspool
            .admin()
            .secrets()
            .inNamespace(namespace)
            .withName("web-fernet-key")
            .get()
            .getData()
            .get("fernet-key");
    String decoded =
        new String(
            java.util.Base64.getDecoder().decode(fernet), java.nio.charset.StandardCharsets.UTF_8);
    for (String path :
        List.of(
            "/api/v1/deployments/web",
            "/api/v1/deployments",
            "/api/v1/deployments/web/events",
            "/api/v1/deployments/web/revisions",
            "/api/v1/deployments/web/logs",
            "/api/v1/namespaces")) {
      assertThat(http.get(path, admin).text())
          .as(path)
          .doesNotContain(fernet)
          .doesNotContain(decoded);
    }
    assertThat(http.get("/api/v1/deployments/web/events", memberA).status()).isEqualTo(200);
    assertThat(http.get("/api/v1/deployments/web/logs", memberA).status()).isEqualTo(200);
    Http.Response badTail = http.get("/api/v1/deployments/web/logs?tail=-1", memberA);
    assertThat(badTail.status()).isEqualTo(400);
    assertThat(badTail.errorMessage()).contains("tail").contains("-1").contains("0 to 10000");

    assertThat(http.call("DELETE", "/api/v1/deployments/web?hard=true", memberA, null).status())
        .isEqualTo(202);
    await()
        .atMost(RunningController.WAIT)
        .until(() -> http.get("/api/v1/deployments/web", memberA).status() == 404);
  }

  @Test
  @DisplayName(
      "403 across workspaces and for viewers; other workspaces' deployments are invisible (404)")
  void tenancy() {
    Http.Response b = http.post("/api/v1/deployments", memberB, create("bobs", "team-b", null));
    assertThat(b.status()).as(b.text()).isEqualTo(201);
    try {
      Http.Response crossCreate =
          http.post("/api/v1/deployments", memberA, create("sneaky", "team-b", null));
      Http.Response viewerCreate =
          http.post("/api/v1/deployments", viewerA, create("peek", "team-a", null));
      Http.Response crossRead = http.get("/api/v1/deployments/bobs", memberA);
      Http.Response crossDelete = http.call("DELETE", "/api/v1/deployments/bobs", memberA, null);
      Http.Response memberAddsNamespace =
          http.post("/api/v1/pools/default/namespaces", memberA, "{\"namespaces\":[\"x\"]}");

      assertThat(crossCreate.status()).isEqualTo(403);
      assertThat(crossCreate.errorCode()).isEqualTo("forbidden");
      assertThat(viewerCreate.status()).isEqualTo(403);
      assertThat(crossRead.status()).isEqualTo(404);
      assertThat(crossDelete.status()).isEqualTo(404);
      assertThat(memberAddsNamespace.status()).isEqualTo(403);
      assertThat(
              http.get("/api/v1/deployments", memberA)
                  .json()
                  .path("items")
                  .findValuesAsText("name"))
          .doesNotContain("bobs");
      // First the admin sees bob's namespace held by "bobs", so alice's view not naming it means
      // the name is hidden, not merely not there yet.
      await()
          .atMost(RunningController.WAIT)
          .untilAsserted(
              () ->
                  assertThat(
                          http.get("/api/v1/namespaces", admin)
                              .json()
                              .path("items")
                              .findValuesAsText("deployment"))
                      .contains("bobs"));
      assertThat(
              http.get("/api/v1/namespaces", memberA)
                  .json()
                  .path("items")
                  .findValuesAsText("deployment"))
          .doesNotContain("bobs");
    } finally {
      http.call("DELETE", "/api/v1/deployments/bobs?hard=true", admin, null);
    }
  }

  @Test
  @DisplayName(
      "409 namespace_unavailable for a taken or unknown namespace and 409 pool_exhausted when all are in use; nothing is left behind")
  void claimErrors() {
    List<String> pool = nspool.plan().poolNamespaces();
    await()
        .atMost(RunningController.WAIT)
        .until(
            () ->
                http.get("/api/v1/namespaces?available=true", admin).json().path("items").size()
                    == 3);
    try {
      assertThat(http.post("/api/v1/deployments", admin, create("c1", "ops", pool.get(0))).status())
          .isEqualTo(201);
      Http.Response taken =
          http.post("/api/v1/deployments", admin, create("c2", "ops", pool.get(0)));
      assertThat(taken.status()).isEqualTo(409);
      assertThat(taken.errorCode()).isEqualTo("namespace_unavailable");
      assertThat(taken.errorMessage()).contains(pool.get(0));
      Http.Response stranger =
          http.post("/api/v1/deployments", admin, create("c2", "ops", "kube-system"));
      assertThat(stranger.errorCode()).isEqualTo("namespace_unavailable");
      assertThat(stranger.errorMessage()).contains("is not in pool \"default\"");

      assertThat(http.post("/api/v1/deployments", admin, create("c2", "ops", null)).status())
          .isEqualTo(201);
      assertThat(http.post("/api/v1/deployments", admin, create("c3", "ops", null)).status())
          .isEqualTo(201);
      Http.Response exhausted = http.post("/api/v1/deployments", admin, create("c4", "ops", null));

      assertThat(exhausted.status()).isEqualTo(409);
      assertThat(exhausted.errorCode()).isEqualTo("pool_exhausted");
      assertThat(exhausted.errorMessage())
          .contains("no kubernetes namespaces are available in pool \"default\"");
      await()
          .atMost(RunningController.WAIT)
          .until(() -> nspool.controller().deployment("c4").isEmpty());
      assertThat(http.get("/api/v1/namespaces?available=true", admin).json().path("items"))
          .isEmpty();
      String metrics = http.get("/metrics", null).text();
      assertThat(metrics)
          .contains("nspool_claims_seconds_count{outcome=\"claimed\"")
          .contains("nspool_claims_seconds_count{outcome=\"pool_exhausted\"");
    } finally {
      for (String d : List.of("c1", "c2", "c3")) {
        http.call("DELETE", "/api/v1/deployments/" + d + "?hard=true", admin, null);
      }
    }
  }

  @Test
  @DisplayName(
      "admins add and remove pool namespaces and create users; a duplicate user is 409, a bad role 400")
  void adminOperations() {
    Http.Response added =
        http.post("/api/v1/pools/default/namespaces", admin, "{\"namespaces\":[\"api-extra-1\"]}");
    assertThat(added.status()).isEqualTo(200);
    assertThat(added.json().path("namespaces").findValuesAsText("")).isNotNull();
    assertThat(added.text()).contains("api-extra-1");
    Http.Response removed =
        http.call("DELETE", "/api/v1/pools/default/namespaces/api-extra-1", admin, null);
    assertThat(removed.status()).isEqualTo(200);
    assertThat(removed.text()).doesNotContain("api-extra-1");
    assertThat(
            http.call("DELETE", "/api/v1/pools/default/namespaces/api-extra-1", admin, null)
                .status())
        .isEqualTo(404);

    Http.Response user =
        http.post(
            "/api/v1/users",
            admin,
            "{\"name\":\"carol\",\"role\":\"member\",\"workspaces\":[\"team-c\"]}");
    assertThat(user.status()).isEqualTo(201);
    String token = user.json().path("token").asText();
    assertThat(token).startsWith("nsp_");
    assertThat(http.get("/api/v1/whoami", token).json().path("name").asText()).isEqualTo("carol");
    assertThat(
            http.post(
                    "/api/v1/users",
                    admin,
                    "{\"name\":\"carol\",\"role\":\"member\",\"workspaces\":[\"team-c\"]}")
                .errorCode())
        .isEqualTo("already_exists");
    Http.Response badRole =
        http.post(
            "/api/v1/users",
            admin,
            "{\"name\":\"dave\",\"role\":\"owner\",\"workspaces\":[\"x\"]}");
    assertThat(badRole.status()).isEqualTo(400);
    assertThat(badRole.errorMessage()).contains("role \"owner\"");
    assertThat(
            http.post("/api/v1/users", memberA, "{\"name\":\"eve\",\"role\":\"admin\"}").status())
        .isEqualTo(403);
    assertThat(user.text()).doesNotContain("tokenHash");
  }

  @Test
  @DisplayName(
      "health, readiness, Prometheus metrics and the OpenAPI document need no token; every documented route exists")
  void operational() throws Exception {
    assertThat(http.get("/healthz", null).status()).isEqualTo(200);
    assertThat(http.get("/readyz", null).status()).isEqualTo(200);
    String metrics = http.get("/metrics", null).text();
    assertThat(metrics)
        .contains("nspool_pool_namespaces{pool=\"default\",state=\"free\"}")
        .contains("nspool_deployments{phase=");
    JsonNode openapi = http.get("/api/v1/openapi.json", null).json();
    assertThat(openapi.path("openapi").asText()).startsWith("3.");
    Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      Iterator<String> methods = path.getValue().fieldNames();
      while (methods.hasNext()) {
        String method = methods.next().toUpperCase();
        String concrete =
            path.getKey()
                .replace("{pool}", "default")
                .replace("{name}", "no-such")
                .replace("{namespace}", "no-such");
        Http.Response r =
            http.call(
                method,
                concrete,
                admin,
                method.equals("GET") || method.equals("DELETE") ? null : "{}");
        assertThat(r.text()).as(method + " " + path.getKey()).doesNotContain("no such endpoint");
      }
    }
    assertThat(http.get("/api/v1/nope", admin).errorMessage()).contains("no such endpoint");
  }
}
