package io.nspool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.nspool.api.RawHttp.Request;
import io.nspool.auth.Role;
import io.nspool.auth.UserStore;
import io.nspool.deploy.TenantDeployment;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.testing.RunningController;
import io.nspool.testing.RunningServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The abuse corpus: requests an attacker (or a broken client) sends, against the real server on the
 * real local Kubernetes. Each is refused with the right status and the one JSON error shape, and
 * nothing changes: neither what the API lists nor the custom resources and users Kubernetes holds.
 */
@LocalKubernetes
@DisplayName("The REST API refuses abusive requests in its JSON error shape and changes nothing")
class ApiAbuseIT {
  private static final String V = "/api/v1/deployments/victim";
  private static final String POOL = "/api/v1/pools/default";

  /** Who sends a request: its Authorization header is the token of that user. */
  enum Who {
    NOBODY,
    ADMIN,
    /** alice, member of team-a, which owns the deployment "victim" */
    MEMBER,
    /** vera, viewer of team-a */
    VIEWER,
    /** bob, member of team-b */
    STRANGER
  }

  record Case(String name, Who who, Request request, int status, String code, List<String> says) {
    @Override
    public String toString() {
      return name;
    }
  }

  static RunningServer nspool;
  static Http http;
  static final Map<Who, String> tokens = new EnumMap<>(Who.class);

  @BeforeAll
  static void start(KubernetesClient kube) {
    nspool = RunningServer.start(kube, "abuse", 2);
    http = new Http(nspool.url());
    tokens.put(Who.ADMIN, nspool.adminToken());
    tokens.put(Who.MEMBER, nspool.token("alice", Role.MEMBER, List.of("team-a")));
    tokens.put(Who.VIEWER, nspool.token("vera", Role.VIEWER, List.of("team-a")));
    tokens.put(Who.STRANGER, nspool.token("bob", Role.MEMBER, List.of("team-b")));
    // Something to delete, patch and restore, so that "nothing changed" means something.
    Http.Response victim =
        http.post(
            "/api/v1/deployments",
            tokens.get(Who.MEMBER),
            "{\"name\":\"victim\",\"workspace\":\"team-a\"}");
    assertThat(victim.status()).as(victim.text()).isEqualTo(201);
    await()
        .atMost(RunningController.WAIT)
        .until(() -> http.get(V, tokens.get(Who.ADMIN)).json().path("release").isObject());
  }

