package io.nspool.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Jetty's own error answers in the API's JSON shape: a request line or header Jetty cannot parse
 * (400), a URI too long (414), headers too large (431), an ambiguous path it refuses, for every
 * method. Jetty's default writes HTML, or JSON of another shape when asked for it.
 */
final class JsonErrorHandler extends ErrorHandler {
  private static final String CONTENT_TYPE = "application/json;charset=utf-8";

  /** Errors found while parsing, before any handler could run. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
    String body =
        HttpErrors.json(HttpErrors.codeOfBadMessage(status), HttpErrors.badMessage(status, reason));
    return BufferUtil.toBuffer(body.getBytes(StandardCharsets.UTF_8));
  }

  /** Errors Jetty sends for a parsed request ({@code sendError}), whatever it accepts. */
  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    response.setContentType(CONTENT_TYPE);
    byte[] body =
        HttpErrors.json(HttpErrors.code(code), HttpErrors.message(code, message))
            .getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** Jetty writes error bodies for GET, POST and HEAD only; the API's errors always have one. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }
}
