package io.nspool.verify;

import io.fabric8.kubernetes.api.model.Secret;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * One revision of a Helm release as Helm's storage driver records it: a Secret labelled {@code
 * owner=helm} with the release's {@code name}, {@code version} (revision) and {@code status}, and
 * {@code modifiedAt}/{@code createdAt} in Unix seconds.
 */
record HelmRelease(
    String namespace, String secret, String name, String revision, String status, Instant since) {
  static final String OWNER_LABEL = "owner";
  static final String OWNER = "helm";

  /** Helm's states of an operation in progress: a release left in one blocks the next. */
  static final Set<String> PENDING =
      Set.of("pending-install", "pending-upgrade", "pending-rollback");

  static HelmRelease of(Secret secret) {
    Map<String, String> labels =
        secret.getMetadata().getLabels() == null ? Map.of() : secret.getMetadata().getLabels();
    Instant since = unixSeconds(labels.get("modifiedAt"));
    if (since == null) {
      since = unixSeconds(labels.get("createdAt"));
    }
    if (since == null && secret.getMetadata().getCreationTimestamp() != null) {
      since = parse(secret.getMetadata().getCreationTimestamp());
    }
    return new HelmRelease(
        secret.getMetadata().getNamespace(),
        secret.getMetadata().getName(),
        labels.getOrDefault("name", "?"),
        labels.getOrDefault("version", "?"),
        labels.getOrDefault("status", "?"),
        since);
  }

  boolean pending() {
    return PENDING.contains(status);
  }

  private static Instant unixSeconds(String value) {
    try {
      return value == null ? null : Instant.ofEpochSecond(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Instant parse(String timestamp) {
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
