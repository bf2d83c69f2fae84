package io.nspool.api;

import io.javalin.http.Context;
import io.nspool.auth.Principal;
import io.nspool.error.ForbiddenException;

/** What every handler needs from a request. */
final class Requests {
  static final String PRINCIPAL = "nspool.principal";

  private Requests() {}

  static Principal principal(Context ctx) {
    return ctx.attribute(PRINCIPAL);
  }

  static Principal admin(Context ctx) {
    Principal p = principal(ctx);
    if (!p.isAdmin()) {
      throw new ForbiddenException(
          "only an admin may do this; " + p.name() + " is a " + p.role().wireName());
    }
    return p;
  }
}
