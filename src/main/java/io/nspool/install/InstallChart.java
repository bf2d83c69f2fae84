package io.nspool.install;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.nspool.deploy.BundledChart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * nspool's own chart ({@code charts/nspool}, shipped in the jar) as {@code nspool install} uses it:
 * the CLI renders the chart with Helm's own template engine (helm-java {@code template}) instead of
 * building the manifests itself, so {@code nspool install}, {@code install --render} and {@code
 * helm install} cannot install different things. The chart's Role rules and CRDs are generated from
 * the Java code (ChartDriftTest).
 */
public final class InstallChart {
  /** Where the chart lives in the jar. */
  public static final String RESOURCE = "install/nspool";

  /** The release name {@code nspool install} renders with (nothing in the chart depends on it). */
  public static final String RELEASE = "nspool";

  private InstallChart() {}

  /** The chart folder, extracted from the jar on first use. */
  public static Path bundled() {
    return BundledChart.folder(RESOURCE);
  }

  /**
   * The chart's values for an install plan: nspool's own keys only, the server left out (whoever
   * runs {@code nspool install} runs {@code nspool server} themselves) and the control Namespace
   * rendered (with Helm, {@code --create-namespace} makes it).
   */
  public static Map<String, Object> values(InstallPlan plan) {
    Map<String, Object> pool = new LinkedHashMap<>();
    pool.put("name", plan.pool());
    pool.put("namespaces", plan.poolNamespaces());
    pool.put("createNamespaces", true);
    pool.put("retention", plan.retention());
    pool.put("hardDelete", plan.hardDelete());
    pool.put("podSecurity", plan.podSecurity().wireName());
    pool.put("pullSecrets", plan.pullSecrets());
    pool.put("installerRules", plan.installerRules());
    pool.put("catalogueRules", plan.catalogueUnion());
    if (!plan.charts().isEmpty()) {
      pool.put("charts", plan.charts());
    }
    if (plan.dynamic()) {
      pool.remove("namespaces");
      Map<String, Object> selector = new LinkedHashMap<>();
      if (!plan.namespaceSelector().getMatchLabels().isEmpty()) {
        selector.put("matchLabels", plan.namespaceSelector().getMatchLabels());
      }
      if (!plan.namespaceSelector().getMatchExpressions().isEmpty()) {
        selector.put(
            "matchExpressions",
            plan.namespaceSelector().getMatchExpressions().stream()
                .map(
                    r -> {
                      Map<String, Object> term = new LinkedHashMap<>();
                      term.put("key", r.getKey());
                      term.put("operator", r.getOperator().name());
                      if (!r.getValues().isEmpty()) {
                        term.put("values", r.getValues());
                      }
                      return term;
                    })
                .toList());
      }
      pool.put("namespaceSelector", selector);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("serviceAccount", plan.serviceAccount());
    values.put("controlNamespace", Map.of("create", true));
    values.put("server", Map.of("enabled", false));
    values.put("pool", pool);
    return values;
  }

  /**
   * {@code helm template} of {@code chart} in {@code namespace} with {@code values}: the CRDs (from
   * {@code crds/}) and the manifest, as one YAML stream. A values check of the chart that fails
   * throws with its message.
   */
  public static String render(Path chart, String namespace, Map<String, Object> values) {
    Path file = null;
    try {
      file = Files.createTempFile("nspool-install-values-", ".yaml");
      Files.writeString(file, io.fabric8.kubernetes.client.utils.Serialization.asYaml(values));
      String manifest =
          new Helm(chart)
              .template()
              .withName(RELEASE)
              .withNamespace(namespace)
              .withValuesFile(file)
              .call();
      return crds(chart) + manifest;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temp file of non-secret settings
        }
      }
    }
  }

  /**
   * The chart's {@code crds/}, as {@code helm template --include-crds} prints them: helm-java's
   * template prints the manifest only (no CRDs, no hooks; the chart has no hooks, ChartTest
   * checks).
   */
  static String crds(Path chart) throws IOException {
    StringBuilder yaml = new StringBuilder();
    try (var files = Files.list(chart.resolve("crds"))) {
      for (Path file : files.sorted().toList()) {
        yaml.append("---\n# Source: nspool/crds/")
            .append(file.getFileName())
            .append('\n')
            .append(Files.readString(file));
      }
    }
    return yaml.toString();
  }

  /** The objects of a rendered YAML stream, in its order; empty documents skipped. */
  public static List<HasMetadata> objects(String yaml, KubernetesSerialization serialization) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
        continue;
      }
      Object parsed = serialization.unmarshal(doc);
      if (parsed instanceof HasMetadata object) {
        objects.add(object);
      } else if (parsed instanceof List<?> list) {
        list.stream().map(HasMetadata.class::cast).forEach(objects::add);
      }
    }
    return objects;
  }
}
