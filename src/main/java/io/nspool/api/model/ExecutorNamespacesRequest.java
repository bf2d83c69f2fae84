package io.nspool.api.model;

import java.util.List;

/** {@code executorNamespaces} of a create: a count, or the names of pool namespaces. */
public record ExecutorNamespacesRequest(Integer count, List<String> names) {}
