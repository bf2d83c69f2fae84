package io.nspool.api.model;

/** A Kubernetes event of a deployment's namespace. */
public record EventView(
    String type,
    String reason,
    String message,
    String object,
    Integer count,
    String lastTimestamp) {}
