package io.nspool.api.model;

import java.util.Map;

/** Body of {@code PATCH /api/v1/deployments/{name}}. */
public record UpdateDeploymentRequest(Map<String, Object> values) {}
