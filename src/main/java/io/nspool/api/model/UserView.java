package io.nspool.api.model;

import java.util.List;

/** A user; {@code token} is set only in the response that creates it. */
public record UserView(String name, String role, List<String> workspaces, String token) {}
