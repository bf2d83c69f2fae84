package io.nspool.api.model;

/** A Kubernetes event of one of a deployment's namespaces, which it names. */
public record EventView(
    String namespace,
    String type,
    String reason,
    String message,
    String object,
    Integer count,
    String lastTimestamp) {}
