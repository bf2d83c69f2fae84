package io.nspool.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nspool.auth.UserStore;
import io.nspool.claim.ClaimCodec;
import io.nspool.deploy.TenantDeployment;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolNamespace;
import io.nspool.pool.PoolSpec;
import io.nspool.rbac.NspoolRoles;
import io.nspool.testing.ServerProcess;
import io.nspool.testing.Testbed;
import io.nspool.testing.Writes;
import io.nspool.verify.Report;
import io.nspool.verify.Verifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A randomized model test: from one printed seed ({@code -Dnspool.chaos.seed=} replays it) each
 * round mixes tenant operations through the REST API, an admin's kubectl edits (overlapping pools,
 * namespaces removed and added back, retentions admission must refuse, deleted claim Leases,
 * weakened nspool and installer Roles), crashes of a real {@code nspool server} process at a random
 * {@link CrashPoint} or at a random moment (kill -9), and kube-apiserver restarts. After each round
 * the admin repairs what only an admin can (the Roles), and then nspool must come to rest: {@code
 * nspool verify} clean, and not one object of the control namespace or a pool namespace written in
 * the next 10 s (no hot loop); verify clean again after. As many rounds as fit in {@code
 * -Dnspool.chaos.seconds} (default 180).
 */
@LocalKubernetes
@DisplayName("Chaos: API operations, kubectl edits, crashes and API server restarts")
class ChaosIT {
  private static final Path CHART =
      Path.of("src/test/resources/charts/no-workloads").toAbsolutePath();
  private static final Duration QUIET = Duration.ofSeconds(10);
  private static final Duration SETTLE = Duration.ofSeconds(200);
  private static final int STEPS_PER_ROUND = 6;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  enum Op {
    CREATE(6),
    DELETE_SOFT(3),
    DELETE_HARD(3),
    RESTORE(2),
    PAUSE(3),
    OVERLAPPING_POOL(1),
    REMOVE_NAMESPACE(1),
    ADD_NAMESPACE(1),
    BAD_RETENTION(1),
    DELETE_CLAIM_LEASE(1),
    WEAKEN_ROLE(1),
    KILL_SERVER(1),
    RESTART_APISERVER(1);

    final int weight;

    Op(int weight) {
      this.weight = weight;
    }
  }

  private final long seed = Long.getLong("nspool.chaos.seed", System.nanoTime());
  private final Duration budget = Duration.ofSeconds(Long.getLong("nspool.chaos.seconds", 180));
  private final Random random = new Random(seed);
  private final Map<String, Integer> ops = new TreeMap<>();
  private final Map<String, Integer> crashesHit = new TreeMap<>();
  private final Map<CrashPoint, Integer> armings = new java.util.EnumMap<>(CrashPoint.class);
  private final List<String> findings = new ArrayList<>();
  private final Map<String, Role> weakened = new LinkedHashMap<>();

  private LocalCluster cluster;
  private KubernetesClient admin;
  private Testbed bed;
  private List<String> namespaces;
  private ServerProcess server;
  private String armed;
  private String base;
  private String token;
  private int deploymentCounter;
  private int kills;
  private int apiserverRestarts;

