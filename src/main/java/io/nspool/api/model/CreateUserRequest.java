package io.nspool.api.model;

import java.util.List;

/** Body of {@code POST /api/v1/users}. */
public record CreateUserRequest(String name, String role, List<String> workspaces) {}
