package io.nspool.api.model;

/** One revision of a deployment's Helm release, as {@code helm history} lists it. */
public record RevisionView(
    int revision,
    String updated,
    String status,
    String chart,
    String appVersion,
    String description) {}
