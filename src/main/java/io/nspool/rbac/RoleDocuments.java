package io.nspool.rbac;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Roles and ClusterRoles of a YAML stream (one or many documents, {@code kind: List} items
 * too), as {@code kubectl get -o yaml} or a manifest file has them. Other kinds are skipped.
 */
public final class RoleDocuments {
  private static final Set<String> LISTS = Set.of("List", "RoleList", "ClusterRoleList");
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** What a stream held: its Roles and ClusterRoles, and the kinds of everything else. */
  public record Parsed(List<LintedRole> roles, List<String> skipped) {}

  private RoleDocuments() {}

  /**
   * Parses {@code yaml}; {@code source} names it in errors.
   *
   * @throws IllegalArgumentException naming the document (from 1) and what is wrong in it
   */
  public static Parsed parse(String yaml, String source) {
    List<LintedRole> roles = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int document = 0;
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (docs.hasNextValue()) {
        document++;
        JsonNode node = docs.nextValue();
        if (node == null || node.isNull() || node.isMissingNode()) {
          continue;
        }
        add(node, source + ": document " + document, roles, skipped);
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          source
              + ": not valid YAML (document "
              + Math.max(document, 1)
              + "): "
              + e.getOriginalMessage()
              + location(e));
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    return new Parsed(roles, skipped);
  }

  private static void add(
      JsonNode node, String where, List<LintedRole> roles, List<String> skipped) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + ": not a Kubernetes object");
    }
    String kind = node.path("kind").asText("");
    if (LISTS.contains(kind)) {
      JsonNode items = node.path("items");
      for (int i = 0; i < items.size(); i++) {
        add(items.get(i), where + " item " + (i + 1), roles, skipped);
      }
      return;
    }
    if (!kind.equals(LintedRole.ROLE) && !kind.equals(LintedRole.CLUSTER_ROLE)) {
      skipped.add(kind.isEmpty() ? "(no kind)" : kind);
      return;
    }
    JsonNode metadata = node.path("metadata");
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      throw new IllegalArgumentException(where + ": " + kind + " without metadata.name");
    }
    String namespace = metadata.hasNonNull("namespace") ? metadata.get("namespace").asText() : null;
    List<PolicyRule> rules = new ArrayList<>();
    JsonNode list = node.path("rules");
    if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
      throw new IllegalArgumentException(
          where + ": " + kind + " " + name + ": rules must be a list");
    }
    for (int i = 0; i < list.size(); i++) {
      try {
        rules.add(YAML.treeToValue(list.get(i), PolicyRule.class));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            where + ": " + kind + " " + name + ": rule " + (i + 1) + ": " + e.getOriginalMessage());
      }
    }
    roles.add(new LintedRole(kind, kind.equals(LintedRole.ROLE) ? namespace : null, name, rules));
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }
}
