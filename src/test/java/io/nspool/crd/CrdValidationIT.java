package io.nspool.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.nspool.chart.ChartEntry;
import io.nspool.claim.Retention;
import io.nspool.deploy.DeploymentSpec;
import io.nspool.deploy.TenantDeployment;
import io.nspool.localcluster.CommandResult;
import io.nspool.localcluster.LocalCluster;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolSpec;
import io.nspool.testing.Testbed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The CRDs as installed: the API server rejects bad objects, kubectl shows useful columns. */
@LocalKubernetes
@DisplayName("The nspool CRDs on the API server")
class CrdValidationIT {
  private static final String API_VERSION = "nspool.io/v1alpha1";
  private static final String LONG_LABEL = "a".repeat(64);
  private static final String LONGEST_LABEL = "a".repeat(63);

  /** One control namespace for the table-driven cases, written to as an admin with kubectl. */
  private static Testbed shared;

  @BeforeAll
  static void sharedTestbed(KubernetesClient admin) {
    shared = new Testbed(admin, "crdrules");
  }

  @ParameterizedTest(name = "retention \"{0}\"")
  @ValueSource(
      strings = {
        // admitted
        "30s",
        "90m",
        "36h",
        "14d",
        "1d12h",
        "1h30m",
        "1d2h3m4s",
        "3650d",
        "1d0h",
        "007d",
        "0d1s",
        "315360000s",
        "5256000m",
        "87600h",
        "3649d23h59m60s",
        "0000000000000000000000000000001d",
        // refused, one rule each, in Retention's words
        "",
        "14",
        "14x",
        "14D",
        "14days",
        " 14d",
        "14 d",
        "d",
        "+14d",
        "1.5h",
        "1,5h",
        "0d",
        "0s",
        "0h0m",
        "-1d",
        "-0s",
        "12h1d",
        "1h1h",
        "1h30",
        "3651d",
        "3650d1s",
        "315360001s",
        "87601h",
        "9999999999d",
        "99999999999999999999s",
        "1d2h3m4s5s",
        "00000000000000000000000000000001d"
      })
  @DisplayName(
      "admit exactly the retentions nspool parses, and refuse the rest naming spec.retention in Retention's words")
  void retentionAsRetentionParses(String retention, KubernetesClient admin) {
    GenericKubernetesResource pool = pool("r", spec -> spec.put("retention", retention));
    String refusal;
    try {
      Retention.parse(retention);
      refusal = null;
    } catch (IllegalArgumentException e) {
      refusal = e.getMessage();
    }

    if (refusal == null) {
      assertAdmitted(admin, pool);
    } else if (retention.length() > Retention.MAX_LENGTH) {
      assertRefused(admin, pool, "spec.retention", "32");
    } else {
      assertRefused(admin, pool, "spec.retention", refusal);
    }
  }

