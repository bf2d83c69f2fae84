package io.nspool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.claim.Claim;
import io.nspool.claim.ClaimState;
import io.nspool.claim.ClaimStore;
import io.nspool.cli.client.ApiClient;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.testing.Testbed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code nspool verify} with an admin's kubeconfig, as a platform team runs it. */
@LocalKubernetes
@DisplayName("nspool verify")
class VerifyCommandIT {

  @Test
  @DisplayName(
      "exits 1 on a claim naming a deployment that does not exist, in a table and in parseable JSON, and 0 with one line once it is gone")
  void exitCodeAndJson(LocalCluster cluster, KubernetesClient admin) throws Exception {
    Testbed bed = new Testbed(admin, "vcli");
    String ns = bed.poolNamespace(1);
    bed.preparePoolNamespace(ns);
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName("p");
    pool.getMetadata().setNamespace(bed.controlNamespace());
    pool.getSpec().setNamespaces(new ArrayList<>(List.of(ns)));
    admin.resource(pool).create();
    // What a crash between claiming and recording would leave, an hour ago.
    ClaimStore claims = new ClaimStore(admin);
    claims.create(
        new Claim(
            ns,
            ClaimState.CLAIMED,
            "ghost-uid",
            bed.controlNamespace() + "/ghost",
            Instant.now().minus(Duration.ofHours(1)),
            null,
            null,
            false));
    String[] verify = {
      "verify", "--kubeconfig", cluster.adminKubeconfig().toString(), "-n", bed.controlNamespace()
    };

    CliRun table = CliRun.run(Map.of(), verify);
    assertThat(table.exitCode()).as(table.err()).isEqualTo(1);
    assertThat(table.out())
        .startsWith("KIND")
        .contains("orphaned_claim", "Lease " + ns + "/nspool-claim", "ghost-uid")
        .endsWith("1 violation in 1 pool, 1 namespace, 0 deployments\n");

    CliRun json = CliRun.run(Map.of(), append(verify, "-o", "json"));
    assertThat(json.exitCode()).as(json.err()).isEqualTo(1);
    JsonNode report = ApiClient.JSON.readTree(json.out());
    assertThat(report.path("clean").asBoolean()).isFalse();
    assertThat(report.path("violations")).hasSize(1);
    JsonNode violation = report.path("violations").get(0);
    assertThat(violation.path("kind").asText()).isEqualTo("orphaned_claim");
    assertThat(violation.path("object").asText()).isEqualTo("Lease " + ns + "/nspool-claim");
    assertThat(violation.path("namespace").asText()).isEqualTo(ns);
    assertThat(violation.path("message").asText()).contains("does not exist");

    claims.delete(claims.read(ns).orElseThrow());

    CliRun clean = CliRun.run(Map.of(), verify);
    assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
    assertThat(clean.out()).isEqualTo("no violations in 1 pool, 1 namespace, 0 deployments\n");
    CliRun cleanJson = CliRun.run(Map.of(), append(verify, "-o", "json"));
    assertThat(cleanJson.exitCode()).isZero();
    assertThat(ApiClient.JSON.readTree(cleanJson.out()).path("violations")).isEmpty();
  }

  private static String[] append(String[] args, String... more) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
