package io.nspool.auth;

import java.util.List;

/** The user behind a request. */
public record Principal(String name, Role role, List<String> workspaces) {
  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** May see deployments of this workspace. */
  public boolean canRead(String workspace) {
    return isAdmin() || workspaces.contains(workspace);
  }

  /** May create, change and delete deployments of this workspace. */
  public boolean canWrite(String workspace) {
    return isAdmin() || (role == Role.MEMBER && workspaces.contains(workspace));
  }
}
