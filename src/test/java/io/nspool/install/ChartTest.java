package io.nspool.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.NamespaceSelector;
import io.nspool.pool.PodSecurityLevel;
import io.nspool.rbac.NspoolRoles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * charts/nspool rendered by Helm's own template engine (helm-java {@code template}) for every
 * values combination README.md documents, and refused, with a message naming the keys, for every
 * contradictory one.
 */
@DisplayName("The nspool chart")
class ChartTest {
  static final Path CHART = Path.of("charts/nspool");
  static final String NS = "nspool-system";
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static List<HasMetadata> render(String values) {
    return InstallChart.objects(renderYaml(values), SERIALIZATION);
  }

  static String renderYaml(String values) {
    try {
      Map<String, Object> map =
          values.isBlank() ? Map.of() : YAML.readValue(values, new TypeReference<>() {});
      return InstallChart.render(CHART, NS, map);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static <T extends HasMetadata> List<T> of(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static List<String> keys(List<HasMetadata> objects) {
    return objects.stream().map(ChartTest::key).sorted().toList();
  }

  static String key(HasMetadata o) {
    return o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  static NamespacePool pool(List<HasMetadata> objects) {
    return SERIALIZATION.convertValue(
        objects.stream().filter(o -> o.getKind().equals("NamespacePool")).findFirst().orElseThrow(),
        NamespacePool.class);
  }

  static final List<String> POOL_NAMESPACE_OBJECTS =
      List.of(
          "Namespace null/team-a",
          "Namespace null/team-b",
          "Role team-a/nspool",
          "Role team-a/nspool-installer",
          "Role team-b/nspool",
          "Role team-b/nspool-installer",
          "RoleBinding team-a/nspool",
          "RoleBinding team-a/nspool-installer",
          "RoleBinding team-b/nspool",
          "RoleBinding team-b/nspool-installer");

  /**
   * The installers' objects in the control namespace: rendered for listed namespaces whether or not
   * the chart creates them (the control namespace is the chart's).
   */
  static final List<String> INSTALLER_ACCOUNTS =
      List.of(
          "ServiceAccount nspool-system/installer-team-a",
          "ServiceAccount nspool-system/installer-team-b",
          "Role nspool-system/installer-team-a",
          "Role nspool-system/installer-team-b",
          "RoleBinding nspool-system/installer-team-a",
          "RoleBinding nspool-system/installer-team-b");

  @Nested
  @DisplayName("renders, for each documented combination,")
  class Combinations {
    @Test
    @DisplayName(
        "nspool's own keys: the server, its Roles, the CRDs, the pool and each pool Namespace with its Roles, kept on uninstall; no ClusterRole")
    void ownKeys() {
      List<HasMetadata> objects = render("pool: {namespaces: [team-a, team-b]}");

      assertThat(keys(objects))
          .containsAll(POOL_NAMESPACE_OBJECTS)
          .containsAll(INSTALLER_ACCOUNTS)
          .noneMatch(k -> k.equals("ServiceAccount team-a/nspool-installer"))
          .contains(
              "CustomResourceDefinition null/namespacepools.nspool.io",
              "CustomResourceDefinition null/tenantdeployments.nspool.io",
              "Deployment nspool-system/nspool",
              "Service nspool-system/nspool",
              "ServiceAccount nspool-system/nspool",
              "Role nspool-system/nspool",
              "RoleBinding nspool-system/nspool",
              "Secret nspool-system/nspool-users",
              "NamespacePool nspool-system/default")
          .noneMatch(k -> k.startsWith("Cluster"));
      assertThat(of(objects, Namespace.class))
          .allSatisfy(
              n -> {
                assertThat(n.getMetadata().getAnnotations())
                    .containsEntry("helm.sh/resource-policy", "keep");
                assertThat(n.getMetadata().getLabels())
                    .containsEntry("pod-security.kubernetes.io/enforce", "baseline");
              });
      assertThat(pool(objects).getMetadata().getAnnotations())
          .containsEntry("helm.sh/resource-policy", "keep");
      assertThat(pool(objects).getSpec().getNamespaces()).containsExactly("team-a", "team-b");
      assertThat(pool(objects).getSpec().isHardDelete()).isFalse();
    }

    @Test
    @DisplayName(
        "the server Deployment: 2 replicas as nspool's ServiceAccount, probes on /healthz and /readyz, resources, non-root and read-only")
    void server() {
      Deployment d = of(render("pool: {namespaces: [team-a]}"), Deployment.class).get(0);

      assertThat(d.getSpec().getReplicas()).isEqualTo(2);
      var pod = d.getSpec().getTemplate().getSpec();
      assertThat(pod.getServiceAccountName()).isEqualTo("nspool");
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      var c = pod.getContainers().get(0);
      assertThat(c.getArgs())
          .containsExactly(
              "server",
              "--namespace=nspool-system",
              "--service-account=nspool",
              "--port=8080",
              "--leader-lease-duration=15s");
      assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
      assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
      assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
      assertThat(c.getResources().getLimits()).containsKey("memory");
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getImage()).isEqualTo("ghcr.io/nspool/nspool:0.1.0");
      assertThat(
              of(
                      render("pool: {namespaces: [a]}\nserver: {image: {digest: 'sha256:abc'}}"),
                      Deployment.class)
                  .get(0)
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getImage())
          .as("a release pins the image by digest")
          .isEqualTo("ghcr.io/nspool/nspool@sha256:abc");
    }

    @Test
    @DisplayName(
        "the seed's option 1 (namespacePools enabled, namespaces.create true, names, clusterRoles false): exactly what nspool's own keys render")
    void seedOption1() {
      String seed =
          """
          global:
            clusterRoles: false
            features:
              namespacePools:
                enabled: true
                namespaces:
                  create: true
                  names: [team-a, team-b]
          """;

      assertThat(renderYaml(seed)).isEqualTo(renderYaml("pool: {namespaces: [team-a, team-b]}"));
    }

    @Test
    @DisplayName(
        "the seed's option 2 (namespaces.create false): the pool lists the namespaces, the chart creates none and no Role in them")
    void seedOption2() {
      List<HasMetadata> objects =
          render(
              """
              global:
                features:
                  namespacePools:
                    enabled: true
                    namespaces: {create: false, names: [team-a, team-b]}
              """);

      assertThat(keys(objects))
          .doesNotContainAnyElementsOf(POOL_NAMESPACE_OBJECTS)
          .as("the installers live in the chart's own (control) namespace")
          .containsAll(INSTALLER_ACCOUNTS);
      assertThat(pool(objects).getSpec().getNamespaces()).containsExactly("team-a", "team-b");
    }

    @Test
    @DisplayName(
        "the seed's advanced keys (manualNamespaceNames, preCreatedNamespaces, hardDeleteDeployment, clusterRoles false): a hard-delete pool of the pre-created namespaces, none created")
    void seedAdvanced() {
      List<HasMetadata> objects =
          render(
              """
              global:
                manualNamespaceNamesEnabled: true
                clusterRoles: false
              astronomer:
                houston:
                  config:
                    deployments:
                      manualNamespaceNames: true
                      preCreatedNamespaces: [{name: team-a}, {name: team-b}]
                      hardDeleteDeployment: true
                commander:
                  env: [{name: COMMANDER_MANUAL_NAMESPACE_NAMES, value: true}]
              """);

      assertThat(keys(objects))
          .doesNotContainAnyElementsOf(POOL_NAMESPACE_OBJECTS)
          .containsAll(INSTALLER_ACCOUNTS);
      assertThat(pool(objects).getSpec().getNamespaces()).containsExactly("team-a", "team-b");
      assertThat(pool(objects).getSpec().isHardDelete()).isTrue();
    }

    @Test
    @DisplayName(
        "global and advanced keys together when they agree: names and preCreatedNamespaces the same, namespaces.create false")
    void seedBothAgreeing() {
      List<HasMetadata> objects =
          render(
              """
              global:
                features:
                  namespacePools:
                    enabled: true
                    namespaces: {create: false, names: [team-b, team-a]}
              astronomer:
                houston: {config: {deployments: {preCreatedNamespaces: [{name: team-a}, {name: team-b}]}}}
              """);

      assertThat(pool(objects).getSpec().getNamespaces()).containsExactly("team-b", "team-a");
    }

    @Test
    @DisplayName(
        "installerRules, pull secrets and a Pod Security level: in nspool's and the installer's Role of every pool namespace, and declared on the pool")
    void installerRules() {
      List<HasMetadata> objects =
          render(
              """
              pool:
                namespaces: [team-a]
                podSecurity: restricted
                pullSecrets: [regcred]
                installerRules:
                  - apiGroups: [keda.sh]
                    resources: [scaledobjects]
                    verbs: [create, update, patch, delete]
              """);
      var rule =
          new PolicyRuleBuilder()
              .withApiGroups("keda.sh")
              .withResources("scaledobjects")
              .withVerbs("create", "update", "patch", "delete")
              .build();

      assertThat(of(objects, Role.class))
          .filteredOn(r -> r.getMetadata().getNamespace().equals("team-a"))
          .hasSize(2)
          .allSatisfy(r -> assertThat(r.getRules()).contains(rule));
      assertThat(pool(objects).getSpec().getInstallerRules()).containsExactly(rule);
      assertThat(pool(objects).getSpec().getPullSecrets()).containsExactly("regcred");
      assertThat(pool(objects).getSpec().getPodSecurity()).isEqualTo(PodSecurityLevel.RESTRICTED);
      assertThat(of(objects, Namespace.class).get(0).getMetadata().getLabels())
          .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    }

    @Test
    @DisplayName(
        "what nspool install renders (server off): exactly the objects nspool install applies, built by the Java code, Roles included, rule for rule")
    void sameAsJava() {
      var rules =
          List.of(
              new PolicyRuleBuilder()
                  .withApiGroups("keda.sh")
                  .withResources("scaledobjects")
                  .withVerbs("create", "delete")
                  .build());
      InstallPlan plan =
          new InstallPlan(
              NS,
              "nspool",
              "airflow",
              List.of("team-a", "team-b"),
              "36h",
              true,
              PodSecurityLevel.RESTRICTED,
              List.of("regcred", "mirror"),
              rules);
      List<HasMetadata> java = Installer.manifests(plan, SERIALIZATION);

      List<HasMetadata> chart =
          InstallChart.objects(
              InstallChart.render(CHART, NS, InstallChart.values(plan)), SERIALIZATION);

      Map<String, JsonNode> fromChart = content(chart);
      Map<String, JsonNode> fromJava = content(java);
      assertThat(fromChart.keySet()).isEqualTo(fromJava.keySet());
      fromJava.forEach((k, v) -> assertThat(fromChart.get(k)).as(k).isEqualTo(v));
      assertThat(fromJava.keySet())
          .as("a list of namespaces: nothing cluster-scoped")
          .noneMatch(k -> k.startsWith("Cluster") || k.startsWith("ValidatingAdmission"));
    }

    @Test
    @DisplayName(
        "dynamic mode (pool.namespaceSelector, every operator): exactly the objects nspool install"
            + " applies, ClusterRoles, binding and admission policy (its CEL included) built by the"
            + " Java code, and no pool namespace")
    void dynamicSameAsJava() {
      var rules =
          List.of(
              new PolicyRuleBuilder()
                  .withApiGroups("keda.sh")
                  .withResources("scaledobjects")
                  .withVerbs("create", "delete")
                  .build());
      NamespaceSelector selector =
          NamespaceSelector.matchLabels(Map.of("nspool.io/pool", "airflow", "team", "data"));
      selector.setMatchExpressions(
          List.of(
              new NamespaceSelector.Requirement(
                  "env", NamespaceSelector.Operator.In, List.of("dev", "test")),
              new NamespaceSelector.Requirement(
                  "tier", NamespaceSelector.Operator.NotIn, List.of("prod")),
              new NamespaceSelector.Requirement(
                  "nspool.io/ok", NamespaceSelector.Operator.Exists, List.of()),
              new NamespaceSelector.Requirement(
                  "frozen", NamespaceSelector.Operator.DoesNotExist, List.of())));
      InstallPlan plan =
          new InstallPlan(
              NS,
              "nspool",
              "airflow",
              List.of(),
              "36h",
              true,
              PodSecurityLevel.RESTRICTED,
              List.of("regcred"),
              rules,
              selector);
      List<HasMetadata> java = Installer.manifests(plan, SERIALIZATION);

      List<HasMetadata> chart =
          InstallChart.objects(
              InstallChart.render(CHART, NS, InstallChart.values(plan)), SERIALIZATION);

      Map<String, JsonNode> fromChart = content(chart);
      Map<String, JsonNode> fromJava = content(java);
      assertThat(fromChart.keySet()).isEqualTo(fromJava.keySet());
      fromJava.forEach((k, v) -> assertThat(fromChart.get(k)).as(k).isEqualTo(v));
      assertThat(fromJava.keySet())
          .contains(
              "Role nspool-system/nspool-installers",
              "RoleBinding nspool-system/nspool-installers",
              "ClusterRole null/nspool-nspool-system-dynamic",
              "ClusterRole null/nspool-nspool-system-pool",
              "ClusterRoleBinding null/nspool-nspool-system-dynamic",
              "ValidatingAdmissionPolicy null/nspool-nspool-system-dynamic",
              "ValidatingAdmissionPolicyBinding null/nspool-nspool-system-dynamic")
          .noneMatch(k -> k.startsWith("Namespace null/") && !k.equals("Namespace null/" + NS));
      assertThat(pool(java).getSpec().getNamespaceSelector().toString())
          .isEqualTo(
              "nspool.io/pool=airflow,team=data,env in (dev,test),tier notin (prod),nspool.io/ok,"
                  + "!frozen");
    }
  }

  @Nested
  @DisplayName("with a chart catalogue")
  class WithCatalogue {
    static final io.fabric8.kubernetes.api.model.rbac.PolicyRule EXEC =
        new PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("pods/exec")
            .withVerbs("create", "get")
            .build();
    static final io.fabric8.kubernetes.api.model.rbac.PolicyRule KEDA =
        new PolicyRuleBuilder()
            .withApiGroups("keda.sh")
            .withResources("scaledobjects")
            .withVerbs("create", "delete")
            .build();

    InstallPlan plan() {
      io.nspool.chart.ChartEntry launcher =
          io.nspool.chart.ChartEntry.path("launcher", "/srv/charts/pod-launcher");
      launcher.setDefault(true);
      launcher.setValues(new java.util.LinkedHashMap<>(Map.of("allowPodExec", true)));
      io.nspool.chart.ChartEntry remote =
          io.nspool.chart.ChartEntry.repository(
              "airflow", "https://charts.example.com", "airflow", "1.2.3");
      return new InstallPlan(
              NS,
              "nspool",
              "airflow",
              List.of("team-a", "team-b"),
              "14d",
              false,
              PodSecurityLevel.BASELINE,
              List.of(),
              List.of(KEDA))
          .withCatalogue(
              List.of(launcher, remote),
              List.of(
                  new io.nspool.deploy.CatalogueRole.EntryRules("launcher", List.of(EXEC, KEDA)),
                  new io.nspool.deploy.CatalogueRole.EntryRules("airflow", List.of(EXEC))));
    }

    @Test
    @DisplayName(
        "takes the catalogue-derived rules as pool.catalogueRules and the catalogue as pool.charts: the same objects as the Java code, each rule once, after the declared ones")
    void sameAsJava() {
      InstallPlan plan = plan();
      List<HasMetadata> java = Installer.manifests(plan, SERIALIZATION);

      List<HasMetadata> chart =
          InstallChart.objects(
              InstallChart.render(CHART, NS, InstallChart.values(plan)), SERIALIZATION);

      Map<String, JsonNode> fromChart = content(chart);
      Map<String, JsonNode> fromJava = content(java);
      assertThat(fromChart.keySet()).isEqualTo(fromJava.keySet());
      fromJava.forEach((k, v) -> assertThat(fromChart.get(k)).as(k).isEqualTo(v));
      Role installer =
          of(chart, Role.class).stream()
              .filter(
                  r ->
                      r.getMetadata().getName().equals(NspoolRoles.INSTALLER)
                          && r.getMetadata().getNamespace().equals("team-b"))
              .findFirst()
              .orElseThrow();
      List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> rules = installer.getRules();
      assertThat(rules.subList(rules.size() - 2, rules.size())).containsExactly(KEDA, EXEC);
      assertThat(pool(chart).getSpec().getInstallerRules()).containsExactly(KEDA, EXEC);
      assertThat(pool(chart).getSpec().getCharts())
          .extracting(io.nspool.chart.ChartEntry::getName)
          .containsExactly("launcher", "airflow");
    }
  }

  /** Each object's content by kind and name; the chart's keep annotations (Helm's only) dropped. */
  static Map<String, JsonNode> content(List<HasMetadata> objects) {
    Map<String, JsonNode> content = new TreeMap<>();
    for (HasMetadata o : objects) {
      var node =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              SERIALIZATION.convertValue(o, JsonNode.class);
      node.remove("status");
      var meta = (com.fasterxml.jackson.databind.node.ObjectNode) node.get("metadata");
      if (meta.get("annotations") != null) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) meta.get("annotations"))
            .remove("helm.sh/resource-policy");
        if (meta.get("annotations").isEmpty()) {
          meta.remove("annotations");
        }
      }
      content.put(key(o), prune(node));
    }
    return content;
  }

