package io.nspool.claim;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stores a {@link Claim} as the Lease {@value #LEASE_NAME} inside its pool namespace. The holder is
 * the Lease's {@code spec.holderIdentity}, so {@code kubectl get lease -A} shows who holds what;
 * everything else is an {@code nspool.io/} annotation. nspool owns the whole object: writing a
 * claim replaces every annotation on it.
 */
public final class ClaimCodec {

  public static final String LEASE_NAME = "nspool-claim";

  public static final String STATE = "nspool.io/state";
  public static final String DEPLOYMENT = "nspool.io/deployment";
  public static final String SINCE = "nspool.io/since";
  public static final String PURGE_AFTER = "nspool.io/purge-after";
  public static final String REASON = "nspool.io/reason";
  public static final String LEAVING = "nspool.io/leaving";

  /**
   * Quarantines in a row since the namespace was last verified clean; written only when not 0, so a
   * claim object without it (every one written before the count existed) reads as 0.
   */
  public static final String QUARANTINES = "nspool.io/quarantines";

  /** On an extra executor namespace: the holder's own namespace. */
  public static final String EXECUTOR_OF = "nspool.io/executor-of";

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "nspool";

  private ClaimCodec() {}

  /** The claim object to create: no resourceVersion, so creating fails if one already exists. */
  public static Lease toLease(Claim claim) {
    return toLease(claim, null);
  }

  /**
   * The claim object to write over the one read at {@code resourceVersion}: the API server refuses
   * the update if anyone changed it since, which is what makes a claim a compare-and-swap.
   */
  public static Lease toLease(Claim claim, String resourceVersion) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(STATE, claim.state().wireName());
    annotations.put(SINCE, claim.since().toString());
    annotations.put(LEAVING, Boolean.toString(claim.leaving()));
    putIfSet(annotations, DEPLOYMENT, claim.deploymentName());
    putIfSet(annotations, PURGE_AFTER, claim.purgeAfter());
    putIfSet(annotations, REASON, claim.reason());
    putIfSet(annotations, EXECUTOR_OF, claim.executorOf());
    if (claim.quarantines() > 0) {
      annotations.put(QUARANTINES, Integer.toString(claim.quarantines()));
    }
    return new LeaseBuilder()
        .withNewMetadata()
        .withName(LEASE_NAME)
        .withNamespace(claim.namespace())
        .withResourceVersion(resourceVersion)
        .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity(claim.holderUid())
        .endSpec()
        .build();
  }

  /** Reads a claim object back; throws {@link MalformedClaimException} naming what is wrong. */
  public static Claim fromLease(Lease lease) {
    ObjectMeta meta = lease.getMetadata();
    if (meta == null || meta.getNamespace() == null || meta.getNamespace().isBlank()) {
      throw new MalformedClaimException(null, "has no metadata.namespace");
    }
    String namespace = meta.getNamespace();
    if (!LEASE_NAME.equals(meta.getName())) {
      throw new MalformedClaimException(
          namespace, "Lease \"" + meta.getName() + "\" is not a claim object");
    }
    Map<String, String> annotations =
        meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    Reader read = new Reader(namespace, annotations);
    ClaimState state = read.state();
    Instant since = read.instant(SINCE, true);
    boolean leaving = read.leaving();
    int quarantines = read.quarantines();
    String holder =
        lease.getSpec() == null ? null : blankToNull(lease.getSpec().getHolderIdentity());
    try {
      return new Claim(
          namespace,
          state,
          holder,
          blankToNull(annotations.get(DEPLOYMENT)),
          since,
          read.instant(PURGE_AFTER, false),
          blankToNull(annotations.get(REASON)),
          leaving,
          blankToNull(annotations.get(EXECUTOR_OF)),
          quarantines);
    } catch (IllegalArgumentException e) {
      throw new MalformedClaimException(namespace, "is inconsistent: " + e.getMessage(), e);
    }
  }

  private record Reader(String namespace, Map<String, String> annotations) {

    ClaimState state() {
      String value = required(STATE);
      try {
        return ClaimState.fromWireName(value);
      } catch (IllegalArgumentException e) {
        throw garbled(STATE, value, "one of " + ClaimState.allowedWireNames(), e);
      }
    }

    Instant instant(String annotation, boolean required) {
      String value = required ? required(annotation) : blankToNull(annotations.get(annotation));
      if (value == null) {
        return null;
      }
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw garbled(annotation, value, "a UTC time such as 2025-01-31T12:00:00Z", e);
      }
    }

    boolean leaving() {
      String value = required(LEAVING);
      if (!value.equals("true") && !value.equals("false")) {
        throw garbled(LEAVING, value, "true or false", null);
      }
      return Boolean.parseBoolean(value);
    }

    int quarantines() {
      String value = blankToNull(annotations.get(QUARANTINES));
      if (value == null) {
        return 0;
      }
      try {
        int count = Integer.parseInt(value);
        if (count >= 0) {
          return count;
        }
      } catch (NumberFormatException e) {
        throw garbled(QUARANTINES, value, "a whole number, 0 or more", e);
      }
      throw garbled(QUARANTINES, value, "a whole number, 0 or more", null);
    }

    private String required(String annotation) {
      String value = blankToNull(annotations.get(annotation));
      if (value == null) {
        throw new MalformedClaimException(namespace, "annotation " + annotation + " is missing");
      }
      return value;
    }

    private MalformedClaimException garbled(
        String annotation, String value, String expected, Exception cause) {
      return new MalformedClaimException(
          namespace,
          "annotation " + annotation + " is \"" + value + "\"; expected " + expected,
          cause);
    }
  }

  private static void putIfSet(Map<String, String> annotations, String key, Object value) {
    if (value != null) {
      annotations.put(key, value.toString());
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
