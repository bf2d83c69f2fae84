package io.nspool.api;

import io.nspool.error.InvalidArgumentException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query string, decoded strictly. Javalin's own parsing drops a name or value it cannot decode
 * ({@code ?hard=%zz} would arrive as no value at all, {@code ?%zz=1} as no parameter), so an
 * undecodable one could never be refused; here it is a 400 naming it.
 */
final class QueryString {
  private QueryString() {}

  /** Each name with its values in the order given; {@code a&b=} gives both an empty value. */
  static Map<String, List<String>> parse(String raw) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&", -1)) {
      if (pair.isEmpty()) {
        continue; // "a=1&&b=2": an empty pair says nothing
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return params;
  }

  /** {@code application/x-www-form-urlencoded} decoding: '+' is a space, %XX a byte of UTF-8. */
  static String decode(String encoded) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
        int low = high < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
        if (low < 0) {
          throw invalid(encoded, "a '%' must be followed by two hex digits");
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid(encoded, "the escapes are not UTF-8");
    }
  }

  private static InvalidArgumentException invalid(String encoded, String rule) {
    return new InvalidArgumentException(
        "query string: " + Validation.quote(encoded) + " is not valid percent-encoding: " + rule);
  }
}
