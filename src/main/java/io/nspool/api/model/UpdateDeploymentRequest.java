package io.nspool.api.model;

import java.util.Map;

/**
 * Body of {@code PATCH /api/v1/deployments/{name}}: the complete new values, another chart of the
 * catalogue, a version, or several of them; what is left out stays.
 */
public record UpdateDeploymentRequest(Map<String, Object> values, String chart, String version) {
  public UpdateDeploymentRequest(Map<String, Object> values) {
    this(values, null, null);
  }
}
