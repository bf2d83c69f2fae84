package io.nspool.auth;

import io.nspool.error.InvalidArgumentException;
import java.util.Locale;

/** What a user may do: admin everything; member its workspaces' deployments; viewer read only. */
public enum Role {
  ADMIN,
  MEMBER,
  VIEWER;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String value) {
    for (Role role : values()) {
      if (role.wireName().equals(value)) {
        return role;
      }
    }
    throw new InvalidArgumentException(
        "role \"" + value + "\" is not one of admin, member, viewer");
  }
}
