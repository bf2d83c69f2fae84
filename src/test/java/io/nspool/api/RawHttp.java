package io.nspool.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, the request byte for byte as built: java.net.http cannot send a
 * lowercase method, a duplicate header, a bad escape, a folded header line or a request line that
 * is not HTTP at all, and it would "fix" some of them. Every request says {@code Connection:
 * close}, so the answer ends where the stream does.
 */
final class RawHttp {
  private RawHttp() {}

  record Response(int status, Map<String, List<String>> headers, String body) {
    /** The first value of a header (case-insensitive name), or null. */
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }

    int count(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? 0 : values.size();
    }

    JsonNode json() {
      try {
        return Http.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + body;
    }
  }

  /** A request as it goes on the wire: start line, headers, and the body after an empty line. */
  static final class Request {
    private final String startLine;
    private final List<String> headers = new ArrayList<>();
    private byte[] body = new byte[0];
    private boolean chunked;
    private boolean declareLength = true;
    private byte[] raw;

    private Request(String startLine) {
      this.startLine = startLine;
    }

    static Request of(String method, String target) {
      return new Request(method + " " + target + " HTTP/1.1");
    }

    /** Bytes sent exactly as given: no Host, no Connection, nothing added. */
    static Request raw(byte[] bytes) {
      Request r = new Request(null);
      r.raw = bytes;
      return r;
    }

    Request header(String name, String value) {
      headers.add(name + ": " + value);
      return this;
    }

    /** A header line exactly as given, e.g. one without a colon. */
    Request headerLine(String line) {
      headers.add(line);
      return this;
    }

    Request body(byte[] bytes) {
      this.body = bytes;
      return this;
    }

    /** The body as one chunk of {@code Transfer-Encoding: chunked}, without a Content-Length. */
    Request chunked() {
      this.chunked = true;
      return this;
    }

    /** No Content-Length header even though a body follows. */
    Request withoutLength() {
      this.declareLength = false;
      return this;
    }

    byte[] render(String host, String authorization) {
      if (raw != null) {
        return raw;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      StringBuilder head = new StringBuilder(startLine).append("\r\n");
      head.append("Host: ").append(host).append("\r\n");
      head.append("Connection: close\r\n");
      if (authorization != null) {
        head.append("Authorization: ").append(authorization).append("\r\n");
      }
      for (String h : headers) {
        head.append(h).append("\r\n");
      }
      if (chunked) {
        head.append("Transfer-Encoding: chunked\r\n");
      } else if (declareLength && body.length > 0) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (chunked) {
        out.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes());
        out.writeBytes(body);
        out.writeBytes("\r\n0\r\n\r\n".getBytes());
      } else {
        out.writeBytes(body);
      }
      return out.toByteArray();
    }
  }

  static Response send(String host, int port, byte[] request) {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (SocketException e) {
        // The server may answer (413, 431) and close before it has read everything we send.
      }
      return parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new AssertionError("raw request failed", e);
    }
  }

  /** Everything until the server closes; a reset after its answer keeps what arrived. */
  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        all.write(buffer, 0, n);
      }
    } catch (SocketException e) {
      if (all.size() == 0) {
        throw e;
      }
    }
    return all.toByteArray();
  }

  private static Response parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new AssertionError("no complete HTTP answer: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    byte[] rest = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
    List<String> encoding = headers.get("transfer-encoding");
    if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
      rest = unchunk(rest);
    } else if (headers.containsKey("content-length")) {
      int length = Integer.parseInt(headers.get("content-length").get(0));
      rest = java.util.Arrays.copyOf(rest, Math.min(length, rest.length));
    }
    return new Response(status, headers, new String(rest, StandardCharsets.UTF_8));
  }

  private static byte[] unchunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String text = new String(chunked, StandardCharsets.ISO_8859_1);
    int at = 0;
    while (true) {
      int lineEnd = text.indexOf("\r\n", at);
      int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
  }
}
