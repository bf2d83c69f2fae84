package io.nspool.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an install or upgrade all or nothing, as {@code helm install --atomic} and {@code helm
 * upgrade --atomic} do, and bounds the release's history, which helm-java (no rollback, no
 * max-history) cannot:
 *
 * <ul>
 *   <li>a failed first install (nothing deployed before it) is uninstalled, as the installer, so
 *       nothing of the chart keeps running;
 *   <li>a failed upgrade is rolled back by upgrading again to the values ({@code config}) of the
 *       revision deployed before it, read from its {@link HelmRecord}, with the deployment's
 *       current chart: a new revision, as {@code helm rollback} makes. The record's chart is not
 *       used because Helm does not store subcharts in it. A failed roll-back is reported, not
 *       retried;
 *   <li>after every operation at most {@link #MAX_HISTORY} records are kept, deleting (as nspool)
 *       the oldest ones that are neither the deployed revision nor the latest.
 * </ul>
 */
final class AtomicRelease {
  private static final Logger log = LoggerFactory.getLogger(AtomicRelease.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_HISTORY = 10;

  /** What undoing did, in words, and the revision a roll-back deployed (else null). */
  record Undone(String words, Commander.ReleaseInfo serving) {}

  /** The revision deployed before an operation, and its values. */
  record Deployed(int revision, Map<String, Object> values) {}

  private final KubernetesClient client;
  private final Commander commander;

  AtomicRelease(KubernetesClient client, Commander commander) {
    this.client = client;
    this.commander = commander;
  }

  private List<Secret> records(String namespace, String release) {
    return client
        .secrets()
        .inNamespace(namespace)
        .withLabels(Map.of("owner", "helm", "name", release))
        .list()
        .getItems();
  }

  /** The latest deployed revision, if any. */
  Optional<Deployed> deployed(String namespace, String release) {
    return records(namespace, release).stream()
        .filter(s -> HelmRecord.version(s).isPresent())
        .filter(s -> "deployed".equals(s.getMetadata().getLabels().get("status")))
        .max(Comparator.comparing(s -> HelmRecord.version(s).orElseThrow()))
        .map(
            s -> {
              JsonNode config = HelmRecord.release(s).path("config");
              @SuppressWarnings("unchecked")
              Map<String, Object> values =
                  config.isObject() ? JSON.convertValue(config, Map.class) : Map.of();
              return new Deployed(HelmRecord.version(s).orElseThrow(), values);
            });
  }

  /**
   * Undoes a failed operation; returns in words what was done (appended to the failure), empty if
   * the operation left no revision behind (pre-flight, an invalid chart).
   */
  Optional<Undone> undo(
      Path chart,
      java.time.Duration timeout,
      String namespace,
      String release,
      Optional<Deployed> before) {
    int latest =
        records(namespace, release).stream()
            .map(HelmRecord::version)
            .flatMap(Optional::stream)
            .max(Integer::compare)
            .orElse(0);
    if (before.isEmpty()) {
      if (latest == 0) {
        return Optional.empty();
      }
      try {
        commander.uninstall(namespace, release);
        return Optional.of(new Undone("the failed install was uninstalled", null));
      } catch (HelmException e) {
        // A half-uninstalled release wedges every later install ("has no deployed releases"):
        // nspool drops its records itself so the next install starts afresh (and adopts what is
        // left, which carries the release's annotations).
        try {
          for (Secret record : records(namespace, release)) {
            client.secrets().inNamespace(namespace).resource(record).delete();
          }
        } catch (KubernetesClientException ignored) {
          // Reported below; the next attempt tries again.
        }
        return Optional.of(
            new Undone(
                "uninstalling the failed install failed ("
                    + e.getMessage()
                    + "), so nspool deleted its release records",
                null));
      }
    }
    int from = before.get().revision();
    if (latest <= from) {
      return Optional.empty();
    }
    try {
      Commander.ReleaseInfo back =
          commander.apply(chart, namespace, release, before.get().values(), timeout);
      log.info(
          "Release({}/{}) rolled back to the values of revision {} as revision {}",
          namespace,
          release,
          from,
          back.revision());
      return Optional.of(
          new Undone(
              "rolled back: revision "
                  + back.revision()
                  + " now serves the values of revision "
                  + from,
              back));
    } catch (HelmException e) {
      return Optional.of(
          new Undone(
              "rolling back to the values of revision " + from + " failed too: " + e.getMessage(),
              null));
    }
  }

  /** Deletes the oldest records beyond {@link #MAX_HISTORY}; a failure is only logged. */
  void prune(String namespace, String release) {
    try {
      for (Secret old : superfluous(records(namespace, release))) {
        client.secrets().inNamespace(namespace).resource(old).delete();
      }
    } catch (KubernetesClientException e) {
      log.warn("Release({}/{}) history not pruned: {}", namespace, release, e.getMessage());
    }
  }

  /** The records to delete: the oldest, never the deployed one nor the latest. */
  static List<Secret> superfluous(List<Secret> records) {
    List<Secret> ordered =
        records.stream()
            .filter(s -> HelmRecord.version(s).isPresent())
            .sorted(Comparator.comparing(s -> HelmRecord.version(s).orElseThrow()))
            .toList();
    List<Secret> delete = new ArrayList<>();
    int excess = ordered.size() - MAX_HISTORY;
    for (int i = 0; i < ordered.size() - 1 && delete.size() < excess; i++) {
      Secret s = ordered.get(i);
      String status = s.getMetadata().getLabels().get("status");
      if (!"deployed".equals(status) && !InterruptedRelease.PENDING.contains(status)) {
        delete.add(s);
      }
    }
    return delete;
  }
}
