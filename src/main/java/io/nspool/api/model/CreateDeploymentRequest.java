package io.nspool.api.model;

import java.util.Map;

/**
 * Body of {@code POST /api/v1/deployments}; pool, namespace, chart (a catalogue entry's name) and
 * version are optional.
 */
public record CreateDeploymentRequest(
    String name,
    String workspace,
    String pool,
    String namespace,
    ExecutorNamespacesRequest executorNamespaces,
    String chart,
    String version,
    Map<String, Object> values) {}
