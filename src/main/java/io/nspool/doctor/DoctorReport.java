package io.nspool.doctor;

import java.util.List;

/**
 * What {@code nspool doctor} found.
 *
 * @param mode how permissions were checked: {@code subject-access-review} (admin credentials, on
 *     behalf of nspool and each installer) or {@code self-subject-rules-review} (as nspool itself)
 * @param identity who ran it, as far as known
 * @param namespaces the control namespace first, then every pool namespace
 * @param checks every check of every namespace
 */
public record DoctorReport(
    String mode, String identity, List<String> namespaces, List<Check> checks) {
  public static final String ADMIN_MODE = "subject-access-review";
  public static final String SELF_MODE = "self-subject-rules-review";

  public DoctorReport {
    namespaces = List.copyOf(namespaces);
    checks = List.copyOf(checks);
  }

  public boolean healthy() {
    return checks.stream().noneMatch(Check::failed);
  }

  public List<Check> failures() {
    return checks.stream().filter(Check::failed).toList();
  }
}