  @Test
  @DisplayName(
      "after every round nspool verify is clean and nothing is written during 10 s of quiet")
  void rounds(LocalCluster cluster, KubernetesClient admin) {
    this.cluster = cluster;
    this.admin = admin;
    System.out.println("ChaosIT seed " + seed + " (replay: -Dnspool.chaos.seed=" + seed + ")");
    bed = new Testbed(admin, "chaos");
    namespaces = bed.preparePoolNamespaces(4);
    createPool("p", namespaces.subList(0, 3));
    try (KubernetesClient nspool = bed.nspoolClient();
        UserStore users = new UserStore(nspool, bed.controlNamespace())) {
      token = users.create("chaos", io.nspool.auth.Role.ADMIN, List.of());
    }
    Writes writes =
        new Writes(
            admin,
            concat(bed.controlNamespace(), namespaces),
            // Renewed every 2 s by the leader: the one write that is meant to happen at rest.
            key ->
                key.equals(bed.controlNamespace() + "/leases.coordination.k8s.io/nspool-leader"));
    Instant started = Instant.now();
    int rounds = 0;
    long[] roundSeconds = new long[1000];
    try {
      startServer();
      while (rounds == 0 || Instant.now().isBefore(started.plus(budget))) {
        Instant roundStart = Instant.now();
        rounds++;
        for (int step = 0; step < STEPS_PER_ROUND; step++) {
          ensureServer();
          run(pick());
          sleep(random.nextInt(1500));
        }
        endRound(rounds, writes);
        roundSeconds[rounds - 1] = Duration.between(roundStart, Instant.now()).toSeconds();
        System.out.println(
            "ChaosIT round "
                + rounds
                + " at rest after "
                + roundSeconds[rounds - 1]
                + " s; ops so far "
                + ops
                + "; crash points hit "
                + crashesHit);
      }
    } finally {
      System.out.println(
          "ChaosIT seed "
              + seed
              + ": "
              + rounds
              + " rounds in "
              + Duration.between(started, Instant.now()).toSeconds()
              + " s; operations "
              + ops
              + "; crash points hit "
              + crashesHit
              + "; kill -9 at a random moment "
              + kills
              + "; kube-apiserver restarts "
              + apiserverRestarts
              + (findings.isEmpty() ? "" : "; findings " + findings));
      if (server != null) {
        server.close();
      }
    }
    assertThat(findings).as("seed %d", seed).isEmpty();
  }

  private Op pick() {
    int total = 0;
    for (Op op : Op.values()) {
      total += op.weight;
    }
    int n = random.nextInt(total);
    for (Op op : Op.values()) {
      n -= op.weight;
      if (n < 0) {
        return op;
      }
    }
    throw new IllegalStateException();
  }

  private void run(Op op) {
    ops.merge(op.name().toLowerCase(), 1, Integer::sum);
    switch (op) {
      case CREATE -> create();
      case DELETE_SOFT -> delete(false);
      case DELETE_HARD -> delete(true);
      case RESTORE -> restore();
      case PAUSE -> sleep(1000 + random.nextInt(3000));
      case OVERLAPPING_POOL -> overlappingPool();
      case REMOVE_NAMESPACE -> editPoolNamespaces(false);
      case ADD_NAMESPACE -> editPoolNamespaces(true);
      case BAD_RETENTION -> badRetention();
      case DELETE_CLAIM_LEASE -> deleteClaimLease();
      case WEAKEN_ROLE -> weakenRole();
      case KILL_SERVER -> {
        kills++;
        log("kill -9 nspool server " + server.pid() + " (armed " + armed + ")");
        server.kill();
        ensureServer();
      }
      case RESTART_APISERVER -> {
        apiserverRestarts++;
        log("restarting kube-apiserver");
        cluster.restartApiserver(Duration.ofSeconds(90));
      }
    }
  }

  // --- tenant operations through the REST API -------------------------------------------------

  private void create() {
    String name = "d" + (++deploymentCounter);
    boolean otherPool = pool("q") != null && random.nextInt(3) == 0;
    String poolName = otherPool ? "q" : "p";
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("pool", poolName);
    if (random.nextInt(4) == 0) {
      body.put("namespace", namespaces.get(random.nextInt(namespaces.size())));
    }
    Answer a = call("POST", "/api/v1/deployments", body);
    log("create " + body + " -> " + a);
    if (otherPool && a.status() / 100 == 2) {
      String ns = a.json() == null ? null : a.json().path("namespace").asText(null);
      // p is older: a namespace both list is p's, and q may never claim it.
      if (ns != null && !ns.isEmpty() && pool("p").getSpec().getNamespaces().contains(ns)) {
        findings.add("create " + name + " in pool q claimed " + ns + ", which pool p owns");
      }
    }
  }

  private void delete(boolean hard) {
    deploymentNames().stream()
        .skip(pickIndex(deploymentNames().size()))
        .findFirst()
        .ifPresent(
            name ->
                log(
                    "delete "
                        + name
                        + (hard ? " --hard" : "")
                        + " -> "
                        + call("DELETE", "/api/v1/deployments/" + name + "?hard=" + hard, null)));
  }

