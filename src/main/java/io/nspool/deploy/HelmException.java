package io.nspool.deploy;

/** A Helm operation failed; {@link #failure()} says what it means for the user. */
public final class HelmException extends RuntimeException {
  private final HelmFailure failure;

  public HelmException(HelmFailure failure) {
    super(failure.message());
    this.failure = failure;
  }

  public HelmFailure failure() {
    return failure;
  }
}
