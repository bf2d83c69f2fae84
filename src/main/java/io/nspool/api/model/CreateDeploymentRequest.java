package io.nspool.api.model;

import java.util.Map;

/** Body of {@code POST /api/v1/deployments}; pool and namespace are optional. */
public record CreateDeploymentRequest(
    String name,
    String workspace,
    String pool,
    String namespace,
    ExecutorNamespacesRequest executorNamespaces,
    Map<String, Object> values) {}
