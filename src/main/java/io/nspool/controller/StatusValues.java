package io.nspool.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Whether a status write would change anything: the current and the desired status are compared as
 * values — as the JSON the API server would store, after normalising — never field by field by
 * hand, so a field added to a status class is compared without anyone remembering to. A write that
 * changes nothing is not sent: it would bump the resourceVersion, and its watch event would requeue
 * the object for nothing.
 *
 * <p>Normalising: {@code conditions} lists are compared by condition type, in any order (Kubernetes
 * treats them as a map keyed by type).
 */
public final class StatusValues {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private StatusValues() {}

  /** True when writing {@code desired} over {@code current} would store the same value. */
  public static boolean same(Object current, Object desired) {
    if (current == null || desired == null) {
      return current == desired;
    }
    return normalised(current).equals(normalised(desired));
  }

  /** The status as stored, normalised (package-private for the unit test). */
  static JsonNode normalised(Object status) {
    JsonNode tree = JSON.convertValue(status, JsonNode.class);
    normalise(tree);
    return tree;
  }

  private static void normalise(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        normalise(field.getValue());
        if ("conditions".equals(field.getKey()) && field.getValue() instanceof ArrayNode list) {
          sortByType(list);
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(StatusValues::normalise);
    }
  }

  private static void sortByType(ArrayNode conditions) {
    List<JsonNode> sorted = new ArrayList<>();
    conditions.forEach(sorted::add);
    sorted.sort(Comparator.comparing(c -> c.path("type").asText()));
    conditions.removeAll();
    sorted.forEach(conditions::add);
  }
}
