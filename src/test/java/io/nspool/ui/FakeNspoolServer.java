package io.nspool.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.nspool.api.model.DeploymentView;
import io.nspool.api.model.DeploymentView.Component;
import io.nspool.api.model.DeploymentView.ConditionView;
import io.nspool.api.model.DeploymentView.Release;
import io.nspool.api.model.ErrorBody;
import io.nspool.api.model.EventView;
import io.nspool.api.model.Items;
import io.nspool.api.model.NamespaceView;
import io.nspool.api.model.PoolView;
import io.nspool.api.model.PoolView.Counts;
import io.nspool.api.model.RevisionView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A stand-in for nspool's REST server that speaks docs/api.md from memory and serves the UI's
 * files, for the states the real server cannot be put into on demand (a PermissionDenied condition,
 * a namespace taken between listing and creating, a viewer) and for working on the UI without a
 * cluster. Every answer is built from the same {@code api.model} records the real server uses.
 */
final class FakeNspoolServer implements AutoCloseable {
  static final String ADMIN_TOKEN = "admin-token";
  static final String MEMBER_TOKEN = "member-token";
  static final String VIEWER_TOKEN = "viewer-token";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final ObjectMapper json =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  record User(String name, String role, List<String> workspaces) {}

  private final HttpServer http;
  private final Path uiFolder;
  private final Map<String, User> users = new LinkedHashMap<>();
  private final Map<String, PoolView> pools = new LinkedHashMap<>();
  private final Map<String, NamespaceView> namespaces = new LinkedHashMap<>();
  private final Map<String, DeploymentView> deployments = new LinkedHashMap<>();

  /** Namespaces listed as available but taken by the time a create arrives (a lost race). */
  private final List<String> takenMeanwhile = new ArrayList<>();

  /** Serves the UI from the test classpath, as the real server does. */
  FakeNspoolServer() {
    this(null);
  }

  /** Serves the UI from a folder (for editing it live); null: from the classpath. */
  FakeNspoolServer(Path uiFolder) {
    this.uiFolder = uiFolder;
    users.put(ADMIN_TOKEN, new User("admin", "admin", List.of()));
    users.put(MEMBER_TOKEN, new User("maria", "member", List.of("data-team")));
    users.put(VIEWER_TOKEN, new User("victor", "viewer", List.of("data-team")));
    try {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    http.createContext("/", this::handle);
    http.start();
  }

  String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/";
  }

  synchronized FakeNspoolServer pool(String name, String retention, String... names) {
    for (String ns : names) {
      namespaces.put(ns, new NamespaceView(ns, name, "free", true, null, null, null, null));
    }
    pools.put(
        name,
        new PoolView(
            name,
            List.of(names),
            null,
            false,
            retention,
            List.of(new PoolView.Chart("airflow", "bundled", null, null, true)),
            null));
    return this;
  }

  /** Makes a pool dynamic: its members chosen by {@code selector} (text form), no names listed. */
  synchronized FakeNspoolServer selector(String pool, String selector) {
    PoolView p = pools.get(pool);
    pools.put(
        pool,
        new PoolView(
            p.name(), List.of(), selector, p.hardDelete(), p.retention(), p.charts(), p.counts()));
    return this;
  }

  /** Replaces a pool's chart catalogue, as an admin editing spec.charts would. */
  synchronized FakeNspoolServer charts(String pool, PoolView.Chart... charts) {
    PoolView p = pools.get(pool);
    pools.put(
        pool,
        new PoolView(
            p.name(),
            p.namespaces(),
            p.namespaceSelector(),
            p.hardDelete(),
            p.retention(),
            List.of(charts),
            null));
    return this;
  }

  synchronized FakeNspoolServer namespaceState(String ns, String state, String reason) {
    NamespaceView n = namespaces.get(ns);
    namespaces.put(
        ns,
        new NamespaceView(
            ns,
            n.pool(),
            state,
            state.equals("free"),
            n.deployment(),
            Instant.now().minusSeconds(3600).toString(),
            null,
            reason));
    return this;
  }

