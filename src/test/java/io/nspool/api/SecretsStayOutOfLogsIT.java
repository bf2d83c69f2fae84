package io.nspool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.auth.Role;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.testing.RunningController;
import io.nspool.testing.RunningServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * No secret value reaches a log line: tokens (handed out, presented, refused), the fernet key the
 * chart generates, and values the tenant passes. Everything the process prints while a deployment
 * goes through create, upgrade, soft delete, restore and hard delete is captured and searched.
 */
@LocalKubernetes
@DisplayName("Secrets stay out of the logs")
class SecretsStayOutOfLogsIT {
  private static final String TENANT_SECRET = "postgres://airflow:Tenant-S3cret-Pass@db:5432/af";
  private static final String REFUSED_TOKEN = "nsp_guessed-token-of-someone-else-123";

  @Test
  @DisplayName(
      "tokens, the fernet key and tenant values never appear in what nspool logs, from create to"
          + " hard delete")
  void nothingSecretIsLogged(KubernetesClient kube) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    System.setOut(tee(out, captured));
    System.setErr(tee(err, captured));
    String adminToken;
    String memberToken;
    String fernet;
    try (RunningServer nspool = RunningServer.start(kube, "logs", 1)) {
      Http http = new Http(nspool.url());
      adminToken = nspool.adminToken();
      memberToken = nspool.token("alice", Role.MEMBER, List.of("team-a"));
      assertThat(http.get("/api/v1/deployments", REFUSED_TOKEN).status()).isEqualTo(401);

      String body =
          "{\"name\":\"secretive\",\"workspace\":\"team-a\",\"values\":{\"size\":\"small\","
              + "\"connection\":\""
              + TENANT_SECRET
              + "\"}}";
      Http.Response created = http.post("/api/v1/deployments", memberToken, body);
      assertThat(created.status()).as(created.text()).isEqualTo(201);
      String namespace = created.json().path("namespace").asText();
      awaitPhase(http, memberToken, "Ready");
      fernet = fernetKey(nspool, namespace);

      assertThat(
              http.call(
                      "PATCH",
                      "/api/v1/deployments/secretive",
                      memberToken,
                      "{\"values\":{\"size\":\"medium\",\"connection\":\"" + TENANT_SECRET + "\"}}")
                  .status())
          .isEqualTo(200);
      await()
          .atMost(RunningController.WAIT)
          .until(
              () ->
                  http.get("/api/v1/deployments/secretive", memberToken)
                          .json()
                          .path("release")
                          .path("revision")
                          .asInt()
                      == 2);
      assertThat(http.call("DELETE", "/api/v1/deployments/secretive", memberToken, null).status())
          .isEqualTo(202);
      awaitPhase(http, memberToken, "Retained");
      assertThat(http.post("/api/v1/deployments/secretive/restore", memberToken, null).status())
          .isEqualTo(202);
      awaitPhase(http, memberToken, "Ready");
      assertThat(fernetKey(nspool, namespace)).as("restore keeps the key").isEqualTo(fernet);
      assertThat(
              http.call("DELETE", "/api/v1/deployments/secretive?hard=true", adminToken, null)
                  .status())
          .isEqualTo(202);
      await()
          .atMost(RunningController.WAIT)
          .until(() -> http.get("/api/v1/deployments/secretive", adminToken).status() == 404);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }

    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs)
        .as("the capture saw nspool's own log lines")
        .contains("transition=free->claimed")
        .contains("Release(");
    String decoded = new String(Base64.getDecoder().decode(fernet), StandardCharsets.UTF_8);
    for (String secret :
        List.of(adminToken, memberToken, REFUSED_TOKEN, fernet, decoded, "Tenant-S3cret-Pass")) {
      assertThat(logs).as("logs hold no secret").doesNotContain(secret);
    }
  }

  private static void awaitPhase(Http http, String token, String phase) {
    await()
        .atMost(RunningController.WAIT)
        .until(
            () ->
                phase.equals(
                    http.get("/api/v1/deployments/secretive", token)
                        .json()
                        .path("phase")
                        .asText()));
  }

  private static String fernetKey(RunningServer nspool, String namespace) {
    return await()
        .atMost(RunningController.WAIT)
        .until(
            () -> {
              var secret =
                  nspool
                      .admin()
                      .secrets()
                      .inNamespace(namespace)
                      .withName("secretive-fernet-key")
                      .get();
              return secret == null ? null : secret.getData().get("fernet-key");
            },
            java.util.Objects::nonNull);
  }

  /** A stream writing to both: the output still shows, and the test reads it too. */
  private static PrintStream tee(PrintStream original, OutputStream copy) {
    return new PrintStream(
        new OutputStream() {
          @Override
          public void write(int b) {
            original.write(b);
            synchronized (copy) {
              try {
                copy.write(b);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
          }

          @Override
          public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            synchronized (copy) {
              try {
                copy.write(b, off, len);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
          }
        },
        true,
        StandardCharsets.UTF_8);
  }
}