  private void restore() {
    deploymentNames().stream()
        .skip(pickIndex(deploymentNames().size()))
        .findFirst()
        .ifPresent(
            name ->
                log(
                    "restore "
                        + name
                        + " -> "
                        + call("POST", "/api/v1/deployments/" + name + "/restore", null)));
  }

  // --- an admin's kubectl edits -------------------------------------------------------------

  /** Pool q lists namespaces of p: p, older, owns them, so q owns none and must claim none. */
  private void overlappingPool() {
    if (pool("q") == null) {
      createPool("q", List.of(namespaces.get(random.nextInt(3)), namespaces.get(3)));
      log("kubectl create pool q overlapping p");
    } else if (deployments().stream().noneMatch(d -> "q".equals(d.getSpec().getPool()))) {
      admin
          .resources(NamespacePool.class)
          .inNamespace(bed.controlNamespace())
          .withName("q")
          .delete();
      log("kubectl delete pool q");
    }
  }

  private void editPoolNamespaces(boolean add) {
    NamespacePool p = pool("p");
    List<String> listed = new ArrayList<>(p.getSpec().getNamespaces());
    List<String> candidates =
        add ? namespaces.stream().filter(n -> !listed.contains(n)).toList() : listed;
    if (candidates.isEmpty() || (!add && listed.size() <= 2)) {
      return;
    }
    String ns = candidates.get(random.nextInt(candidates.size()));
    editPool(
        spec -> {
          List<String> names = new ArrayList<>(spec.getNamespaces());
          if (add) {
            names.add(ns);
          } else {
            names.remove(ns);
          }
          spec.setNamespaces(names);
        });
    log("kubectl edit pool p: " + (add ? "add " : "remove ") + ns);
  }

  /** Admission must refuse what the controller would refuse: nothing reaches nspool. */
  private void badRetention() {
    String bad = List.of("0s", "-1h", "1x", "0d", "99999999999d").get(random.nextInt(5));
    try {
      editPool(spec -> spec.setRetention(bad));
      findings.add("admission accepted retention " + bad);
      editPool(spec -> spec.setRetention("14d"));
    } catch (KubernetesClientException e) {
      log("kubectl patch retention " + bad + " refused: " + e.getCode());
    }
  }

  private void deleteClaimLease() {
    String ns = namespaces.get(random.nextInt(namespaces.size()));
    admin.leases().inNamespace(ns).withName(ClaimCodec.LEASE_NAME).delete();
    log("kubectl delete lease nspool-claim -n " + ns);
  }

  private void weakenRole() {
    String ns = namespaces.get(random.nextInt(namespaces.size()));
    boolean installer = random.nextBoolean();
    String key = ns + (installer ? "/installer" : "/nspool");
    if (weakened.containsKey(key)) {
      return;
    }
    if (installer
        && admin.rbac().roles().inNamespace(ns).withName(NspoolRoles.INSTALLER).get() == null) {
      // A namespace being cleaned has no installer for a moment (the handover makes it anew):
      // there is nothing for an admin to edit.
      log("kubectl edit role " + key + ": not there (being handed over), skipped");
      return;
    }
    Role full;
    try {
      full =
          installer
              ? Testbed.weakenInstallerRole(admin, ns, "configmaps")
              : Testbed.weakenPoolRole(admin, ns, "serviceaccounts");
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      log("kubectl edit role " + key + ": gone meanwhile (being handed over), skipped");
      return;
    }
    weakened.put(key, full);
    log("kubectl edit role " + key + " (a verb removed)");
  }

  // --- the server process and its crash points ----------------------------------------------

  private void startServer() {
    armed = random.nextInt(4) == 0 ? null : leastHit().wireName() + ":" + (1 + random.nextInt(2));
    // A 5 s leader Lease instead of 15 s: every crash or kill -9 makes the next server wait out
    // the dead one's Lease, and the time saved goes into more rounds and more crash points.
    server =
        ServerProcess.start(
            cluster,
            admin,
            bed.identity(),
            0,
            armed,
            List.of(),
            List.of("--leader-lease-duration", "5s"));
    base = "http://127.0.0.1:" + server.awaitPort(Duration.ofSeconds(60));
    log("nspool server " + server.pid() + " at " + base + " armed " + armed);
  }

