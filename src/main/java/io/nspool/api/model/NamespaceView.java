package io.nspool.api.model;

/** One pool namespace as the API shows it (see docs/api.md). */
public record NamespaceView(
    String name,
    String pool,
    String state,
    boolean available,
    String deployment,
    String since,
    String purgeAfter,
    String reason) {}
