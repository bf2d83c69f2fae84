package io.nspool.doctor;

/**
 * One cell of the doctor's namespace × check table.
 *
 * @param namespace the namespace checked
 * @param name the check, stable for scripts: {@code nspool-rbac}, {@code nspool-binding}, {@code
 *     installer-rbac}, {@code installer-binding}, {@code installer-sa}, {@code pod-security},
 *     {@code namespace}
 * @param status ok, missing (a failure), skipped (could not be checked as this identity) or warning
 *     (holds more than it should, e.g. broad installer rules an admin allowed: not a failure)
 * @param problem what is wrong; null when ok
 * @param fix the exact rule (a YAML one-liner) or object to add, and where; null when ok
 */
public record Check(String namespace, String name, Status status, String problem, String fix) {
  public enum Status {
    OK,
    MISSING,
    SKIPPED,
    /** Works, but grants more than it should: reported, not a failure. */
    WARNING;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static Check ok(String namespace, String name) {
    return new Check(namespace, name, Status.OK, null, null);
  }

  static Check missing(String namespace, String name, String problem, String fix) {
    return new Check(namespace, name, Status.MISSING, problem, fix);
  }

  static Check warning(String namespace, String name, String problem, String fix) {
    return new Check(namespace, name, Status.WARNING, problem, fix);
  }

  static Check skipped(String namespace, String name, String why) {
    return new Check(namespace, name, Status.SKIPPED, why, null);
  }

  public boolean failed() {
    return status == Status.MISSING;
  }
}