  /**
   * A crash point among those this run has reached least often (at random among equals): most
   * rounds end before an armed point is reached, so arming uniformly left most points untried in a
   * run; arming the least-hit (then least-armed) first spreads the few crashes a run has time for
   * over all of them.
   */
  private CrashPoint leastHit() {
    java.util.function.ToIntFunction<CrashPoint> tried =
        p -> 1000 * crashesHit.getOrDefault(p.wireName(), 0) + armings.getOrDefault(p, 0);
    // Its pools list their namespaces: a point only dynamic mode reaches would be armed in vain.
    List<CrashPoint> reachable =
        java.util.Arrays.stream(CrashPoint.values())
            .filter(p -> p != CrashPoint.JOIN_AFTER_ROLE_BINDING)
            .toList();
    int fewest = reachable.stream().mapToInt(tried).min().orElseThrow();
    List<CrashPoint> candidates =
        reachable.stream().filter(p -> tried.applyAsInt(p) == fewest).toList();
    CrashPoint chosen = candidates.get(random.nextInt(candidates.size()));
    armings.merge(chosen, 1, Integer::sum);
    return chosen;
  }

  /** A server that halted at its crash point (or was killed) is started again, armed anew. */
  private void ensureServer() {
    if (server.alive()) {
      return;
    }
    server.crashedAt().ifPresent(p -> crashesHit.merge(p, 1, Integer::sum));
    log("nspool server " + server.pid() + " exited " + server.exitCode().orElse(-1));
    server.close();
    startServer();
  }

  // --- the end of a round: at rest, verified, quiet -----------------------------------------

  private void endRound(int round, Writes writes) {
    weakened.forEach(
        (key, full) -> {
          admin.resource(full).update();
          log("kubectl apply role " + key + " (restored)");
        });
    weakened.clear();
    Instant deadline = Instant.now().plus(SETTLE);
    Map<String, String> before = null;
    List<String> changes = List.of();
    String why = "not checked yet";
    while (Instant.now().isBefore(deadline)) {
      ensureServer();
      why = unsettled();
      if (why == null) {
        before = writes.snapshot();
        sleep(QUIET.toMillis());
        if (!server.alive()) {
          String at = server.crashedAt().orElse("none");
          ensureServer();
          if (!"none".equals(at)) {
            findings.add(
                "round " + round + ": crash point " + at + " reached during quiet: nspool worked");
            return;
          }
          continue;
        }
        changes = Writes.between(before, writes.snapshot());
        if (changes.isEmpty() && unsettled() == null) {
          return;
        }
        why = "written during " + QUIET.toSeconds() + " s of quiet: " + changes;
        // A write right after settling may be the last step of a recovery: look again, and only
        // call it a hot loop if the next quiet window is not quiet either.
        Map<String, String> again = writes.snapshot();
        sleep(QUIET.toMillis());
        List<String> more = Writes.between(again, writes.snapshot());
        if (more.isEmpty() && unsettled() == null) {
          log("round " + round + ": quiet on the second look after " + changes);
          return;
        }
        if (unsettled() == null) {
          findings.add("round " + round + ": hot loop, written while at rest: " + more);
          return;
        }
      } else {
        sleep(1000);
      }
    }
    findings.add(
        "round "
            + round
            + ": not at rest after "
            + SETTLE.toSeconds()
            + " s: "
            + why
            + "\n"
            + state());
    fail("ChaosIT seed " + seed + ": " + findings.get(findings.size() - 1));
  }

