package io.nspool.api;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.nspool.api.model.CreateUserRequest;
import io.nspool.api.model.UserView;
import io.nspool.auth.Principal;
import io.nspool.auth.Role;
import io.nspool.auth.UserStore;
import io.nspool.error.InvalidArgumentException;
import java.util.List;

/** Users: created by admins; each caller can ask who it is. */
final class UsersApi {
  private final UserStore users;

  UsersApi(UserStore users) {
    this.users = users;
  }

  void create(Context ctx) {
    Requests.admin(ctx);
    CreateUserRequest body = Json.body(ctx, CreateUserRequest.class);
    Validation.label("name", body.name(), Validation.MAX_LABEL);
    if (body.role() == null) {
      throw new InvalidArgumentException("role: required; one of admin, member, viewer");
    }
    Role role = Role.parse(body.role());
    List<String> workspaces = body.workspaces() == null ? List.of() : body.workspaces();
    for (int i = 0; i < workspaces.size(); i++) {
      Validation.label("workspaces[" + i + "]", workspaces.get(i), Validation.MAX_LABEL);
    }
    String token = users.create(body.name(), role, workspaces);
    ctx.status(HttpStatus.CREATED)
        .json(new UserView(body.name(), role.wireName(), workspaces, token));
  }

  void whoami(Context ctx) {
    Principal p = Requests.principal(ctx);
    ctx.json(new UserView(p.name(), p.role().wireName(), p.workspaces(), null));
  }
}
