package io.nspool.claim;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every namespace state transition twice: a structured log line, written at once on the
 * caller's thread, and a Kubernetes Event on the NamespacePool in the control namespace (not in the
 * pool namespace, where the janitor would delete it together with the tenant's events).
 *
 * <p>The Event is off the claim's critical path: transitions are queued and a writer thread, after
 * a short linger, writes what gathered as one Event per pool, reason and type, each listing every
 * transition it stands for (split into several Events when they do not fit one message). On a busy
 * pool that is a few Event writes a second instead of one per claim, so the API server spends its
 * time on claims; no transition is dropped from the record, and {@link #close} writes what is still
 * queued.
 */
public class ClaimAudit implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClaimAudit.class);

  /** Kubernetes keeps an Event message up to 1 KiB. */
  static final int MAX_MESSAGE = 1000;

  /** How long the writer waits after the first queued transition for others to coalesce with. */
  static final Duration LINGER = Duration.ofMillis(250);

  /** One transition (or pool event) waiting for its Event. */
  record Entry(String pool, String reason, String type, String message) {}

  private final LinkedBlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closing;

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
    this.writer = new Thread(this::writeEvents, "nspool-audit-events");
    writer.setDaemon(true);
    if (recordEvents) {
      writer.start();
    }
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
    record(new Entry(pool, reason, type, message));
  }

  /** Records a pool-level event (not a transition), e.g. a namespace joining or leaving. */
  public void poolEvent(String pool, String reason, String message, boolean warning) {
    log.info("NamespacePool({}/{}) {}: {}", controlNamespace, pool, reason, message);
    record(new Entry(pool, reason, warning ? "Warning" : "Normal", message));
  }

  private void record(Entry entry) {
    if (recordEvents) {
      queue.add(entry);
    }
  }

  /** Writes what is still queued (waiting at most a few seconds for the API server). */
  @Override
  public void close() {
    closing = true;
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeEvents() {
    while (true) {
      Entry first;
      try {
        first = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == null) {
        if (closing) {
          return; // everything queued before close is written
        }
        continue;
      }
      long lingerEnd = System.nanoTime() + LINGER.toNanos();
      while (!closing && System.nanoTime() < lingerEnd) {
        try {
          Thread.sleep(25);
        } catch (InterruptedException e) {
          return;
        }
      }
      List<Entry> batch = new ArrayList<>();
      batch.add(first);
      queue.drainTo(batch);
      write(batch);
    }
  }

  private void write(List<Entry> batch) {
    for (Coalesced event : coalesce(batch, MAX_MESSAGE)) {
      event(event.pool(), event.reason(), event.message(), event.type(), event.count());
    }
  }

  /** Events to write for the queued entries: grouped in order of first appearance. */
  record Coalesced(String pool, String reason, String type, String message, int count) {}

  /**
   * Groups entries by pool, reason and type, joining their messages with {@code "; "} into as few
   * messages of at most {@code max} characters as they fit; one message longer than that alone is
   * cut to {@code max}.
   */
  static List<Coalesced> coalesce(List<Entry> entries, int max) {
    Map<List<String>, List<Entry>> groups = new LinkedHashMap<>();
    for (Entry e : entries) {
      groups
          .computeIfAbsent(List.of(e.pool(), e.reason(), e.type()), k -> new ArrayList<>())
          .add(e);
    }
    List<Coalesced> events = new ArrayList<>();
    for (List<Entry> group : groups.values()) {
      Entry first = group.get(0);
      StringBuilder message = new StringBuilder();
      int count = 0;
      for (Entry e : group) {
        String line = e.message().length() > max ? e.message().substring(0, max) : e.message();
        if (count > 0 && message.length() + 2 + line.length() > max) {
          events.add(
              new Coalesced(first.pool(), first.reason(), first.type(), message.toString(), count));
          message.setLength(0);
          count = 0;
        }
        message.append(count > 0 ? "; " : "").append(line);
        count++;
      }
      events.add(
          new Coalesced(first.pool(), first.reason(), first.type(), message.toString(), count));
    }
    return events;
  }

  void event(String pool, String reason, String message, String type, int count) {
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
                  .withMessage(message)
                  .withType(type)
                  .withFirstTimestamp(now.toString())
                  .withLastTimestamp(now.toString())
                  // How many transitions this Event records.
                  .withCount(count)
                  .withNewSource()
                  .withComponent("nspool")
                  .endSource()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      // The log line written at the transition is the record of last resort.
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