  static Stream<Arguments> badPools() {
    return Stream.of(
        badPool(
            "a namespace that is not a DNS-1123 label",
            s -> s.put("namespaces", List.of("a", "Bad_Name")),
            "spec.namespaces[1]",
            "should match"),
        badPool(
            "a namespace longer than 63 characters",
            s -> s.put("namespaces", List.of(LONG_LABEL)),
            "spec.namespaces[0]",
            "63"),
        badPool(
            "a namespace listed twice",
            s -> s.put("namespaces", List.of("a", "b", "a")),
            "spec.namespaces[2]",
            "Duplicate value: \"a\""),
        badPool(
            "more than 5000 namespaces",
            s ->
                s.put(
                    "namespaces",
                    IntStream.rangeClosed(0, PoolSpec.MAX_NAMESPACES)
                        .mapToObj(i -> "n" + i)
                        .toList()),
            "spec.namespaces",
            "5000"),
        badPool(
            "neither namespaces nor a namespaceSelector",
            s -> s.remove("namespaces"),
            "spec",
            "set spec.namespaces (a list of names, may be empty) or spec.namespaceSelector"),
        badPool(
            "a Pod Security level that does not exist",
            s -> s.put("podSecurity", "loose"),
            "spec.podSecurity",
            "\"baseline\", \"privileged\", \"restricted\""),
        badPool(
            "a chart path longer than PATH_MAX",
            charts(path("big", "/" + "c".repeat(ChartEntry.MAX_REFERENCE)))::accept,
            "spec.charts[0].path",
            "4096"),
        badPool(
            "a catalogue entry with two sources",
            charts(with(path("two", "/charts/x"), "oci", "oci://r.example/c/x", "version", "1"))
                ::accept,
            "spec.charts[0]",
            "give exactly one source: path, repository or oci"),
        badPool(
            "a catalogue entry with no source",
            charts(new LinkedHashMap<>(Map.of("name", "none")))::accept,
            "spec.charts[0]",
            "give exactly one source"),
        badPool(
            "a repository chart without a version",
            charts(repository("r", "https://charts.example", "x", null))::accept,
            "spec.charts[0]",
            "version: required for a repository or oci chart"),
        badPool(
            "an oci chart without a version",
            charts(with(entry("o"), "oci", "oci://r.example/c/x"))::accept,
            "spec.charts[0]",
            "version: required"),
        badPool(
            "a version on a chart on the server",
            charts(with(path("p", "/charts/x"), "version", "1.0.0"))::accept,
            "spec.charts[0]",
            "version: only for repository and oci charts"),
        badPool(
            "a repository URL that is not http or https",
            charts(repository("r", "ftp://charts.example", "x", "1.0.0"))::accept,
            "spec.charts[0].repository.url",
            "should match"),
        badPool(
            "an OCI reference without oci://",
            charts(with(entry("o"), "oci", "https://r.example/c/x", "version", "1.0.0"))::accept,
            "spec.charts[0].oci",
            "should match"),
        badPool(
            "an OCI reference with a tag",
            charts(with(entry("o"), "oci", "oci://r.example/c/x:1.0.0", "version", "1.0.0"))
                ::accept,
            "spec.charts[0].oci",
            "should match"),
        badPool(
            "a catalogue entry name that is not a DNS label",
            charts(path("Not_A_Label", "/charts/x"))::accept,
            "spec.charts[0].name",
            "should match"),
        badPool(
            "two catalogue entries of one name",
            charts(path("same", "/charts/x"), path("same", "/charts/y"))::accept,
            "spec.charts[1]",
            "Duplicate value"),
        badPool(
            "two default entries",
            charts(
                    with(path("a", "/charts/x"), "default", true),
                    with(path("b", "/charts/y"), "default", true))
                ::accept,
            "spec.charts",
            "at most one entry may be default: true"),
        badPool(
            "default values under nspool's own key",
            charts(with(path("a", "/charts/x"), "values", Map.of("nspool", Map.of("x", 1))))
                ::accept,
            "spec.charts[0].values",
            "values.nspool: set by nspool itself"),
        badPool(
            "a wait timeout over 24h",
            charts(with(path("a", "/charts/x"), "waitTimeout", "25h"))::accept,
            "spec.charts[0].waitTimeout",
            "at most 24h"),
        badPool(
            "a wait timeout that is not a duration",
            charts(with(path("a", "/charts/x"), "waitTimeout", "5 minutes"))::accept,
            "spec.charts[0].waitTimeout",
            "should match"),
        badPool(
            "plainHttp on a repository chart",
            charts(with(repository("r", "http://c.example", "x", "1"), "plainHttp", true))::accept,
            "spec.charts[0]",
            "plainHttp: only for an oci chart"),
        badPool(
            "both a list of namespaces and a namespaceSelector",
            s -> s.put("namespaceSelector", Map.of("matchLabels", Map.of("team", "a"))),
            "spec",
            "set either spec.namespaces (a list of names) or spec.namespaceSelector"),
        badPool(
            "an empty namespaceSelector (every namespace of the cluster)",
            s -> {
              s.remove("namespaces");
              s.put("namespaceSelector", Map.of("matchLabels", Map.of()));
            },
            "spec.namespaceSelector",
            "select by at least one label"),
        badPool(
            "a namespaceSelector operator Kubernetes does not have",
            s -> {
              s.remove("namespaces");
              s.put(
                  "namespaceSelector",
                  Map.of("matchExpressions", List.of(Map.of("key", "a", "operator", "Maybe"))));
            },
            "spec.namespaceSelector.matchExpressions[0].operator",
            "Unsupported value"),
        badPool(
            "In without values",
            s -> {
              s.remove("namespaces");
              s.put(
                  "namespaceSelector",
                  Map.of("matchExpressions", List.of(Map.of("key", "a", "operator", "In"))));
            },
            "spec.namespaceSelector.matchExpressions[0]",
            "In and NotIn need at least one value"),
        badPool(
            "a namespaceSelector key that is not a label key",
            s -> {
              s.remove("namespaces");
              s.put(
                  "namespaceSelector",
                  Map.of(
                      "matchExpressions",
                      List.of(Map.of("key", "not a key", "operator", "Exists"))));
            },
            "spec.namespaceSelector.matchExpressions[0].key",
            "should match"),
        badPool(
            "more than 64 catalogue entries",
            s ->
                s.put(
                    "charts",
                    IntStream.rangeClosed(0, PoolSpec.MAX_CHARTS)
                        .mapToObj(i -> path("c" + i, "/charts/c"))
                        .toList()),
            "spec.charts",
            "64"));
  }