  /** Drops nulls and empty containers, as the API server does. */
  static JsonNode prune(JsonNode node) {
    if (node.isObject()) {
      var it = node.fields();
      while (it.hasNext()) {
        var field = it.next();
        JsonNode v = prune(field.getValue());
        if (v.isNull() || (v.isContainerNode() && v.isEmpty())) {
          it.remove();
        }
      }
    } else if (node.isArray()) {
      node.forEach(ChartTest::prune);
    }
    return node;
  }

  static Stream<Arguments> contradictions() {
    return Stream.of(
        Arguments.of(
            "namespace pools disabled",
            "global: {features: {namespacePools: {enabled: false, namespaces: {names: [a]}}}}",
            List.of("global.features.namespacePools.enabled is false", "helm uninstall", "kept")),
        Arguments.of(
            "pools enabled and clusterRoles true",
            "global: {clusterRoles: true, features: {namespacePools: {enabled: true, namespaces: {names: [a]}}}}",
            List.of(
                "global.clusterRoles is true",
                "no ClusterRole",
                "set global.clusterRoles to false",
                "pool.namespaceSelector")),
        Arguments.of(
            "a namespaceSelector and a list of namespaces",
            "pool: {namespaces: [a], namespaceSelector: {matchLabels: {team: a}}}",
            List.of("pool.namespaceSelector and pool.namespaces both choose", "set only one")),
        Arguments.of(
            "a namespaceSelector with clusterRoles false",
            "pool: {namespaceSelector: {matchLabels: {team: a}}}\nglobal: {clusterRoles: false}",
            List.of("global.clusterRoles is false", "set global.clusterRoles to true")),
        Arguments.of(
            "an empty namespaceSelector",
            "pool: {namespaceSelector: {matchLabels: {}}}",
            List.of("selects by no label", "every namespace")),
        Arguments.of(
            "a namespaceSelector with an unknown operator (values.schema.json)",
            "pool: {namespaceSelector: {matchExpressions: [{key: a, operator: Maybe}]}}",
            List.of("/pool/namespaceSelector/matchExpressions/0/operator")),
        Arguments.of(
            "manualNamespaceNames false with pools enabled",
            "global: {features: {namespacePools: {enabled: true, namespaces: {names: [a]}}}}\n"
                + "astronomer: {houston: {config: {deployments: {manualNamespaceNames: false}}}}",
            List.of(
                "astronomer.houston.config.deployments.manualNamespaceNames is false",
                "set it to true")),
        Arguments.of(
            "preCreatedNamespaces and namespaces.names both set and different",
            "global: {features: {namespacePools: {enabled: true, namespaces: {create: false, names: [a, b]}}}}\n"
                + "astronomer: {houston: {config: {deployments: {preCreatedNamespaces: [{name: a}, {name: c}]}}}}",
            List.of(
                "global.features.namespacePools.namespaces.names [\"a\",\"b\"]",
                "astronomer.houston.config.deployments.preCreatedNamespaces [\"a\",\"c\"]",
                "differ",
                "set only one of them")),
        Arguments.of(
            "pool.namespaces and namespaces.names both set and different",
            "pool: {namespaces: [a]}\nglobal: {features: {namespacePools: {namespaces: {names: [b]}}}}",
            List.of(
                "pool.namespaces [\"a\"]",
                "global.features.namespacePools.namespaces.names [\"b\"]")),
        Arguments.of(
            "preCreatedNamespaces with namespaces.create true",
            "global: {features: {namespacePools: {enabled: true, namespaces: {create: true, names: [a]}}}}\n"
                + "astronomer: {houston: {config: {deployments: {preCreatedNamespaces: [{name: a}]}}}}",
            List.of(
                "preCreatedNamespaces lists namespaces you created yourself",
                "global.features.namespacePools.namespaces.create is true",
                "set global.features.namespacePools.namespaces.create to false")),
        Arguments.of(
            "pool.createNamespaces and namespaces.create different",
            "pool: {namespaces: [a], createNamespaces: true}\n"
                + "global: {features: {namespacePools: {namespaces: {create: false}}}}",
            List.of(
                "pool.createNamespaces is true but global.features.namespacePools.namespaces.create is false")),
        Arguments.of(
            "pool.hardDelete and hardDeleteDeployment different",
            "pool: {namespaces: [a], hardDelete: false}\n"
                + "astronomer: {houston: {config: {deployments: {hardDeleteDeployment: true}}}}",
            List.of(
                "pool.hardDelete is false but astronomer.houston.config.deployments.hardDeleteDeployment is true")),
        Arguments.of(
            "no pool namespaces at all",
            "global: {features: {namespacePools: {enabled: true, namespaces: {create: true, names: null}}}}",
            List.of("no pool namespaces", "global.features.namespacePools.namespaces.names")),
        Arguments.of(
            "a namespace name that is not a DNS-1123 label",
            "pool: {namespaces: [Team_A]}",
            List.of("pool.namespaces: \"Team_A\" is not a namespace name", "DNS-1123")),
        Arguments.of(
            "the control namespace in the pool",
            "pool: {namespaces: [a, nspool-system]}",
            List.of("\"nspool-system\" is the control namespace")),
        Arguments.of(
            "a namespace listed twice",
            "pool: {namespaces: [a, a]}",
            List.of("lists a namespace more than once")),
        Arguments.of(
            "an unknown Pod Security level (values.schema.json)",
            "pool: {namespaces: [a], podSecurity: lax}",
            List.of("/pool/podSecurity", "privileged", "baseline", "restricted")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contradictions")
  @DisplayName("refuses to render, naming the keys and what to do:")
  void refuses(String combination, String values, List<String> message) {
    assertThatThrownBy(() -> renderYaml(values))
        .satisfies(e -> assertThat(e.getMessage()).contains(message));
  }

  @Test
  @DisplayName(
      "has no hook (helm-java's template prints no hooks, so none may escape these tests) and no cluster-scoped RBAC in any template but dynamic mode's, which renders nothing without pool.namespaceSelector")
  void noHooks() throws IOException {
    try (Stream<Path> files = Files.walk(CHART.resolve("templates"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(file)).as(file.toString()).doesNotContain("helm.sh/hook");
        if (!file.getFileName().toString().equals("dynamic.yaml")) {
          assertThat(Files.readString(file)).as(file.toString()).doesNotContain("kind: Cluster");
        }
      }
    }
    assertThat(render("pool: {namespaces: [a]}\nglobal: {clusterRoles: false}"))
        .noneMatch(o -> o.getKind().startsWith("Cluster"))
        .noneMatch(o -> o.getKind().startsWith("ValidatingAdmission"));
  }

  @Test
  @DisplayName(
      "says in NOTES.txt that uninstalling keeps the namespaces, tenants' objects and CRDs")
  void notes() throws IOException {
    assertThat(Files.readString(CHART.resolve("templates/NOTES.txt")))
        .contains("KEEPS every pool namespace")
        .contains("every tenant's objects")
        .contains("the CRDs");
  }

  @Test
  @DisplayName("passes helm lint --strict (with a pool namespace listed, which it requires)")
  void lint(@org.junit.jupiter.api.io.TempDir Path copy) throws IOException {
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path file : files.toList()) {
        Path to = copy.resolve(CHART.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to);
        }
      }
    }
    Files.writeString(
        copy.resolve("values.yaml"),
        Files.readString(CHART.resolve("values.yaml"))
            .replace("  # namespaces: [tenant-1, tenant-2]", "  namespaces: [tenant-1, tenant-2]"));

    com.marcnuri.helm.LintResult result = new com.marcnuri.helm.Helm(copy).lint().strict().call();

    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
  }

  @Test
  @DisplayName("labels its Roles as nspool's Java code does")
  void labels() {
    assertThat(of(render("pool: {namespaces: [a]}"), Role.class))
        .allSatisfy(r -> assertThat(r.getMetadata().getLabels()).isEqualTo(NspoolRoles.LABELS));
  }
}
