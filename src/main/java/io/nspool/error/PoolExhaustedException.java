package io.nspool.error;

/** Every namespace of the pool is in use: {@code 409 pool_exhausted}. */
public final class PoolExhaustedException extends NspoolException {
  public PoolExhaustedException(String message) {
    super("pool_exhausted", 409, message);
  }
}
