package io.nspool.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Whether the client of a long answer (followed logs) has closed its connection. Writing to a
 * closed connection fails, but a followed log may stay quiet for hours, and its streams to the API
 * server should not outlive the client by as long: this probes the connection's socket for the end
 * of input without writing. The answer is sent with {@code Connection: close}, so no further
 * request is ever read from that connection and the probe can consume nothing that matters.
 */
final class ClientConnection {
  private ClientConnection() {}

  /** True once the client of this request has closed its connection. */
  static BooleanSupplier closed(Context ctx) {
    Request base = Request.getBaseRequest(ctx.req());
    if (base == null || base.getHttpChannel() == null) {
      return () -> false; // not Jetty's HTTP/1.1: a failing write is what ends the answer
    }
    EndPoint endPoint = base.getHttpChannel().getEndPoint();
    ByteBuffer probe = BufferUtil.allocate(64);
    return () -> {
      if (!endPoint.isOpen() || endPoint.isInputShutdown()) {
        return true;
      }
      try {
        int read = endPoint.fill(probe);
        BufferUtil.clear(probe);
        return read < 0;
      } catch (IOException e) {
        return true;
      }
    };
  }
}
