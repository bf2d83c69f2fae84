package io.nspool.pool;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Pod Security Admission level a pool enforces in its namespaces, loosest first. Kubernetes
 * enforces it (the {@code pod-security.kubernetes.io/enforce} label on the Namespace); nspool may
 * only read Namespaces, so it sets the label when it creates a namespace and reports, never fixes,
 * a namespace whose label is looser than its pool asks for.
 */
public enum PodSecurityLevel {
  PRIVILEGED,
  BASELINE,
  RESTRICTED;

  public static final String ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
  public static final String ENFORCE_VERSION_LABEL = "pod-security.kubernetes.io/enforce-version";
  public static final PodSecurityLevel DEFAULT = BASELINE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static PodSecurityLevel parse(String value) {
    return Arrays.stream(values())
        .filter(l -> l.wireName().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "podSecurity \""
                        + value
                        + "\" is not one of privileged, baseline, restricted"));
  }

  /** The labels a pool namespace carries so Kubernetes enforces this level on its pods. */
  public Map<String, String> namespaceLabels() {
    return Map.of(ENFORCE_LABEL, wireName(), ENFORCE_VERSION_LABEL, "latest");
  }

  /**
   * The level a Namespace's labels make Kubernetes enforce: without the label, or with a value
   * Kubernetes does not know, Pod Security Admission enforces nothing beyond its cluster default,
   * which nspool cannot see, so it counts as privileged.
   */
  public static PodSecurityLevel enforcedBy(Map<String, String> labels) {
    String value = labels == null ? null : labels.get(ENFORCE_LABEL);
    return Optional.ofNullable(value)
        .flatMap(v -> Arrays.stream(values()).filter(l -> l.wireName().equals(v)).findFirst())
        .orElse(PRIVILEGED);
  }

  public boolean looserThan(PodSecurityLevel other) {
    return ordinal() < other.ordinal();
  }

  /** {@code privileged, baseline, restricted}, for messages and help. */
  public static String choices() {
    return Arrays.stream(values())
        .map(PodSecurityLevel::wireName)
        .collect(Collectors.joining(", "));
  }
}
