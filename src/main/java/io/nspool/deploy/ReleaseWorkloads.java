package io.nspool.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The workloads a Helm release consists of, read from its own record: every Deployment,
 * StatefulSet, DaemonSet and Job of the rendered manifest, and every Job hook that installs and
 * upgrades run — whatever labels the chart gives them. Charts label their workloads as they please
 * ({@code release=}, {@code component=}, {@code tier=} in the official Airflow chart), so the
 * manifest, not a label, is what says which objects are the release's.
 */
final class ReleaseWorkloads {
  /** The hook events Helm runs during an install or an upgrade; others (test, delete) never run. */
  private static final Set<String> INSTALL_EVENTS =
      Set.of("pre-install", "post-install", "pre-upgrade", "post-upgrade");

  private static final ObjectReader YAML =
      new YAMLMapper(
              YAMLFactory.builder()
                  // A release record may be far larger than SnakeYAML's default 3 MB.
                  .loaderOptions(codePointLimit(64 * 1024 * 1024))
                  .build())
          .readerFor(JsonNode.class);

  private ReleaseWorkloads() {}

  /**
   * One workload of a release as its manifest declares it.
   *
   * @param desired replicas (Deployment, StatefulSet) or completions (Job) it asks for; 0 for a
   *     DaemonSet, whose count only its controller knows
   * @param hook whether it is a Helm hook rather than part of the manifest
   * @param deletedOnSuccess a hook with delete policy {@code hook-succeeded}: Helm deletes it once
   *     it has succeeded, so its absence means done
   */
  record Workload(
      WorkloadKind kind, String name, int desired, boolean hook, boolean deletedOnSuccess) {
    WorkloadCache.Ref ref() {
      return new WorkloadCache.Ref(kind, name);
    }
  }

  /** The workloads of one decoded release record, in manifest order, hooks last. */
  static List<Workload> of(JsonNode release) {
    List<Workload> workloads = new ArrayList<>();
    for (JsonNode object : documents(release.path("manifest").asText(""))) {
      workload(object, false, false).ifPresent(workloads::add);
    }
    for (JsonNode hook : release.path("hooks")) {
      if (!strings(hook.path("events")).stream().anyMatch(INSTALL_EVENTS::contains)) {
        continue;
      }
      boolean deletedOnSuccess = strings(hook.path("delete_policies")).contains("hook-succeeded");
      for (JsonNode object : documents(hook.path("manifest").asText(""))) {
        workload(object, true, deletedOnSuccess).ifPresent(workloads::add);
      }
    }
    return List.copyOf(workloads);
  }

  /**
   * The objects of a multi-document YAML stream as Helm joins a release's templates ({@code ---}
   * and a {@code # Source} comment before each), skipping empty documents (a template that renders
   * only comments). A real YAML parser, not a split on {@code ---} or blank lines: a block scalar
   * (an {@code airflow.cfg} in a ConfigMap) may hold whitespace-only lines and even {@code ---}.
   */
  static List<JsonNode> documents(String yaml) {
    try (MappingIterator<JsonNode> docs = YAML.readValues(yaml)) {
      return docs.readAll().stream().filter(d -> d != null && d.isObject()).toList();
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException(
          "cannot parse the release's manifest: " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  private static Optional<Workload> workload(
      JsonNode object, boolean hook, boolean deletedOnSuccess) {
    String name = object.path("metadata").path("name").asText("");
    return WorkloadKind.of(object.path("apiVersion").asText(), object.path("kind").asText())
        .filter(kind -> !name.isEmpty())
        .map(kind -> new Workload(kind, name, desired(kind, object), hook, deletedOnSuccess));
  }

  private static int desired(WorkloadKind kind, JsonNode object) {
    JsonNode spec = object.path("spec");
    return switch (kind) {
      case DEPLOYMENT, STATEFUL_SET -> spec.path("replicas").asInt(1);
      case JOB -> spec.path("completions").asInt(1);
      case DAEMON_SET -> 0;
    };
  }

  private static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static LoaderOptions codePointLimit(int limit) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(limit);
    return options;
  }
}