  @AfterAll
  static void stop() {
    if (nspool != null) {
      nspool.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  @DisplayName("refused, in the JSON error shape, and nothing changed:")
  void refused(Case abuse) {
    Snapshot before = Snapshot.take();

    RawHttp.Response answer = send(abuse);

    assertThat(answer.status()).as(answer.toString()).isEqualTo(abuse.status());
    assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/json");
    JsonNode json = answer.json();
    assertThat(json.size()).as(answer.body()).isEqualTo(1);
    assertThat(json.path("error").size()).as(answer.body()).isEqualTo(2);
    assertThat(json.path("error").path("code").asText()).as(answer.body()).isEqualTo(abuse.code());
    String message = json.path("error").path("message").asText();
    assertThat(message).as(answer.body()).isNotBlank();
    abuse.says().forEach(fragment -> assertThat(message).as(answer.body()).contains(fragment));
    for (String token : tokens.values()) {
      assertThat(answer.body()).doesNotContain(token);
    }
    if (abuse.status() == 405) {
      assertThat(answer.header("Allow")).as(answer.toString()).isNotBlank();
    }
    if (abuse.status() == 401) {
      assertThat(answer.header("WWW-Authenticate")).as(answer.toString()).startsWith("Bearer");
    }
    assertThat(Snapshot.take()).isEqualTo(before);
  }

  private static RawHttp.Response send(Case abuse) {
    URI url = URI.create(nspool.url());
    String token = tokens.get(abuse.who());
    byte[] bytes =
        abuse
            .request()
            .render(url.getHost() + ":" + url.getPort(), token == null ? null : "Bearer " + token);
    // Placeholders for what exists only once the server runs: a token, a pool namespace.
    String raw =
        new String(bytes, StandardCharsets.ISO_8859_1)
            .replace("TOKEN", tokens.get(Who.ADMIN))
            .replace("POOL_NAMESPACE", nspool.plan().poolNamespaces().get(0));
    return RawHttp.send(url.getHost(), url.getPort(), raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * What the API lists (the stable parts: phases and conditions move on their own) and what
   * Kubernetes holds: each custom resource's spec and generation, and the users.
   */
  record Snapshot(
      List<String> deployments,
      List<String> pools,
      List<String> namespaces,
      Map<String, String> poolResources,
      Map<String, String> deploymentResources,
      TreeSet<String> users) {

    static Snapshot take() {
      String token = tokens.get(Who.ADMIN);
      List<String> deployments = new ArrayList<>();
      for (JsonNode d : http.get("/api/v1/deployments", token).json().path("items")) {
        deployments.add(
            String.join(
                " ",
                d.path("name").asText(),
                d.path("workspace").asText(),
                d.path("pool").asText(),
                d.path("values").toString()));
      }
      List<String> pools = new ArrayList<>();
      for (JsonNode p : http.get("/api/v1/pools", token).json().path("items")) {
        pools.add(
            String.join(
                " ",
                p.path("name").asText(),
                p.path("namespaces").toString(),
                p.path("hardDelete").asText(),
                p.path("retention").asText(),
                p.path("charts").toString()));
      }
      List<String> namespaces = new ArrayList<>();
      for (JsonNode n : http.get("/api/v1/namespaces", token).json().path("items")) {
        namespaces.add(
            String.join(
                " ",
                n.path("name").asText(),
                n.path("pool").asText(),
                n.path("deployment").asText()));
      }
      KubernetesClient admin = nspool.admin();
      String control = nspool.plan().controlNamespace();
      Secret users = admin.secrets().inNamespace(control).withName(UserStore.SECRET).get();
      return new Snapshot(
          deployments,
          pools,
          namespaces,
          specs(admin.resources(NamespacePool.class).inNamespace(control).list().getItems()),
          specs(admin.resources(TenantDeployment.class).inNamespace(control).list().getItems()),
          new TreeSet<>(users.getData().keySet()));
    }

    private static <T extends HasMetadata> Map<String, String> specs(List<T> resources) {
      Map<String, String> specs = new TreeMap<>();
      for (T r : resources) {
        Object spec = r instanceof NamespacePool p ? p.getSpec() : ((TenantDeployment) r).getSpec();
        specs.put(
            r.getMetadata().getName(),
            r.getMetadata().getGeneration() + " " + Serialization.asJson(spec));
      }
      return specs;
    }
  }

  // ---- the corpus ----

  static Stream<Case> corpus() {
    return Stream.of(
            paths(), bodies(), contentTypesAndSizes(), queries(), methods(), credentials(), wire())
        .flatMap(s -> s);
  }

  /** Path traversal and names that are no DNS-1123 label, before any Kubernetes call. */
  static Stream<Case> paths() {
    return Stream.of(
        bad(
            "path: ..%2F in a pool name",
            Who.ADMIN, get("/api/v1/pools/..%2Fdefault"), "../default"),
        bad(
            "path: %2F smuggles a subresource into a write",
            Who.ADMIN,
            post("/api/v1/pools/default%2Fstatus/namespaces", "{\"namespaces\":[\"abuse-x\"]}"),
            "default/status"),
        bad("path: %2e%2e as a pool", Who.ADMIN, get("/api/v1/pools/%2e%2e"), "\"..\""),
        bad("path: %2E%2E%2F upper-case escapes", Who.ADMIN, get("/api/v1/pools/%2E%2E%2Fdefault")),
        bad(
            "path: ..%2F..%2F in a namespace to remove",
            Who.ADMIN,
            delete(POOL + "/namespaces/..%2F..%2Fkube-system"),
            "path parameter namespace"),
        bad(
            "path: %2F..%2F inside a deployment name",
            Who.MEMBER, delete("/api/v1/deployments/victim%2F..%2Fvictim")),
        bad("path: backslashes %5c..%5c", Who.ADMIN, get("/api/v1/pools/%5c..%5cdefault")),
        bad("path: ;matrix parameter", Who.ADMIN, get("/api/v1/pools/default;x=y"), "default;x=y"),
        bad("path: upper-case deployment name", Who.MEMBER, get("/api/v1/deployments/Victim")),
        bad(
            "path: 54-character deployment name (limit 53)",
            Who.MEMBER,
            get("/api/v1/deployments/" + "a".repeat(54)),
            "at most 53"),
        bad(
            "path: 64-character pool name (limit 63)",
            Who.ADMIN,
            get("/api/v1/pools/" + "p".repeat(64)),
            "at most 63"),
        bad(
            "path: leading dash",
            Who.MEMBER,
            patch("/api/v1/deployments/-victim", "{\"values\":{}}")),
        bad("path: non-ASCII letter", Who.MEMBER, get("/api/v1/deployments/vict%C3%AFm")),
        bad("path: encoded space", Who.MEMBER, post("/api/v1/deployments/a%20b/restore")),
        bad("path: NUL byte", Who.MEMBER, post("/api/v1/deployments/victim%00/restore")),
        bad("path: broken %-escape", Who.ADMIN, get("/api/v1/pools/%zz")),
        refuse(
            "path: raw ../ dot segments",
            Who.ADMIN,
            get("/api/v1/deployments/../pools"),
            404,
            "not_found"));
  }

  /** Bodies of the wrong shape or type: strict JSON as the OpenAPI document types it. */
  static Stream<Case> bodies() {
    String d = "/api/v1/deployments";
    return Stream.of(
        bad("body: name is a number", Who.MEMBER, post(d, "{\"name\": 910869}"), "name", "910869"),
        bad("body: name is a boolean", Who.MEMBER, post(d, "{\"name\": true}"), "name", "true"),
        bad("body: name is null", Who.MEMBER, post(d, "{\"name\": null}"), "name: required"),
        bad("body: name is an array", Who.MEMBER, post(d, "{\"name\": [\"a\"]}"), "name"),
        bad(
            "body: workspace is a number",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"workspace\":7}"),
            "workspace"),
        bad("body: pool is an object", Who.MEMBER, post(d, "{\"name\":\"a\",\"pool\":{}}"), "pool"),
        bad(
            "body: chart is a URL",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"chart\":\"oci://evil.example/c\"}"),
            "chart: \"oci://evil.example/c\" is not a valid name"),
        bad(
            "body: chart not in the catalogue",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"chart\":\"other\"}"),
            "chart: \"other\" is not in the pool's catalogue; choose one of: airflow (default)"),
        bad(
            "body: namespace is a float",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"namespace\":1.5}"),
            "namespace"),
        bad(
            "body: executorNamespaces with count and names",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"executorNamespaces\":{\"count\":1,\"names\":[\"x\"]}}"),
            "executorNamespaces",
            "not both"),
        bad(
            "body: executorNamespaces empty",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"executorNamespaces\":{}}"),
            "executorNamespaces",
            "neither"),
        bad(
            "body: executorNamespaces count 9",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"executorNamespaces\":{\"count\":9}}"),
            "executorNamespaces.count",
            "9"),
        bad(
            "body: executorNamespaces count 0",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"executorNamespaces\":{\"count\":0}}"),
            "executorNamespaces.count",
            "0"),
        bad(
            "body: executorNamespaces names repeated",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"executorNamespaces\":{\"names\":[\"x\",\"x\"]}}"),
            "executorNamespaces.names",
            "twice"),
        bad(
            "body: executorNamespaces names the deployment's own namespace",
            Who.MEMBER,
            post(
                d,
                "{\"name\":\"a\",\"namespace\":\"x\",\"executorNamespaces\":{\"names\":[\"x\"]}}"),
            "executorNamespaces.names",
            "own namespace"),
        bad(
            "body: executorNamespaces name not a DNS label",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"executorNamespaces\":{\"names\":[\"Bad_Name\"]}}"),
            "executorNamespaces.names[0]",
            "Bad_Name"),
        bad(
            "body: executorNamespaces unknown field",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"executorNamespaces\":{\"size\":2}}"),
            "size"),
        bad(
            "body: values is an array",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"values\":[]}"),
            "values"),
        bad(
            "body: values is a string",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"values\":\"size=large\"}"),
            "values"),
        bad(
            "body: 1e999 in values",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"values\":{\"core\":{\"parallelism\":1e999}}}"),
            "values.core.parallelism",
            "1e999"),
        bad(
            "body: -1e999 in values (PATCH)",
            Who.MEMBER,
            patch(V, "{\"values\":{\"x\":-1e999}}"),
            "values.x",
            "-1e999"),
        bad(
            "body: 30-digit integer in values",
            Who.MEMBER,
            patch(V, "{\"values\":{\"n\":[1,123456789012345678901234567890]}}"),
            "values.n[1]",
            "64 bits"),
        bad(
            "body: duplicate key",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"name\":\"b\"}"),
            "Duplicate field 'name'"),
        bad(
            "body: duplicate key inside values",
            Who.MEMBER,
            patch(V, "{\"values\":{\"size\":\"small\",\"size\":\"large\"}}"),
            "Duplicate field 'size'"),
        bad(
            "body: garbage after the object",
            Who.MEMBER,
            post(d, "{\"name\":\"a\"} xyz"),
            "more after the JSON object"),
        bad(
            "body: two objects",
            Who.MEMBER,
            patch(V, "{\"values\":{}}{\"values\":{\"size\":\"large\"}}"),
            "more after the JSON object"),
        bad("body: top-level array", Who.MEMBER, post(d, "[{\"name\":\"a\"}]"), "an array"),
        bad("body: top-level string", Who.MEMBER, post(d, "\"a\""), "send one JSON object"),
        bad("body: literal null", Who.MEMBER, post(d, "null"), "send one JSON object"),
        bad("body: whitespace only", Who.MEMBER, post(d, "   "), "empty"),
        bad("body: truncated JSON", Who.MEMBER, post(d, "{\"name\":"), "not valid JSON"),
        bad("body: single quotes", Who.MEMBER, post(d, "{'name':'a'}"), "not valid JSON"),
        bad("body: a comment", Who.MEMBER, post(d, "{\"name\":\"a\" /* hi */}"), "not valid JSON"),
        bad(
            "body: NaN literal",
            Who.MEMBER,
            patch(V, "{\"values\":{\"x\":NaN}}"),
            "not valid JSON"),
        bad(
            "body: unknown field",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"colour\":\"red\"}"),
            "unknown field \"colour\""),
        bad(
            "body: nested 40 levels deep",
            Who.MEMBER,
            patch(V, "{\"values\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}"),
            "nested deeper than 32"),
        bad(
            "body: invalid UTF-8 byte",
            Who.MEMBER,
            postBytes(d, "application/json", bytes("{\"name\":\"a", 0xff, "\"}")),
            "UTF-8"),
        bad(
            "body: UTF-16",
            Who.MEMBER,
            postBytes(d, "application/json", "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_16)),
            "UTF-8"),
        bad(
            "body: byte order mark",
            Who.MEMBER,
            postBytes(d, "application/json", bytes("", 0xef, 0xbb, 0xbf, "{\"name\":\"a\"}")),
            "not valid JSON"),
        bad(
            "body: 54-character name",
            Who.MEMBER,
            post(d, "{\"name\":\"" + "a".repeat(54) + "\"}"),
            "at most 53"),
        bad(
            "body: name with upper case and underscore",
            Who.MEMBER,
            post(d, "{\"name\":\"Bad_Name\"}"),
            "Bad_Name"),
        bad(
            "body: empty workspace",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"workspace\":\"\"}"),
            "workspace: \"\""),
        bad(
            "body: size is not small, medium or large",
            Who.MEMBER,
            patch(V, "{\"values\":{\"size\":\"huge\"}}"),
            "values.size",
            "huge"),
        bad(
            "body: values.nspool is nspool's own",
            Who.MEMBER,
            patch(V, "{\"values\":{\"nspool\":{\"namespaces\":[\"kube-system\"]}}}"),
            "values.nspool"),
        bad(
            "body: PATCH with nothing to change",
            Who.MEMBER,
            patch(V, "{}"),
            "values, chart or version: give at least one"),
        bad(
            "body: PATCH a chart that is a path",
            Who.MEMBER,
            patch(V, "{\"chart\":\"/etc/passwd\"}"),
            "chart: \"/etc/passwd\" is not a valid name"),
        bad(
            "body: PATCH a version the catalogue does not pin",
            Who.MEMBER,
            patch(V, "{\"version\":\"9.9.9\"}"),
            "version: \"9.9.9\" is not offered for chart airflow"),
        bad(
            "body: namespaces is a string",
            Who.ADMIN,
            post(POOL + "/namespaces", "{\"namespaces\":\"abuse-x\"}"),
            "namespaces"),
        bad(
            "body: namespaces holds a number",
            Who.ADMIN,
            post(POOL + "/namespaces", "{\"namespaces\":[\"abuse-x\",5]}"),
            "namespaces[1]"),
        bad(
            "body: namespace with a slash",
            Who.ADMIN,
            post(POOL + "/namespaces", "{\"namespaces\":[\"kube-system/..\"]}"),
            "namespaces[0]"),
        bad(
            "body: no namespaces",
            Who.ADMIN,
            post(POOL + "/namespaces", "{\"namespaces\":[]}"),
            "at least one"),
        bad(
            "body: 64-character workspace for a user",
            Who.ADMIN,
            post(
                "/api/v1/users",
                "{\"name\":\"mallory\",\"role\":\"member\",\"workspaces\":[\""
                    + "w".repeat(64)
                    + "\"]}"),
            "workspaces[0]",
            "at most 63"),
        bad(
            "body: 64-character user name",
            Who.ADMIN,
            post("/api/v1/users", "{\"name\":\"" + "m".repeat(64) + "\",\"role\":\"admin\"}"),
            "at most 63"),
        bad(
            "body: role is a number",
            Who.ADMIN,
            post("/api/v1/users", "{\"name\":\"mallory\",\"role\":1}"),
            "role"),
        bad(
            "body: a workspace is a boolean",
            Who.ADMIN,
            post(
                "/api/v1/users",
                "{\"name\":\"mallory\",\"role\":\"member\",\"workspaces\":[true]}"),
            "workspaces[0]"),
        bad(
            "body: role root",
            Who.ADMIN,
            post("/api/v1/users", "{\"name\":\"mallory\",\"role\":\"root\"}"),
            "role \"root\""));
  }

  static Stream<Case> contentTypesAndSizes() {
    String d = "/api/v1/deployments";
    String ok = "{\"name\":\"a\"}";
    return Stream.of(
        unsupported("content type: text/plain", postBytes(d, "text/plain", ok.getBytes())),
        unsupported("content type: none", postBytes(d, null, ok.getBytes()), "missing"),
        unsupported(
            "content type: a form",
            postBytes(d, "application/x-www-form-urlencoded", "name=a".getBytes())),
        unsupported(
            "content type: charset latin1",
            postBytes(d, "application/json; charset=latin1", ok.getBytes()),
            "latin1"),
        unsupported(
            "content type: application/jsonx", postBytes(d, "application/jsonx", ok.getBytes())),
        unsupported(
            "content type: an extra parameter",
            postBytes(d, "application/json; boundary=x", ok.getBytes()),
            "boundary"),
        refuse(
            "size: 70000-byte body",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"values\":{\"pad\":\"" + "x".repeat(70_000) + "\"}}"),
            413,
            "payload_too_large",
            "65536"),
        refuse(
            "size: chunked body over the limit",
            Who.MEMBER,
            post(d, "{\"name\":\"a\",\"values\":{\"pad\":\"" + "x".repeat(70_000) + "\"}}")
                .chunked(),
            413,
            "payload_too_large",
            "65536"),
        bad(
            "body on an endpoint that takes none (restore)",
            Who.MEMBER,
            post(V + "/restore", "{\"force\":true}"),
            "takes no body"),
        bad(
            "body on a DELETE",
            Who.MEMBER,
            call("DELETE", V).header("Content-Type", "application/json").body("{}".getBytes()),
            "takes no body"));
  }

  /** Query parameters: typed, each once, and only those the endpoint documents. */
  static Stream<Case> queries() {
    String logs = V + "/logs";
    return Stream.of(
        bad(
            "query: hard=yes",
            Who.MEMBER,
            delete(V + "?hard=yes"),
            "hard",
            "\"yes\"",
            "true or false"),
        bad("query: hard=TRUE", Who.MEMBER, delete(V + "?hard=TRUE"), "TRUE"),
        bad("query: hard given twice", Who.MEMBER, delete(V + "?hard=true&hard=false"), "2 times"),
        bad("query: hard empty", Who.MEMBER, delete(V + "?hard="), "empty"),
        bad(
            "query: available=maybe",
            Who.VIEWER,
            get("/api/v1/namespaces?available=maybe"),
            "maybe"),
        bad(
            "query: unknown parameter",
            Who.VIEWER,
            get("/api/v1/namespaces?colour=red"),
            "\"colour\": unknown",
            "pool, available"),
        bad(
            "query: unknown parameter on a write",
            Who.ADMIN,
            delete(POOL + "/namespaces/POOL_NAMESPACE?force=true"),
            "\"force\""),
        bad("query: tail=-1", Who.MEMBER, get(logs + "?tail=-1"), "tail", "-1", "0 to 10000"),
        bad("query: tail=abc", Who.MEMBER, get(logs + "?tail=abc"), "abc"),
        bad("query: tail=10001", Who.MEMBER, get(logs + "?tail=10001"), "10001"),
        bad(
            "query: tail overflows int",
            Who.MEMBER,
            get(logs + "?tail=99999999999"),
            "99999999999"),
        bad("query: component with a slash", Who.MEMBER, get(logs + "?component=a%2Fb"), "a/b"),
        bad(
            "query: workspace not a label",
            Who.MEMBER,
            get("/api/v1/deployments?workspace=Team_A")),
        bad("query: broken %-escape", Who.VIEWER, get("/api/v1/namespaces?pool=%zz"), "%zz"),
        bad("query: escapes that are not UTF-8", Who.VIEWER, get("/api/v1/namespaces?pool=%ff")),
        bad("query: broken %-escape in a name", Who.VIEWER, get("/api/v1/namespaces?%zz=1")),
        bad(
            "query: on an endpoint that takes none",
            Who.VIEWER,
            get("/api/v1/pools?x=1"),
            "takes none"));
  }

  static Stream<Case> methods() {
    return Stream.of(
        refuse(
            "method: PUT on pools",
            Who.ADMIN,
            call("PUT", "/api/v1/pools"),
            405,
            "method_not_allowed"),
        refuse(
            "method: DELETE on a pool",
            Who.ADMIN,
            call("DELETE", POOL),
            405,
            "method_not_allowed",
            "allowed: GET, HEAD"),
        refuse(
            "method: lower-case get",
            Who.ADMIN,
            call("get", "/api/v1/pools"),
            405,
            "method_not_allowed"),
        refuse(
            "method: lower-case delete",
            Who.MEMBER,
            call("delete", V + "?hard=true"),
            405,
            "method_not_allowed"),
        refuse(
            "method: TRACE",
            Who.ADMIN,
            call("TRACE", "/api/v1/deployments"),
            405,
            "method_not_allowed"),
        refuse("method: unknown FOO", Who.ADMIN, call("FOO", V), 405, "method_not_allowed"),
        bad(
            "method: X-HTTP-Method-Override turns a GET into a DELETE",
            Who.MEMBER,
            get(V + "?hard=true").header("X-HTTP-Method-Override", "DELETE"),
            "X-HTTP-Method-Override"),
        refuse(
            "route: unknown, asking for JSON",
            Who.ADMIN,
            get("/api/v1/nope").header("Accept", "application/json"),
            404,
            "not_found",
            "no such endpoint"),
        refuse(
            "route: unknown, asking for HTML",
            Who.NOBODY,
            get("/nope.html").header("Accept", "text/html"),
            404,
            "not_found"),
        refuse("route: double slash", Who.ADMIN, get("/api/v1//pools"), 404, "not_found"));
  }

  static Stream<Case> credentials() {
    return Stream.of(
        unauthenticated("token: none", Who.NOBODY, get("/api/v1/pools")),
        unauthenticated(
            "token: Basic credentials",
            Who.NOBODY,
            get("/api/v1/pools").header("Authorization", "Basic YWRtaW46YWRtaW4=")),
        unauthenticated(
            "token: Bearer without a token",
            Who.NOBODY,
            get("/api/v1/pools").header("Authorization", "Bearer")),
        unauthenticated(
            "token: unknown",
            Who.NOBODY,
            delete(V + "?hard=true").header("Authorization", "Bearer nsp_not-a-token")),
        unauthenticated(
            "token: a valid token without the scheme",
            Who.NOBODY,
            delete(V + "?hard=true").header("Authorization", "TOKEN")),
        unauthenticated(
            "token: two Authorization headers",
            Who.NOBODY,
            get("/api/v1/pools")
                .header("Authorization", "Bearer TOKEN")
                .header("Authorization", "Bearer nsp_other")),
        refuse(
            "role: a viewer deletes",
            Who.VIEWER,
            delete(V + "?hard=true"),
            403,
            "forbidden",
            "vera"),
        refuse(
            "role: another workspace's member deletes",
            Who.STRANGER,
            delete(V + "?hard=true"),
            404,
            "not_found"),
        refuse(
            "role: a member adds pool namespaces",
            Who.MEMBER,
            post(POOL + "/namespaces", "{\"namespaces\":[\"abuse-x\"]}"),
            403,
            "forbidden"),
        refuse(
            "role: a member creates an admin",
            Who.MEMBER,
            post("/api/v1/users", "{\"name\":\"mallory\",\"role\":\"admin\"}"),
            403,
            "forbidden"));
  }

  /** What Jetty refuses before any handler: it answers in the same shape. */
  static Stream<Case> wire() {
    String auth = "Authorization: Bearer TOKEN\r\n";
    return Stream.of(
        refuse(
            "wire: URI of 9000 characters",
            Who.ADMIN,
            get("/api/v1/deployments/" + "a".repeat(9000)),
            414,
            "uri_too_long",
            "8192"),
        refuse(
            "wire: a 9000-byte header",
            Who.ADMIN,
            get("/api/v1/pools").header("X-Padding", "p".repeat(9000)),
            431,
            "headers_too_large",
            "8192"),
        refuse(
            "wire: not HTTP at all",
            Who.NOBODY,
            Request.raw("HELLO\r\n\r\n".getBytes()),
            400,
            "invalid_argument",
            "not valid HTTP"),
        refuse(
            "wire: HTTP/9.9",
            Who.NOBODY,
            Request.raw(("GET /api/v1/pools HTTP/9.9\r\nHost: x\r\n" + auth + "\r\n").getBytes()),
            505,
            "invalid_argument",
            "not valid HTTP"),
        refuse(
            "wire: a header line without a colon",
            Who.ADMIN,
            get("/api/v1/pools").headerLine("NoColonHere"),
            400,
            "invalid_argument"),
        refuse(
            "wire: a folded header line",
            Who.ADMIN,
            get("/api/v1/pools").headerLine("X-Folded: a").headerLine("  b"),
            400,
            "invalid_argument"),
        refuse(
            "wire: Content-Length not a number",
            Who.MEMBER,
            patch(V, "{\"values\":{}}").withoutLength().header("Content-Length", "abc"),
            400,
            "invalid_argument"),
        refuse(
            "wire: Content-Length and chunked together (request smuggling)",
            Who.MEMBER,
            patch(V, "{\"values\":{}}").chunked().header("Content-Length", "4"),
            400,
            "invalid_argument"),
        refuse(
            "wire: two Host headers",
            Who.ADMIN,
            get("/api/v1/pools").header("Host", "evil.example"),
            400,
            "invalid_argument"),
        refuse(
            "wire: absolute URI for another host",
            Who.NOBODY,
            Request.raw(
                ("GET http://evil.example/api/v1/pools HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n")
                    .getBytes()),
            400,
            "invalid_argument"));
  }

  // ---- building cases ----

  private static Case refuse(
      String name, Who who, Request request, int status, String code, String... says) {
    return new Case(name, who, request, status, code, List.of(says));
  }

  private static Case bad(String name, Who who, Request request, String... says) {
    return refuse(name, who, request, 400, "invalid_argument", says);
  }

  private static Case unsupported(String name, Request request, String... says) {
    return refuse(name, Who.MEMBER, request, 415, "unsupported_media_type", says);
  }

  private static Case unauthenticated(String name, Who who, Request request) {
    return refuse(name, who, request, 401, "unauthenticated");
  }

  private static Request call(String method, String path) {
    return Request.of(method, path);
  }

  private static Request get(String path) {
    return call("GET", path);
  }

  private static Request delete(String path) {
    return call("DELETE", path);
  }

  private static Request post(String path) {
    return call("POST", path);
  }

  private static Request post(String path, String json) {
    return postBytes(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  private static Request patch(String path, String json) {
    return call("PATCH", path)
        .header("Content-Type", "application/json")
        .body(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Request postBytes(String path, String contentType, byte[] body) {
    Request r = call("POST", path).body(body);
    return contentType == null ? r : r.header("Content-Type", contentType);
  }

  /** Text and single bytes, e.g. an invalid UTF-8 byte inside a string. */
  private static byte[] bytes(Object... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof Integer b) {
        out.write(b);
      } else {
        out.writeBytes(part.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }
}
