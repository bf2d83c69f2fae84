package io.nspool.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.nspool.rbac.NspoolRoles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's copies of what the Java code defines, so the chart and {@code nspool install} cannot
 * drift: the rule lists of nspool's Roles ({@code files/rbac/}, from {@link NspoolRoles}) and the
 * CRDs ({@code crds/}, from the generated {@code src/main/resources/crds}). {@code mvn test
 * -Dtest=ChartDriftTest -Dnspool.updateChart=true} rewrites them; CrdDriftTest's update does too.
 */
@DisplayName("The chart's generated files")
class ChartDriftTest {
  static final Path CHART = Path.of("charts/nspool");
  static final String HEADER =
      "# Generated from io.nspool.rbac.NspoolRoles by ChartDriftTest; do not edit.\n";

  static Map<String, String> expected() throws IOException {
    Map<String, String> files = new java.util.TreeMap<>();
    files.put("files/rbac/control.yaml", rules(NspoolRoles.controlRole("any").getRules()));
    files.put("files/rbac/pool.yaml", rules(NspoolRoles.poolRole("any", List.of()).getRules()));
    files.put(
        "files/rbac/installer.yaml", rules(NspoolRoles.installerRole("any", List.of()).getRules()));
    for (String crd : Installer.CRDS) {
      files.put(
          "crds/" + Path.of(crd).getFileName(),
          Files.readString(Path.of("src/main/resources").resolve(crd)));
    }
    return files;
  }

  static List<String> files() throws IOException {
    return List.copyOf(expected().keySet());
  }

  @ParameterizedTest(name = "{0} matches the Java code")
  @MethodSource("files")
  void matches(String file) throws IOException {
    String fresh = expected().get(file);
    if (Boolean.getBoolean("nspool.updateChart") || Boolean.getBoolean("nspool.updateCrds")) {
      Files.createDirectories(CHART.resolve(file).getParent());
      Files.writeString(CHART.resolve(file), fresh);
    }
    assertThat(CHART.resolve(file))
        .as("regenerate with: mvn test -Dtest=ChartDriftTest -Dnspool.updateChart=true")
        .exists();
    assertThat(Files.readString(CHART.resolve(file)))
        .as("regenerate with: mvn test -Dtest=ChartDriftTest -Dnspool.updateChart=true")
        .isEqualTo(fresh);
  }

  /** A rule list as a YAML sequence at column 0, to follow a template's {@code rules:} line. */
  static String rules(List<PolicyRule> rules) {
    String yaml = Serialization.asYaml(rules);
    return HEADER + (yaml.startsWith("---\n") ? yaml.substring(4) : yaml);
  }
}