  /** A deployment as the controller would have left it, in the given namespace. */
  synchronized FakeNspoolServer deployment(
      String name, String workspace, String ns, String phase, List<ConditionView> conditions) {
    NamespaceView n = namespaces.get(ns);
    boolean retained = phase.equals("Retained");
    String purgeAfter = retained ? Instant.now().plusSeconds(13 * 86400).toString() : null;
    deployments.put(
        name,
        new DeploymentView(
            name,
            workspace,
            n.pool(),
            ns,
            java.util.List.of(),
            phase,
            purgeAfter,
            Map.of("size", "medium"),
            new Release(2, "airflow-1.0.0"),
            components(phase.equals("Ready") ? 2 : 1, 2),
            conditions,
            Instant.now().minusSeconds(7200).toString()));
    claim(ns, name, retained ? "retained" : "claimed", purgeAfter);
    return this;
  }

  /** A deployment as the fake holds it (as created through the API), or null. */
  synchronized DeploymentView deploymentView(String name) {
    return deployments.get(name);
  }

  synchronized void takeMeanwhile(String ns) {
    takenMeanwhile.add(ns);
  }

  private static List<Component> components(int ready, int total) {
    return List.of(
        new Component("scheduler", "Deployment", total, ready, ready == total),
        new Component("webserver", "Deployment", total, total, true),
        new Component("triggerer", "StatefulSet", 1, 1, true));
  }

  private void claim(String ns, String deployment, String state, String purgeAfter) {
    NamespaceView n = namespaces.get(ns);
    namespaces.put(
        ns,
        new NamespaceView(
            ns, n.pool(), state, false, deployment, Instant.now().toString(), purgeAfter, null));
  }

  private void free(String ns) {
    NamespaceView n = namespaces.get(ns);
    namespaces.put(ns, new NamespaceView(ns, n.pool(), "free", true, null, null, null, null));
  }

  private PoolView withCounts(PoolView p) {
    Map<String, Long> by =
        namespaces.values().stream()
            .filter(n -> n.pool().equals(p.name()))
            .collect(Collectors.groupingBy(NamespaceView::state, Collectors.counting()));
    int total = p.namespaces().size();
    return new PoolView(
        p.name(),
        p.namespaces(),
        p.namespaceSelector(),
        p.hardDelete(),
        p.retention(),
        p.charts(),
        new Counts(
            total,
            count(by, "free"),
            count(by, "claimed"),
            count(by, "retained"),
            count(by, "cleaning"),
            count(by, "quarantined"),
            count(by, "draining")));
  }

