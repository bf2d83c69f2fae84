package io.nspool.claim;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every namespace state transition twice: a structured log line and a Kubernetes Event on
 * the NamespacePool in the control namespace (not in the pool namespace, where the janitor would
 * delete it together with the tenant's events).
 */
public class ClaimAudit implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClaimAudit.class);

  // Events are written off the caller's thread: a claim is one round trip, not two.
  private final ExecutorService events =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "nspool-audit-events");
            t.setDaemon(true);
            return t;
          });

  private final boolean recordEvents;
  private final KubernetesClient client;
  private final String controlNamespace;
  private final Clock clock;

  public ClaimAudit(KubernetesClient client, String controlNamespace, Clock clock) {
    this(client, controlNamespace, clock, true);
  }

  /**
   * @param recordEvents false records log lines only; used by the benchmark to show what the audit
   *     Event of a claim costs the API server
   */
  public ClaimAudit(
      KubernetesClient client, String controlNamespace, Clock clock, boolean recordEvents) {
    this.recordEvents = recordEvents;
    this.client = client;
    this.controlNamespace = controlNamespace;
    this.clock = clock;
  }

  public void transition(String pool, Claim from, Claim to, String why) {
    String deployment = to.deploymentName() != null ? to.deploymentName() : from.deploymentName();
    log.info(
        "NamespacePool({}/{}) namespace={} deployment={} transition={}->{} reason=\"{}\"",
        controlNamespace,
        pool,
        to.namespace(),
        deployment == null ? "-" : deployment,
        from.state().wireName(),
        to.state().wireName(),
        why);
    String reason = capitalized(to.state().wireName());
    String message =
        "namespace "
            + to.namespace()
            + ": "
            + from.state().wireName()
            + " -> "
            + to.state().wireName()
            + (deployment == null ? "" : " (deployment " + deployment + ")")
            + ": "
            + why;
    String type = to.state() == ClaimState.QUARANTINED ? "Warning" : "Normal";
    if (recordEvents) {
      events.execute(() -> event(pool, reason, message, type));
    }
  }

  /** Records a pool-level event (not a transition), e.g. a namespace joining or leaving. */
  public void poolEvent(String pool, String reason, String message, boolean warning) {
    log.info("NamespacePool({}/{}) {}: {}", controlNamespace, pool, reason, message);
    if (recordEvents) {
      events.execute(() -> event(pool, reason, message, warning ? "Warning" : "Normal"));
    }
  }

  /** Waits briefly for queued events to be written. */
  @Override
  public void close() {
    events.shutdown();
    try {
      events.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void event(String pool, String reason, String message, String type) {
    Instant now = clock.instant();
    try {
      client
          .v1()
          .events()
          .inNamespace(controlNamespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(pool + ".")
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion("nspool.io/v1alpha1")
                          .withKind("NamespacePool")
                          .withNamespace(controlNamespace)
                          .withName(pool)
                          .build())
                  .withReason(reason)
                  .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                  .withType(type)
                  .withFirstTimestamp(now.toString())
                  .withLastTimestamp(now.toString())
                  .withCount(1)
                  .withNewSource()
                  .withComponent("nspool")
                  .endSource()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      // The log line above is the record of last resort; an event lost is not worth failing for.
      log.warn(
          "NamespacePool({}/{}) could not record event: {}",
          controlNamespace,
          pool,
          e.getMessage());
    }
  }

  private static String capitalized(String word) {
    return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
  }
}
