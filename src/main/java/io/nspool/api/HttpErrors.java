package io.nspool.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.nspool.api.model.ErrorBody;

/**
 * Codes and messages for the errors that do not start as an {@code NspoolException}: Jetty's
 * refusals of a request it cannot parse, and Javalin's when no endpoint matches. They answer in the
 * same JSON shape as every other error, whatever the {@code Accept} header asks for.
 */
final class HttpErrors {
  /** Jetty's limit for the request line plus headers (its default, stated once here). */
  static final int MAX_HEADER_BYTES = 8 * 1024;

  private HttpErrors() {}

  /** The API error code for Jetty's refusal of a request it could not parse. */
  static String codeOfBadMessage(int status) {
    return status >= 500 ? "invalid_argument" : code(status);
  }

  /** The API error code of an HTTP status (docs/api.md, "Errors"). */
  static String code(int status) {
    return switch (status) {
      case 400 -> "invalid_argument";
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 415 -> "unsupported_media_type";
      case 431 -> "headers_too_large";
      default -> status >= 500 ? "internal" : "invalid_argument";
    };
  }

  /**
   * The message for a request Jetty could not parse, with Jetty's reason. Jetty answers some of
   * them with a 5xx (505 for an unknown HTTP version, 501 for an unknown transfer coding); those
   * are the client's errors all the same.
   */
  static String badMessage(int status, String reason) {
    String limit = limitMessage(status, reason);
    return limit != null ? limit : "the request is not valid HTTP" + because(reason);
  }

  /** The message for an error Jetty sends for a request it did parse ({@code sendError}). */
  static String message(int status, String reason) {
    String limit = limitMessage(status, reason);
    if (limit != null) {
      return limit;
    }
    return status >= 500
        ? "the request failed on the server" + because(reason) + "; see nspool's log"
        : "the request was refused" + because(reason);
  }

  private static String limitMessage(int status, String reason) {
    return switch (status) {
      case 413 ->
          "request body: exceeds the limit of " + Json.MAX_BODY_BYTES + " bytes" + because(reason);
      case 414 ->
          "request URI: longer than the limit of "
              + MAX_HEADER_BYTES
              + " bytes"
              + because(reason)
              + "; send a shorter path and query";
      case 431 ->
          "request headers: larger than the limit of "
              + MAX_HEADER_BYTES
              + " bytes"
              + because(reason)
              + "; send fewer or shorter headers";
      default -> null;
    };
  }

  private static String because(String reason) {
    return reason == null || reason.isBlank() ? "" : " (" + reason + ")";
  }

  static String json(String code, String message) {
    try {
      return Json.MAPPER.writeValueAsString(ErrorBody.of(code, message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
