package io.nspool.deploy;

/** A Helm operation failed; {@link #failure()} says what it means for the user. */
public final class HelmException extends RuntimeException {
  private final HelmFailure failure;
  private final Commander.ReleaseInfo serving;

  public HelmException(HelmFailure failure) {
    this(failure, null);
  }

  /** A failure after which {@code serving} (a roll-back) is the release's deployed revision. */
  HelmException(HelmFailure failure, Commander.ReleaseInfo serving) {
    super(failure.message());
    this.failure = failure;
    this.serving = serving;
  }

  /** The revision a roll-back left deployed after the failure, else null. */
  Commander.ReleaseInfo serving() {
    return serving;
  }

  public HelmFailure failure() {
    return failure;
  }
}
