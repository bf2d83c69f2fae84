package io.nspool.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.nspool.deploy.TenantDeployment;
import io.nspool.pool.NamespacePool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRD YAML that nspool installs is generated from the Java model. This test regenerates it and
 * fails when the committed copy differs; {@code mvn test -Dtest=CrdDriftTest
 * -Dnspool.updateCrds=true} rewrites the committed copy and the chart's ({@code
 * charts/nspool/crds}).
 */
@DisplayName("The committed CRD YAML")
class CrdDriftTest {
  static final Path COMMITTED = Path.of("src/main/resources/crds");
  static final Path CHART_CRDS = Path.of("charts/nspool/crds");

  @TempDir static Path generated;

  static void generate() {
    new CRDGenerator()
        .inOutputDir(generated.toFile())
        .forCRDVersions(List.of("v1"))
        .customResourceClasses(NamespacePool.class, TenantDeployment.class)
        .generate();
  }

  @ParameterizedTest(name = "{0} matches the Java model")
  @ValueSource(classes = {NamespacePool.class, TenantDeployment.class})
  void matchesJavaModel(Class<? extends CustomResource<?, ?>> type) throws IOException {
    generate();
    String file = HasMetadata.getFullResourceName(type) + "-v1.yml";
    String fresh =
        withListTypes(inDeclaredColumnOrder(Files.readString(generated.resolve(file)), type), type);
    if (Boolean.getBoolean("nspool.updateCrds")) {
      Files.createDirectories(COMMITTED);
      Files.writeString(COMMITTED.resolve(file), fresh);
      // The chart ships the same CRDs (ChartDriftTest checks the copy).
      Files.writeString(CHART_CRDS.resolve(file), fresh);
    }

    assertThat(COMMITTED.resolve(file))
        .as("regenerate with: mvn test -Dtest=CrdDriftTest -Dnspool.updateCrds=true")
        .exists();
    assertThat(Files.readString(COMMITTED.resolve(file))).isEqualTo(fresh);
  }

  /**
   * Lists that are sets to Kubernetes ({@code x-kubernetes-list-type: set}: each item once), by the
   * path of their property; crd-generator has no annotation for it.
   */
  static final Map<Class<?>, List<String>> SETS =
      Map.of(NamespacePool.class, List.of("spec.namespaces"));

  /**
   * Lists that are maps to Kubernetes ({@code x-kubernetes-list-type: map}: one item per key,
   * merged per key by server-side apply), by the path of their property, with their key.
   */
  static final Map<Class<?>, Map<String, String>> MAPS =
      Map.of(NamespacePool.class, Map.of("spec.charts", "name"));

  static String withListTypes(String yaml, Class<?> type) {
    List<String> sets = SETS.getOrDefault(type, List.of());
    Map<String, String> maps = MAPS.getOrDefault(type, Map.of());
    if (sets.isEmpty() && maps.isEmpty()) {
      return yaml;
    }
    String header = yaml.substring(0, yaml.indexOf("---"));
    CustomResourceDefinition crd =
        Serialization.unmarshal(yaml.substring(header.length()), CustomResourceDefinition.class);
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      for (String path : sets) {
        JSONSchemaProps schema = version.getSchema().getOpenAPIV3Schema();
        for (String property : path.split("\\.")) {
          schema = schema.getProperties().get(property);
        }
        schema.setXKubernetesListType("set");
      }
      for (Map.Entry<String, String> map : maps.entrySet()) {
        JSONSchemaProps schema = version.getSchema().getOpenAPIV3Schema();
        for (String property : map.getKey().split("\\.")) {
          schema = schema.getProperties().get(property);
        }
        schema.setXKubernetesListType("map");
        schema.setXKubernetesListMapKeys(List.of(map.getValue()));
      }
    }
    return header + Serialization.asYaml(crd);
  }

  /**
   * The generator sorts printer columns by name; kubectl shows them in the CRD's order, so put them
   * back in the order the class declares them.
   */
  static String inDeclaredColumnOrder(String yaml, Class<?> type) {
    CustomResourceDefinition crd = Serialization.unmarshal(yaml, CustomResourceDefinition.class);
    List<String> declared =
        Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      List<CustomResourceColumnDefinition> columns =
          new ArrayList<>(version.getAdditionalPrinterColumns());
      columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
      version.setAdditionalPrinterColumns(columns);
    }
    return "# Generated from the Java model by CrdDriftTest; do not edit.\n"
        + Serialization.asYaml(crd);
  }
}
