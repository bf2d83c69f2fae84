package io.nspool.cli;

import io.nspool.cli.client.ApiException;

/**
 * The exit codes of every nspool command, in one place: scripts branch on them, {@code --help}
 * lists them ({@link #HELP}), and the API's error codes map onto them ({@link #of}).
 */
final class ExitCode {
  static final int OK = 0;

  /** Anything not listed below: the server unreachable, an unexpected answer, an abort. */
  static final int FAILURE = 1;

  /** Bad options or arguments, a missing setting, or a value the server rejected. */
  static final int USAGE = 2;

  static final int DENIED = 3;
  static final int NOT_FOUND = 4;
  static final int CONFLICT = 5;
  static final int NO_NAMESPACE = 6;

  /** {@code --wait}: the deployment ended Failed (or was deleted while waited for). */
  static final int DEPLOYMENT_FAILED = 7;

  /** {@code --wait}: not Ready before {@code --timeout}. */
  static final int TIMED_OUT = 8;

  static final String[] HELP = {
    "",
    "Exit codes:",
    "  0  success",
    "  1  other failure (server unreachable, unexpected answer, aborted prompt)",
    "  2  bad usage (an option, --set, no --server/--token), invalid_argument, or a request"
        + " too large",
    "  3  unauthenticated or forbidden",
    "  4  not_found",
    "  5  already_exists or failed_precondition",
    "  6  pool_exhausted or namespace_unavailable",
    "  7  --wait: the deployment failed",
    "  8  --wait: timed out before Ready",
  };

  private ExitCode() {}

  /**
   * The exit code for an API error code (docs/api.md, "Errors"); a code this client does not know
   * (from a newer server) goes by its HTTP status.
   */
  static int of(String apiCode, int httpStatus) {
    return switch (apiCode) {
      case "invalid_argument", "payload_too_large", "uri_too_long", "headers_too_large" -> USAGE;
      case "unauthenticated", "forbidden" -> DENIED;
      case "not_found" -> NOT_FOUND;
      case "already_exists", "failed_precondition" -> CONFLICT;
      case "pool_exhausted", "namespace_unavailable" -> NO_NAMESPACE;
      // This client sent a method or a body the server does not take: client and server disagree.
      case "method_not_allowed", "unsupported_media_type", "internal", ApiException.UNAVAILABLE ->
          FAILURE;
      default -> ofStatus(httpStatus);
    };
  }

  private static int ofStatus(int httpStatus) {
    return switch (httpStatus) {
      case 400, 413, 414, 431 -> USAGE;
      case 401, 403 -> DENIED;
      case 404 -> NOT_FOUND;
      case 409 -> CONFLICT;
      default -> FAILURE;
    };
  }

  static int of(ApiException e) {
    return of(e.code(), e.httpStatus());
  }
}
