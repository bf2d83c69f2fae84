package io.nspool.rbac;

/** How bad a lint finding is; an {@link #ERROR} makes {@code nspool rbac lint} fail. */
public enum Severity {
  /** The rule (or part of it) can never work: it grants nothing, or Kubernetes refuses it. */
  ERROR,
  /** The rule works and grants more than a namespaced control plane should hold. */
  WARNING,
  /** The rule is redundant or dated: removing or renaming it changes nothing for the better. */
  INFO;

  /** As printed: {@code error}, {@code warning}, {@code info}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
