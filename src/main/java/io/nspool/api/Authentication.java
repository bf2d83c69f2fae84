package io.nspool.api;

import io.javalin.http.Context;
import io.nspool.auth.UserStore;
import io.nspool.error.UnauthenticatedException;
import java.util.Collections;
import java.util.List;

/**
 * {@code Authorization: Bearer <token>} on every API request except the OpenAPI document. The
 * scheme is matched case-insensitively (RFC 7235, section 2.1): {@code bearer} and {@code BEARER}
 * are {@code Bearer}.
 */
final class Authentication {
  private static final String SCHEME = "bearer";

  private final UserStore users;

  Authentication(UserStore users) {
    this.users = users;
  }

  void authenticate(Context ctx) {
    if (ctx.path().equals(ApiServer.OPENAPI)) {
      return;
    }
    ctx.attribute(
        Requests.PRINCIPAL,
        users
            .authenticate(token(ctx))
            .orElseThrow(() -> new UnauthenticatedException("unknown or revoked token")));
  }

  /** The token of the one Authorization header, which must use the Bearer scheme. */
  static String token(Context ctx) {
    List<String> headers = Collections.list(ctx.req().getHeaders("Authorization"));
    if (headers.size() > 1) {
      throw new UnauthenticatedException(
          "several Authorization headers: send one, Authorization: Bearer <token>");
    }
    String header = headers.isEmpty() ? null : headers.get(0).strip();
    if (header == null || header.isEmpty()) {
      throw new UnauthenticatedException(
          "missing bearer token: send Authorization: Bearer <token> (nspool user add prints one)");
    }
    int space = header.indexOf(' ');
    String scheme = space < 0 ? header : header.substring(0, space);
    if (!scheme.equalsIgnoreCase(SCHEME)) {
      // The scheme is not repeated: a header holding only a token would echo the token.
      throw new UnauthenticatedException(
          "Authorization: the scheme is not Bearer; send Authorization: Bearer <token>");
    }
    String token = space < 0 ? "" : header.substring(space + 1).strip();
    if (token.isEmpty()) {
      throw new UnauthenticatedException(
          "Authorization: Bearer without a token; send Authorization: Bearer <token>");
    }
    return token;
  }
}