  private static int count(Map<String, Long> by, String state) {
    return by.getOrDefault(state, 0L).intValue();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getPath();
      if (!path.startsWith("/api/")) {
        serveFile(x, path);
        return;
      }
      String auth = Optional.ofNullable(x.getRequestHeaders().getFirst("Authorization")).orElse("");
      User user = users.get(auth.replaceFirst("^Bearer ", ""));
      if (user == null) {
        error(
            x,
            401,
            "unauthenticated",
            auth.isEmpty()
                ? "no token: send Authorization: Bearer <token>"
                : "unknown token: ask an admin for a token (POST /api/v1/users)");
        return;
      }
      synchronized (this) {
        route(x, user, path.substring("/api/v1".length()), query(x));
      }
    }
  }

  private void route(HttpExchange x, User user, String path, Map<String, String> q)
      throws IOException {
    String method = x.getRequestMethod();
    String[] parts =
        Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    if (path.equals("/whoami")) {
      send(
          x,
          200,
          Map.of("name", user.name(), "role", user.role(), "workspaces", user.workspaces()));
    } else if (path.equals("/pools")) {
      send(x, 200, new Items<>(pools.values().stream().map(this::withCounts).toList()));
    } else if (parts.length == 2 && parts[0].equals("pools")) {
      PoolView p = pools.get(parts[1]);
      if (p == null) {
        error(x, 404, "not_found", "pool \"" + parts[1] + "\" does not exist");
      } else {
        send(x, 200, withCounts(p));
      }
    } else if (path.equals("/namespaces")) {
      send(
          x,
          200,
          new Items<>(
              namespaces.values().stream()
                  .filter(n -> !q.containsKey("pool") || n.pool().equals(q.get("pool")))
                  .filter(n -> !"true".equals(q.get("available")) || n.available())
                  .map(n -> visible(user, n))
                  .toList()));
    } else if (path.equals("/deployments") && method.equals("GET")) {
      send(x, 200, new Items<>(deployments.values().stream().filter(d -> sees(user, d)).toList()));
    } else if (path.equals("/deployments") && method.equals("POST")) {
      create(x, user);
    } else if (parts.length >= 2 && parts[0].equals("deployments")) {
      DeploymentView d = deployments.get(parts[1]);
      if (d == null || !sees(user, d)) {
        error(x, 404, "not_found", "deployment \"" + parts[1] + "\" does not exist");
        return;
      }
      String sub = parts.length > 2 ? parts[2] : "";
      switch (method + " " + sub) {
        case "GET " -> send(x, 200, d);
        case "DELETE " -> delete(x, user, d, "true".equals(q.get("hard")));
        case "POST restore" -> restore(x, user, d);
        case "GET events" -> send(x, 200, new Items<>(events(d)));
        case "GET revisions" -> send(x, 200, new Items<>(revisions(d)));
        case "GET logs" -> text(x, logs(d, q.get("component")));
        default -> error(x, 404, "not_found", "no such endpoint: " + method + " " + path);
      }
    } else {
      error(x, 404, "not_found", "no such endpoint: " + method + " " + path);
    }
  }

  private static boolean sees(User user, DeploymentView d) {
    return user.role().equals("admin") || user.workspaces().contains(d.workspace());
  }

  private NamespaceView visible(User user, NamespaceView n) {
    DeploymentView d = n.deployment() == null ? null : deployments.get(n.deployment());
    if (d == null || sees(user, d)) {
      return n;
    }
    return new NamespaceView(
        n.name(), n.pool(), n.state(), n.available(), null, n.since(), n.purgeAfter(), n.reason());
  }

  private void create(HttpExchange x, User user) throws IOException {
    if (user.role().equals("viewer")) {
      error(x, 403, "forbidden", "role viewer cannot create deployments");
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> body = json.readValue(x.getRequestBody(), Map.class);
    String name = (String) body.get("name");
    String workspace = (String) body.get("workspace");
    String poolName = (String) body.getOrDefault("pool", pools.keySet().iterator().next());
    String requested = (String) body.get("namespace");
    if (name == null || !DNS_LABEL.matcher(name).matches() || name.length() > 53) {
      error(
          x,
          400,
          "invalid_argument",
          "name \""
              + name
              + "\" is not a DNS-1123 label of at most 53 characters (lowercase letters, digits,"
              + " '-')");
      return;
    }
    if (deployments.containsKey(name)) {
      error(
          x,
          409,
          "already_exists",
          "deployment \"" + name + "\" already exists: pick another name");
      return;
    }
    takenMeanwhile.forEach(ns -> claim(ns, "someone-else", "claimed", null));
    takenMeanwhile.clear();
    List<NamespaceView> inPool =
        namespaces.values().stream().filter(n -> n.pool().equals(poolName)).toList();
    String ns;
    if (requested != null) {
      NamespaceView n = namespaces.get(requested);
      if (n == null || !n.available()) {
        error(
            x,
            409,
            "namespace_unavailable",
            "namespace \""
                + requested
                + "\" is not available: "
                + (n == null ? "not in pool \"" + poolName + "\"" : n.state())
                + ". Pick another one (GET /api/v1/namespaces?available=true) or leave it empty.");
        return;
      }
      ns = requested;
    } else {
      Optional<NamespaceView> free = inPool.stream().filter(NamespaceView::available).findFirst();
      if (free.isEmpty()) {
        String breakdown =
            inPool.stream()
                .collect(
                    Collectors.groupingBy(
                        NamespaceView::state, LinkedHashMap::new, Collectors.counting()))
                .entrySet()
                .stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        error(
            x,
            409,
            "pool_exhausted",
            "no kubernetes namespaces are available in pool \""
                + poolName
                + "\": all "
                + inPool.size()
                + " namespaces are in use ("
                + breakdown
                + "). Delete a deployment (a hard delete returns its namespace at once), or ask a"
                + " platform admin to add namespaces to the pool.");
        return;
      }
      ns = free.get().name();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> values = (Map<String, Object>) body.getOrDefault("values", Map.of());
    DeploymentView d =
        new DeploymentView(
            name,
            workspace,
            poolName,
            ns,
            java.util.List.of(),
            "Provisioning",
            null,
            values,
            null,
            List.of(),
            List.of(
                new ConditionView(
                    "NamespaceClaimed",
                    "True",
                    "Claimed",
                    "claimed namespace " + ns,
                    Instant.now().toString())),
            Instant.now().toString(),
            (String) body.get("chart"),
            (String) body.get("version"));
    deployments.put(name, d);
    claim(ns, name, "claimed", null);
    send(x, 201, d);
  }

  private void delete(HttpExchange x, User user, DeploymentView d, boolean hard)
      throws IOException {
    if (user.role().equals("viewer")) {
      error(x, 403, "forbidden", "role viewer cannot delete deployments");
      return;
    }
    boolean poolHard = pools.get(d.pool()).hardDelete();
    if (hard || poolHard || d.phase().equals("Retained")) {
      deployments.remove(d.name());
      free(d.namespace());
    } else {
      String purgeAfter = Instant.now().plusSeconds(14 * 86400).toString();
      deployments.put(d.name(), withPhase(d, "Retained", purgeAfter));
      claim(d.namespace(), d.name(), "retained", purgeAfter);
    }
    send(x, 202, d);
  }

  private void restore(HttpExchange x, User user, DeploymentView d) throws IOException {
    if (!d.phase().equals("Retained")) {
      error(
          x,
          409,
          "failed_precondition",
          "deployment \"" + d.name() + "\" is " + d.phase() + ", not Retained: nothing to restore");
      return;
    }
    deployments.put(d.name(), withPhase(d, "Provisioning", null));
    claim(d.namespace(), d.name(), "claimed", null);
    send(x, 200, deployments.get(d.name()));
  }

  private static DeploymentView withPhase(DeploymentView d, String phase, String purgeAfter) {
    return new DeploymentView(
        d.name(),
        d.workspace(),
        d.pool(),
        d.namespace(),
        java.util.List.of(),
        phase,
        purgeAfter,
        d.values(),
        d.release(),
        d.components(),
        d.conditions(),
        d.createdAt());
  }

  /** One revision per revision number the release is at, the last one deployed. */
  private static List<RevisionView> revisions(DeploymentView d) {
    int at = d.release() == null || d.release().revision() == null ? 0 : d.release().revision();
    List<RevisionView> revisions = new java.util.ArrayList<>();
    for (int r = 1; r <= at; r++) {
      revisions.add(
          new RevisionView(
              r,
              Instant.now().toString(),
              r == at ? "deployed" : "superseded",
              "airflow-0.1.0",
              "2.10.5",
              r == 1 ? "Install complete" : "Upgrade complete"));
    }
    return revisions;
  }

  private static List<EventView> events(DeploymentView d) {
    String now = Instant.now().toString();
    return List.of(
        new EventView(
            d.namespace(),
            "Normal",
            "ScalingReplicaSet",
            "Scaled up replica set scheduler-7d9 to 1",
            "Deployment/scheduler",
            1,
            now),
        new EventView(
            d.namespace(),
            "Warning",
            "FailedCreate",
            "Error creating: pods \"scheduler-7d9-\" is forbidden: exceeded quota: airflow",
            "ReplicaSet/scheduler-7d9",
            4,
            now));
  }

  /** As the server labels them: every line [namespace/pod/container]. */
  private static String logs(DeploymentView d, String component) {
    String c = component == null ? "scheduler" : component;
    String label =
        "["
            + (d.namespace() == null ? "tenant-1" : d.namespace())
            + "/"
            + d.name()
            + "-"
            + c
            + "-7d9-x2/"
            + c
            + "] ";
    return label + "Starting the " + c + " of " + d.name() + "\n" + label + "<b>not bold</b>\n";
  }

  private void serveFile(HttpExchange x, String path) throws IOException {
    String file = path.equals("/") ? "index.html" : path.substring(1);
    byte[] bytes = null;
    if (!file.contains("..")) {
      if (uiFolder != null) {
        Path p = uiFolder.resolve(file);
        bytes = Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
      } else {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("ui/" + file)) {
          bytes = in == null ? null : in.readAllBytes();
        }
      }
    }
    if (bytes == null) {
      x.sendResponseHeaders(404, -1);
      return;
    }
    x.getResponseHeaders().set("Content-Type", contentType(file));
    x.getResponseHeaders().set("Cache-Control", "no-store");
    x.sendResponseHeaders(200, bytes.length);
    x.getResponseBody().write(bytes);
  }

  private static String contentType(String file) {
    String ext = file.substring(file.lastIndexOf('.') + 1);
    return switch (ext) {
      case "html" -> "text/html; charset=utf-8";
      case "js" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "svg" -> "image/svg+xml";
      default -> "application/octet-stream";
    };
  }

  private static Map<String, String> query(HttpExchange x) {
    Map<String, String> q = new LinkedHashMap<>();
    String raw = x.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] kv = pair.split("=", 2);
        q.put(
            URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return q;
  }

  private static void send(HttpExchange x, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
  }

  private static void text(HttpExchange x, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    x.sendResponseHeaders(200, bytes.length);
    x.getResponseBody().write(bytes);
  }

  private static void error(HttpExchange x, int status, String code, String message)
      throws IOException {
    send(x, status, ErrorBody.of(code, message));
  }

  @Override
  public void close() {
    http.stop(0);
  }

  /** Serves src/main/resources/ui live with a demo state, for working on the UI by hand. */
  public static void main(String[] args) throws Exception {
    FakeNspoolServer fake = demo(new FakeNspoolServer(Path.of("src/main/resources/ui")));
    System.out.println(fake.url() + "  tokens: " + ADMIN_TOKEN + ", " + VIEWER_TOKEN);
    Thread.currentThread().join();
  }

  /** A pool in every state, and deployments in a few phases. */
  static FakeNspoolServer demo(FakeNspoolServer fake) {
    fake.pool(
            "airflow",
            "14d",
            "tenant-1",
            "tenant-2",
            "tenant-3",
            "tenant-4",
            "tenant-5",
            "tenant-6")
        .deployment("analytics", "data-team", "tenant-1", "Ready", readyConditions())
        .deployment("etl-nightly", "data-team", "tenant-2", "Degraded", deniedConditions())
        .deployment("reports", "finance", "tenant-3", "Retained", readyConditions())
        .namespaceState(
            "tenant-6",
            "quarantined",
            "scrub could not verify: configmaps \"leftover\" still present after 2m");
    return fake;
  }

  static List<ConditionView> readyConditions() {
    String t = Instant.now().minusSeconds(3000).toString();
    return List.of(
        new ConditionView("NamespaceClaimed", "True", "Claimed", "claimed namespace", t),
        new ConditionView("Installed", "True", "Installed", "release revision 2 installed", t));
  }

  static List<ConditionView> deniedConditions() {
    String t = Instant.now().minusSeconds(600).toString();
    return List.of(
        new ConditionView("NamespaceClaimed", "True", "Claimed", "claimed namespace tenant-2", t),
        new ConditionView(
            "Installed",
            "False",
            "PermissionDenied",
            "serviceaccounts is forbidden: User \"system:serviceaccount:nspool-system:nspool\""
                + " cannot create resource \"serviceaccounts\" in API group \"\" in the namespace"
                + " \"tenant-2\". Add to Role nspool in tenant-2: {apiGroups: [\"\"], resources:"
                + " [\"serviceaccounts\"], verbs: [\"create\"]} <script>alert(1)</script>",
            t));
  }
}
