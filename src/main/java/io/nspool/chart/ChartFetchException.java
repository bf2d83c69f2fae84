package io.nspool.chart;

/** A remote chart could not be had; {@link #kind()} says whether trying again can help. */
public final class ChartFetchException extends RuntimeException {
  public enum Kind {
    /** The bytes are not the ones the repository's index or the registry's manifest names. */
    DIGEST_MISMATCH,
    /** The source answered, and it has no such chart or version, or refused it (4xx). */
    NOT_FOUND,
    /** The source could not be reached or failed (network, 5xx, 429): retried with backoff. */
    UNAVAILABLE;

    public boolean permanent() {
      return this != UNAVAILABLE;
    }
  }

  private final Kind kind;

  public ChartFetchException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ChartFetchException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
