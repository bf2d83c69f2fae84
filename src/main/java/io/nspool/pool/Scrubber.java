package io.nspool.pool;

/** Removes everything of the previous tenant from a namespace and says whether it is clean. */
@FunctionalInterface
public interface Scrubber {
  /** Clean, or a summary of what is left that names each object and why. */
  record Result(boolean clean, String summary) {}

  Result scrub(String namespace);
}
