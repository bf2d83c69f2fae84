package io.nspool.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** {@code --extra-rules FILE}: a YAML list of PolicyRules a Role in a namespace can grant. */
final class ExtraRules {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ExtraRules() {}

  static List<PolicyRule> read(CommandLine cli, Path file) {
    List<PolicyRule> rules;
    try {
      rules = YAML.readValue(Files.readString(file), new TypeReference<List<PolicyRule>>() {});
    } catch (IOException e) {
      throw new ParameterException(
          cli,
          "--extra-rules "
              + file
              + ": not a YAML list of PolicyRules (apiGroups, resources, verbs): "
              + e.getMessage().lines().findFirst().orElse(""));
    }
    if (rules == null) {
      return List.of();
    }
    for (int i = 0; i < rules.size(); i++) {
      PolicyRule rule = rules.get(i);
      String where = "--extra-rules " + file + ": rule " + (i + 1);
      if (rule == null || empty(rule.getVerbs()) || empty(rule.getResources())) {
        throw new ParameterException(cli, where + " needs verbs and resources");
      }
      if (rule.getApiGroups() == null || rule.getApiGroups().isEmpty()) {
        throw new ParameterException(
            cli, where + " needs apiGroups (\"\" for the core group, e.g. apiGroups: [\"\"])");
      }
      if (!empty(rule.getNonResourceURLs())) {
        throw new ParameterException(
            cli, where + " has nonResourceURLs, which a Role can never grant: remove them");
      }
    }
    return List.copyOf(rules);
  }

  private static boolean empty(List<String> list) {
    return list == null || list.isEmpty();
  }
}
