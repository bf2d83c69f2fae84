package io.nspool.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A release whose latest revision a Helm operation left {@code pending-*} and never finished:
 * nspool was killed while Helm waited (on a hook, say). Helm refuses every later install or upgrade
 * of it ("another operation (install/upgrade/rollback) is in progress") for ever, so before each
 * install or upgrade the {@link ReleaseWorker} — the one place that knows no Helm operation of this
 * process is running for the deployment — asks this class to heal it:
 *
 * <ul>
 *   <li>nothing was ever deployed before the stuck revision (an interrupted install): uninstall, as
 *       the installer, so the install starts again from nothing;
 *   <li>an earlier revision is deployed (an interrupted upgrade or rollback): mark the stuck
 *       revision {@code failed}, exactly what Helm writes when an upgrade fails, so the next
 *       upgrade starts from the deployed revision. Marking rather than deleting its record keeps
 *       revision numbers growing (a new revision never reuses the number of one that was partly
 *       applied, which {@link Releases} relies on) and keeps the interruption in {@code helm
 *       history}; the write is a compare-and-swap on the record just read, so a record that changed
 *       meanwhile is left alone.
 * </ul>
 *
 * Helm keeps each revision as a Secret ({@link HelmRecord}); nspool's own identity reads and writes
 * those in its pool namespaces. Any pending revision is taken as interrupted because nothing else
 * runs Helm for nspool's releases: only nspool mints the installer's tokens, and one nspool runs
 * (no leader election yet).
 */
final class InterruptedRelease {
  private static final Logger log = LoggerFactory.getLogger(InterruptedRelease.class);
  static final Set<String> PENDING =
      Set.of("pending-install", "pending-upgrade", "pending-rollback");

  /** The stuck revision and, if any, the deployed one before it. */
  record Stuck(Secret record, int revision, String status, Optional<Integer> deployed) {
    boolean reinstall() {
      return deployed.isEmpty();
    }
  }

  private final KubernetesClient client;
  private final Commander commander;
  private final Clock clock;

  InterruptedRelease(KubernetesClient client, Commander commander, Clock clock) {
    this.client = client;
    this.commander = commander;
    this.clock = clock;
  }

  /**
   * Heals the release if its latest revision is stuck; returns what was done, in words for the
   * deployment's status. Call only while no Helm operation of this process runs for it.
   */
  Optional<String> heal(String namespace, String release) {
    Optional<Stuck> found =
        stuck(
            client
                .secrets()
                .inNamespace(namespace)
                .withLabels(Map.of("owner", "helm", "name", release))
                .list()
                .getItems());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Stuck stuck = found.get();
    String left =
        "revision "
            + stuck.revision()
            + " was left "
            + stuck.status()
            + " by a Helm operation that was interrupted (nspool stopped while Helm waited)";
    if (stuck.reinstall()) {
      commander.uninstall(namespace, release);
      log.info("Release({}/{}) {}: uninstalled it to install again", namespace, release, left);
      return Optional.of(left + ", so nspool uninstalled it and installed again");
    }
    markFailed(namespace, stuck);
    log.info(
        "Release({}/{}) {}: marked it failed, upgrading from revision {}",
        namespace,
        release,
        left,
        stuck.deployed().get());
    return Optional.of(
        left + ", so nspool marked it failed and upgraded from revision " + stuck.deployed().get());
  }

  /** The latest revision if it is pending, with the latest deployed revision before it. */
  static Optional<Stuck> stuck(List<Secret> records) {
    List<Secret> ordered =
        records.stream()
            .filter(s -> HelmRecord.version(s).isPresent())
            .sorted(Comparator.comparing(s -> HelmRecord.version(s).orElseThrow()))
            .toList();
    if (ordered.isEmpty()) {
      return Optional.empty();
    }
    Secret latest = ordered.get(ordered.size() - 1);
    String status = latest.getMetadata().getLabels().get("status");
    if (!PENDING.contains(status)) {
      return Optional.empty();
    }
    int revision = HelmRecord.version(latest).orElseThrow();
    Optional<Integer> deployed =
        ordered.stream()
            .filter(s -> "deployed".equals(s.getMetadata().getLabels().get("status")))
            .map(s -> HelmRecord.version(s).orElseThrow())
            .filter(v -> v < revision)
            .max(Integer::compare);
    return Optional.of(new Stuck(latest, revision, status, deployed));
  }

  private void markFailed(String namespace, Stuck stuck) {
    ObjectNode release = HelmRecord.release(stuck.record());
    ObjectNode info = (ObjectNode) release.get("info");
    info.put("status", "failed");
    info.put(
        "description",
        "Interrupted: nspool stopped while Helm waited; marked failed by nspool, which upgraded"
            + " from revision "
            + stuck.deployed().get());
    Secret marked =
        new SecretBuilder(stuck.record())
            .editMetadata()
            .addToLabels("status", "failed")
            .addToLabels("modifiedAt", Long.toString(clock.instant().getEpochSecond()))
            .endMetadata()
            .addToData("release", HelmRecord.encode(release))
            .build();
    try {
      // resourceVersion is the one read: a record some other writer changed meanwhile conflicts.
      client.secrets().inNamespace(namespace).resource(marked).update();
    } catch (KubernetesClientException e) {
      throw new HelmException(
          HelmFailure.classify(
              "cannot mark the interrupted revision "
                  + stuck.revision()
                  + " failed: "
                  + e.getMessage(),
              namespace));
    }
  }
}
