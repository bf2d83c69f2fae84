package io.nspool.api.model;

import java.util.List;

/** Body of {@code POST /api/v1/pools/{pool}/namespaces}. */
public record AddNamespacesRequest(List<String> namespaces) {}
