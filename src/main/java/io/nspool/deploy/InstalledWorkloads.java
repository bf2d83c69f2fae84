package io.nspool.deploy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workloads of each release's installed revision, read once from Helm's record of that revision
 * and kept until the revision changes: a revision's record never changes, and readiness is checked
 * on every workload event, far too often to fetch and decode it each time.
 */
final class InstalledWorkloads {
  /** The release's record could not be read, so nothing can be said about its components. */
  static final class Unreadable extends RuntimeException {
    Unreadable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private record Key(String namespace, String release) {}

  /**
   * The values hash is part of what is cached: a release uninstalled and installed again (a
   * restore) starts again at revision 1, possibly with other values.
   */
  private record Entry(
      int revision, String valuesHash, List<ReleaseWorkloads.Workload> workloads) {}

  private final KubernetesClient client;
  private final Map<Key, Entry> revisions = new ConcurrentHashMap<>();

  InstalledWorkloads(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The workloads of the release's revision.
   *
   * @throws Unreadable when Helm's record of the revision is missing or cannot be decoded
   */
  List<ReleaseWorkloads.Workload> of(
      String namespace, String release, int revision, String valuesHash) {
    Key key = new Key(namespace, release);
    Entry cached = revisions.get(key);
    if (cached != null
        && cached.revision() == revision
        && Objects.equals(cached.valuesHash(), valuesHash)) {
      return cached.workloads();
    }
    List<ReleaseWorkloads.Workload> workloads = read(namespace, release, revision);
    revisions.put(key, new Entry(revision, valuesHash, workloads));
    return workloads;
  }

  /** Drops what is known of a release that is being uninstalled. */
  void forget(String namespace, String release) {
    revisions.remove(new Key(namespace, release));
  }

  private List<ReleaseWorkloads.Workload> read(String namespace, String release, int revision) {
    String name = HelmRecord.secretName(release, revision);
    try {
      Secret record = client.secrets().inNamespace(namespace).withName(name).get();
      if (record == null) {
        throw new Unreadable(
            "Helm's record of revision " + revision + " (Secret " + name + ") is gone", null);
      }
      return ReleaseWorkloads.of(HelmRecord.release(record));
    } catch (KubernetesClientException | UncheckedIOException | IllegalArgumentException e) {
      throw new Unreadable(
          "cannot read the workloads of revision "
              + revision
              + " from Secret "
              + name
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