  private static Map<String, Object> entry(String name) {
    return new LinkedHashMap<>(Map.of("name", name));
  }

  private static Map<String, Object> path(String name, String path) {
    return with(entry(name), "path", path);
  }

  private static Map<String, Object> repository(
      String name, String url, String chart, String version) {
    Map<String, Object> e = with(entry(name), "repository", Map.of("url", url, "chart", chart));
    return version == null ? e : with(e, "version", version);
  }

  private static Map<String, Object> with(Map<String, Object> e, Object... keyValues) {
    Map<String, Object> copy = new LinkedHashMap<>(e);
    for (int i = 0; i < keyValues.length; i += 2) {
      copy.put((String) keyValues[i], keyValues[i + 1]);
    }
    return copy;
  }

  @SafeVarargs
  private static Consumer<Map<String, Object>> charts(Map<String, Object>... entries) {
    return s -> s.put("charts", List.of(entries));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPools")
  @DisplayName("refuse a NamespacePool spec nspool would refuse, naming the field and the rule")
  void badPoolRefused(
      String what,
      Consumer<Map<String, Object>> change,
      String field,
      String rule,
      KubernetesClient admin) {
    assertRefused(admin, pool("p", change), field, rule);
  }

  @Test
  @DisplayName("admit a pool choosing its namespaces by label alone (dynamic mode)")
  void dynamicPoolAdmitted(KubernetesClient admin) {
    GenericKubernetesResource pool =
        pool(
            "bylabel",
            s -> {
              s.remove("namespaces");
              s.put(
                  "namespaceSelector",
                  Map.of(
                      "matchLabels",
                      Map.of("nspool.io/pool", "a"),
                      "matchExpressions",
                      List.of(
                          Map.of("key", "env", "operator", "In", "values", List.of("dev")),
                          Map.of("key", "frozen", "operator", "DoesNotExist"))));
            });
    assertThat(
            admin
                .genericKubernetesResources(pool.getApiVersion(), pool.getKind())
                .inNamespace(shared.controlNamespace())
                .resource(pool)
                .dryRun()
                .create())
        .isNotNull();
  }

  @ParameterizedTest(name = "pool named \"{0}\"")
  @ValueSource(
      strings = {"a.b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  @DisplayName("refuse a NamespacePool whose name spec.pool could not name")
  void badPoolName(String name, KubernetesClient admin) {
    assertRefused(admin, pool(name, s -> {}), "metadata.name", "a pool's name");
  }

  @Test
  @DisplayName(
      "admit a NamespacePool at every bound: 5000 namespaces of 63 characters, a catalogue of 64"
          + " entries of every source with the longest references")
  void poolAtTheBounds(KubernetesClient admin) {
    List<String> names =
        IntStream.range(0, PoolSpec.MAX_NAMESPACES)
            .mapToObj(i -> String.format("%04d", i) + "-" + "n".repeat(58))
            .toList();
    assertAdmitted(
        admin,
        pool(
            LONGEST_LABEL,
            s -> {
              s.put("namespaces", names);
              s.put(
                  "charts",
                  IntStream.range(0, PoolSpec.MAX_CHARTS)
                      .mapToObj(
                          i ->
                              switch (i % 3) {
                                case 0 ->
                                    with(
                                        path(i + "-" + "c".repeat(60), "/" + "c".repeat(4095)),
                                        "values",
                                        Map.of("a", Map.of("b", 1)),
                                        "waitTimeout",
                                        "24h");
                                case 1 ->
                                    repository(
                                        i + "-" + "r".repeat(60),
                                        "https://" + "u".repeat(4000),
                                        "airflow",
                                        "1.15.0+build.1");
                                default ->
                                    with(
                                        entry(i + "-" + "o".repeat(60)),
                                        "oci",
                                        "oci://127.0.0.1:5000/" + "o".repeat(4000),
                                        "version",
                                        "v" + "1".repeat(127),
                                        "plainHttp",
                                        true,
                                        "default",
                                        i == 2);
                              })
                      .toList());
              s.put("podSecurity", "restricted");
              s.put("retention", "3650d");
            }));
  }

  static Stream<Arguments> badDeployments() {
    return Stream.of(
        badDeployment(
            "a name longer than 53 characters (Helm's limit for a release)",
            "a".repeat(54),
            s -> {},
            "metadata.name",
            "at most 53"),
        badDeployment(
            "a name that is not a DNS-1123 label", "a.b", s -> {}, "metadata.name", "at most 53"),
        badDeployment("no pool", "d", s -> s.remove("pool"), "spec.pool", "Required value"),
        badDeployment(
            "a pool that is not a DNS-1123 label",
            "d",
            s -> s.put("pool", "Pool"),
            "spec.pool",
            "should match"),
        badDeployment(
            "a pool longer than 63 characters",
            "d",
            s -> s.put("pool", LONG_LABEL),
            "spec.pool",
            "63"),
        badDeployment(
            "a namespace that is not a DNS-1123 label",
            "d",
            s -> s.put("namespace", "tenant_1"),
            "spec.namespace",
            "should match"),
        badDeployment(
            "an empty namespace",
            "d",
            s -> s.put("namespace", ""),
            "spec.namespace",
            "should match"),
        badDeployment(
            "a namespace longer than 63 characters",
            "d",
            s -> s.put("namespace", LONG_LABEL),
            "spec.namespace",
            "63"),
        badDeployment(
            "a workspace that is not a DNS-1123 label",
            "d",
            s -> s.put("workspace", "Data Team"),
            "spec.workspace",
            "should match"),
        badDeployment(
            "a workspace longer than 63 characters",
            "d",
            s -> s.put("workspace", LONG_LABEL),
            "spec.workspace",
            "63"),
        badDeployment(
            "values under nspool's own key",
            "d",
            s -> s.put("values", Map.of("nspool", Map.of("pullSecrets", List.of("x")))),
            "spec.values",
            "values.nspool: set by nspool itself"),
        badDeployment(
            "a chart that is a path, not a catalogue entry's name",
            "d",
            s -> s.put("chart", "/srv/charts/airflow"),
            "spec.chart",
            "should match"),
        badDeployment(
            "a chart that is a URL",
            "d",
            s -> s.put("chart", "oci://r.example/c/x"),
            "spec.chart",
            "should match"),
        badDeployment(
            "a version that is not a version",
            "d",
            s -> s.put("version", "1.0 or later"),
            "spec.version",
            "should match"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDeployments")
  @DisplayName("refuse a TenantDeployment nspool would refuse, naming the field and the rule")
  void badDeploymentRefused(
      String what,
      String name,
      Consumer<Map<String, Object>> change,
      String field,
      String rule,
      KubernetesClient admin) {
    assertRefused(admin, deployment(name, change), field, rule);
  }

  @Test
  @DisplayName("admit a TenantDeployment at every bound")
  void deploymentAtTheBounds(KubernetesClient admin) {
    assertAdmitted(
        admin,
        deployment(
            "a".repeat(53),
            s -> {
              s.put("pool", LONGEST_LABEL);
              s.put("namespace", LONGEST_LABEL);
              s.put("workspace", LONGEST_LABEL);
              s.put("values", Map.of("size", "medium", "extra", Map.of("nspoolish", true)));
              s.put("chart", LONGEST_LABEL);
              s.put("version", "1.15.0-rc.1+" + "b".repeat(ChartEntry.MAX_VERSION - 12));
              s.put("retained", true);
            }));
  }

  static Stream<Arguments> immutableChanges() {
    return Stream.of(
        Arguments.of(
            "pool one -> two",
            "one",
            null,
            "{\"spec\":{\"pool\":\"two\"}}",
            "pool cannot be changed"),
        Arguments.of(
            "namespace tenant-1 -> tenant-2",
            "one",
            "tenant-1",
            "{\"spec\":{\"namespace\":\"tenant-2\"}}",
            "namespace cannot be changed"),
        Arguments.of(
            "namespace added",
            "one",
            null,
            "{\"spec\":{\"namespace\":\"tenant-2\"}}",
            "namespace cannot be changed"),
        Arguments.of(
            "namespace removed",
            "one",
            "tenant-1",
            "{\"spec\":{\"namespace\":null}}",
            "namespace cannot be changed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("immutableChanges")
  @DisplayName("refuse a merge patch that changes what a TenantDeployment is bound by")
  void immutableFieldRefused(
      String what,
      String pool,
      String namespace,
      String patch,
      String rule,
      KubernetesClient admin) {
    String name = "imm-" + Integer.toHexString(what.hashCode());
    deployments(admin)
        .resource(
            deployment(
                name,
                s -> {
                  s.put("pool", pool);
                  if (namespace != null) {
                    s.put("namespace", namespace);
                  }
                }))
        .create();

    assertRefusedWith(
        () -> deployments(admin).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch),
        "spec",
        rule);
    Map<?, ?> spec =
        (Map<?, ?>) deployments(admin).withName(name).get().getAdditionalProperties().get("spec");
    assertThat(spec.get("pool")).isEqualTo(pool);
    assertThat(spec.get("namespace")).isEqualTo(namespace);
  }

  @Test
  @DisplayName("admit the changes a TenantDeployment is made for: values, workspace, retained")
  void mutableFieldsAdmitted(KubernetesClient admin) {
    deployments(admin)
        .resource(deployment("mutable", s -> s.put("namespace", "tenant-1")))
        .create();

    deployments(admin)
        .withName("mutable")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"values\":{\"size\":\"large\"},\"workspace\":\"other\","
                + "\"retained\":true,\"namespace\":\"tenant-1\",\"pool\":\"one\"}}");

    Map<?, ?> spec =
        (Map<?, ?>)
            deployments(admin).withName("mutable").get().getAdditionalProperties().get("spec");
    assertThat(spec.get("workspace")).isEqualTo("other");
    assertThat(spec.get("retained")).isEqualTo(true);
  }

  @Test
  @DisplayName("reject a NamespacePool whose retention has no valid unit, naming the field")
  void badRetentionRejected(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "crd");
    NamespacePool pool = pool(bed, "bad", "14x");

    assertThatThrownBy(() -> admin.resource(pool).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining("spec.retention");
    assertThat(
            admin
                .resources(NamespacePool.class)
                .inNamespace(bed.controlNamespace())
                .withName("bad")
                .get())
        .isNull();
  }

  @Test
  @DisplayName("refuse to move a TenantDeployment to another pool")
  void poolIsImmutable(KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "crd");
    TenantDeployment d = new TenantDeployment();
    d.getMetadata().setName("t");
    d.getMetadata().setNamespace(bed.controlNamespace());
    DeploymentSpec spec = new DeploymentSpec();
    spec.setPool("one");
    d.setSpec(spec);
    admin.resource(d).create();

    assertThatThrownBy(
            () ->
                admin
                    .resources(TenantDeployment.class)
                    .inNamespace(bed.controlNamespace())
                    .withName("t")
                    .edit(
                        x -> {
                          x.getSpec().setPool("two");
                          return x;
                        }))
        .hasMessageContaining("pool cannot be changed");
  }

  @Test
  @DisplayName("show state counts in kubectl get namespacepools")
  void printerColumns(LocalCluster cluster, KubernetesClient admin) {
    Testbed bed = new Testbed(admin, "crd");
    admin.resource(pool(bed, "shown", "14d")).create();

    CommandResult get = cluster.kubectl("get", "namespacepools", "-n", bed.controlNamespace());

    assertThat(get.exitCode()).as(get.stderr()).isZero();
    assertThat(get.stdout().lines().findFirst().orElseThrow())
        .containsSubsequence(
            "NAME", "TOTAL", "FREE", "CLAIMED", "RETAINED", "CLEANING", "QUARANTINED", "AGE");
  }

  private static Arguments badPool(
      String what, Consumer<Map<String, Object>> change, String field, String rule) {
    return Arguments.of(what, change, field, rule);
  }

  private static Arguments badDeployment(
      String what, String name, Consumer<Map<String, Object>> change, String field, String rule) {
    return Arguments.of(what, name, change, field, rule);
  }

  /** A NamespacePool as kubectl would send it: plain JSON, nothing typed by nspool's model. */
  private static GenericKubernetesResource pool(String name, Consumer<Map<String, Object>> change) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("namespaces", new ArrayList<>(List.of("a", "b")));
    change.accept(spec);
    return generic("NamespacePool", name, spec);
  }

  private static GenericKubernetesResource deployment(
      String name, Consumer<Map<String, Object>> change) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("pool", "one");
    spec.put("workspace", "default");
    change.accept(spec);
    return generic("TenantDeployment", name, spec);
  }

  private static GenericKubernetesResource generic(
      String kind, String name, Map<String, Object> spec) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(API_VERSION);
    r.setKind(kind);
    r.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(shared.controlNamespace()).build());
    r.setAdditionalProperty("spec", spec);
    return r;
  }

  private static io.fabric8.kubernetes.client.dsl.MixedOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      deploymentsIn(KubernetesClient admin) {
    return admin.genericKubernetesResources(API_VERSION, "TenantDeployment");
  }

  private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      deployments(KubernetesClient admin) {
    return deploymentsIn(admin).inNamespace(shared.controlNamespace());
  }

  /** Admitted: a server-side dry run, so the API server validates it and stores nothing. */
  private static void assertAdmitted(KubernetesClient admin, GenericKubernetesResource object) {
    HasMetadata admitted =
        admin
            .genericKubernetesResources(object.getApiVersion(), object.getKind())
            .inNamespace(object.getMetadata().getNamespace())
            .resource(object)
            .dryRun()
            .create();
    assertThat(admitted.getMetadata().getName()).isEqualTo(object.getMetadata().getName());
  }

  private static void assertRefused(
      KubernetesClient admin, GenericKubernetesResource object, String field, String rule) {
    assertRefusedWith(
        () ->
            admin
                .genericKubernetesResources(object.getApiVersion(), object.getKind())
                .inNamespace(object.getMetadata().getNamespace())
                .resource(object)
                .dryRun()
                .create(),
        field,
        rule);
  }

  /**
   * Refused with 422, and one of the causes is on {@code field} (or inside it) and says {@code
   * rule}; the message kubectl prints names the field too. Nothing is stored: creates are dry runs.
   */
  private static void assertRefusedWith(Runnable write, String field, String rule) {
    assertThatThrownBy(write::run)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).as(e.getMessage()).isEqualTo(422);
              assertThat(e.getMessage()).contains(field);
              List<StatusCause> causes = e.getStatus().getDetails().getCauses();
              assertThat(causes)
                  .as(Serialization.asJson(causes))
                  .anySatisfy(
                      c -> {
                        // A rule at the root (on metadata.name) has no field of its own: its
                        // message starts with the field instead.
                        assertThat(
                                "<nil>".equals(c.getField())
                                    ? c.getMessage().replace("Invalid value: \"object\": ", "")
                                    : c.getField())
                            .startsWith(field);
                        assertThat(c.getMessage()).contains(rule);
                      });
            });
  }

  private static NamespacePool pool(Testbed bed, String name, String retention) {
    NamespacePool pool = new NamespacePool();
    pool.getMetadata().setName(name);
    pool.getMetadata().setNamespace(bed.controlNamespace());
    PoolSpec spec = new PoolSpec();
    spec.setNamespaces(List.of("a", "b"));
    spec.setRetention(retention);
    pool.setSpec(spec);
    return pool;
  }
}