  /** Null when nspool is at rest with verify clean, else why not. */
  private String unsettled() {
    io.fabric8.kubernetes.api.model.coordination.v1.Lease leader =
        admin.leases().inNamespace(bed.controlNamespace()).withName("nspool-leader").get();
    if (leader == null
        || leader.getSpec().getRenewTime() == null
        || leader.getSpec().getRenewTime().toInstant().isBefore(Instant.now().minusSeconds(8))) {
      return "no replica leads";
    }
    for (TenantDeployment d : deployments()) {
      if (d.getMetadata().getDeletionTimestamp() != null) {
        return "deployment " + d.getMetadata().getName() + " is being deleted";
      }
      if (d.getStatus() == null
          || !java.util.Objects.equals(
              d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())) {
        return "deployment " + d.getMetadata().getName() + " not reconciled yet";
      }
      String phase = d.getStatus().getPhase();
      if (!Set.of("Ready", "Retained", "Pending").contains(phase)) {
        return "deployment " + d.getMetadata().getName() + " is " + phase;
      }
    }
    for (String name : List.of("p", "q")) {
      NamespacePool p = pool(name);
      if (p == null) {
        continue;
      }
      if (p.getStatus() == null) {
        return "pool " + name + " has no status";
      }
      for (PoolNamespace n : p.getStatus().getNamespaces()) {
        if (!Set.of("free", "claimed", "retained", "draining").contains(n.getState())) {
          return "pool " + name + " namespace " + n.getName() + " is " + n.getState();
        }
      }
    }
    Report report =
        new Verifier(
                admin,
                bed.controlNamespace(),
                bed.identity().name(),
                Duration.ZERO,
                Clock.systemUTC())
            .verify();
    if (!report.clean()) {
      return "verify: "
          + report.violations().stream().map(Object::toString).collect(Collectors.joining("; "));
    }
    return null;
  }

  private String state() {
    StringBuilder s = new StringBuilder();
    for (TenantDeployment d : deployments()) {
      s.append("  deployment ")
          .append(d.getMetadata().getName())
          .append(": ")
          .append(d.getStatus() == null ? "no status" : d.getStatus().getPhase())
          .append(" ")
          .append(d.getStatus() == null ? "" : d.getStatus().getNamespace())
          .append(" ")
          .append(d.getStatus() == null ? "" : d.getStatus().getConditions())
          .append("\n");
    }
    for (String name : List.of("p", "q")) {
      NamespacePool p = pool(name);
      if (p != null && p.getStatus() != null) {
        p.getStatus()
            .getNamespaces()
            .forEach(
                n ->
                    s.append("  pool ")
                        .append(name)
                        .append(" ")
                        .append(n.getName())
                        .append(": ")
                        .append(n.getState())
                        .append(" ")
                        .append(n.getDeployment())
                        .append(" ")
                        .append(n.getReason())
                        .append("\n"));
      }
    }
    return s.toString();
  }

  // --- plumbing -----------------------------------------------------------------------------

  record Answer(int status, String text) {
    JsonNode json() {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        return null;
      }
    }

    @Override
    public String toString() {
      return status + (status >= 400 ? " " + text : "");
    }
  }

  /** One API call; a server that is down (crashed mid-request) answers status 0. */
  private Answer call(String method, String path, Object body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      return new Answer(0, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void createPool(String name, List<String> members) {
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName(name);
    pool.getMetadata().setNamespace(bed.controlNamespace());
    PoolSpec spec = new PoolSpec();
    spec.setNamespaces(new ArrayList<>(members));
    spec.setRetention("14d");
    spec.setCharts(
        new ArrayList<>(
            List.of(io.nspool.chart.ChartEntry.path("test", CHART.toAbsolutePath().toString()))));
    pool.setSpec(spec);
    admin.resource(pool).create();
  }

  private void editPool(java.util.function.Consumer<PoolSpec> change) {
    io.nspool.api.Conflicts.retry(
        () ->
            admin
                .resources(NamespacePool.class)
                .inNamespace(bed.controlNamespace())
                .withName("p")
                .edit(
                    p -> {
                      change.accept(p.getSpec());
                      return p;
                    }));
  }

  private NamespacePool pool(String name) {
    return admin
        .resources(NamespacePool.class)
        .inNamespace(bed.controlNamespace())
        .withName(name)
        .get();
  }

  private List<TenantDeployment> deployments() {
    return admin
        .resources(TenantDeployment.class)
        .inNamespace(bed.controlNamespace())
        .list()
        .getItems();
  }

  private List<String> deploymentNames() {
    return deployments().stream().map(d -> d.getMetadata().getName()).sorted().toList();
  }

  private int pickIndex(int size) {
    return size == 0 ? 0 : random.nextInt(size);
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static void log(String line) {
    System.out.println("ChaosIT " + Instant.now() + " " + line);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
