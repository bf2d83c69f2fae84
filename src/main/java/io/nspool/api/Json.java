package io.nspool.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import io.nspool.error.InvalidArgumentException;
import io.nspool.error.PayloadTooLargeException;
import io.nspool.error.UnsupportedMediaTypeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Strict request bodies, as docs/api.md promises: UTF-8 JSON of at most 64 KiB, exactly one object,
 * each field once, every field of the type the OpenAPI document gives it (no "910869" from a
 * number, no "true" from a boolean), finite numbers only, nothing after the object. Every refusal
 * names the field, the value and the rule.
 */
final class Json {
  static final int MAX_BODY_BYTES = 64 * 1024;

  /** Objects and arrays nest at most this deep (values included): Helm values never need more. */
  static final int MAX_DEPTH = 32;

  static final ObjectMapper MAPPER = strictMapper();

  private Json() {}

  private static ObjectMapper strictMapper() {
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(
                DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();
    // A number or a boolean where the document says string is an error, not its text.
    mapper
        .coercionConfigDefaults()
        .setAcceptBlankAsEmpty(false)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return mapper;
  }

  /**
   * For an endpoint that takes a body, before its handler runs: a body is there, it says it is
   * {@code application/json} (a {@code charset} parameter may say UTF-8, nothing else), and its
   * declared length is within the limit.
   */
  static void expectBody(Context ctx) {
    if (!hasBody(ctx)) {
      throw new InvalidArgumentException(
          "request body: empty; send a JSON object (see docs/api.md)");
    }
    String refusal = mediaTypeRefusal(ctx.header("Content-Type"));
    if (refusal != null) {
      throw new UnsupportedMediaTypeException(
          "Content-Type: " + refusal + "; send the body as application/json (UTF-8)");
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BODY_BYTES) {
      throw tooLarge(declared);
    }
  }

  /** For an endpoint without a body: a body sent anyway would be ignored, so it is refused. */
  static void refuseBody(Context ctx) {
    if (hasBody(ctx)) {
      throw new InvalidArgumentException(
          "request body: "
              + ctx.method()
              + " "
              + ctx.endpointHandlerPath()
              + " takes no body; send none");
    }
  }

  private static boolean hasBody(Context ctx) {
    return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
  }

  /** Why a Content-Type is not JSON in UTF-8, or null when it is. */
  static String mediaTypeRefusal(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return "missing";
    }
    String[] parts = contentType.split(";", -1);
    String type = parts[0].trim().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json")) {
      return Validation.quote(contentType.trim()) + " is not application/json";
    }
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].isBlank()) {
        continue; // RFC 9110 allows an empty parameter: "application/json;"
      }
      String[] parameter = parts[i].split("=", 2);
      String name = parameter[0].trim().toLowerCase(Locale.ROOT);
      String value = parameter.length == 2 ? parameter[1].trim().replace("\"", "") : "";
      if (!name.equals("charset")) {
        return "parameter " + Validation.quote(parts[i].trim()) + " is not allowed (only charset)";
      }
      if (!value.equalsIgnoreCase("utf-8")) {
        return "charset " + Validation.quote(value) + " is not utf-8";
      }
    }
    return null;
  }

  static <T> T body(Context ctx, Class<T> type) {
    String text = utf8(read(ctx));
    if (text.isBlank()) {
      throw new InvalidArgumentException(
          "request body: empty; send a JSON object (see docs/api.md)");
    }
    scan(text);
    // The parser stays open while a mismatch is reported, so the message can quote the value.
    try (JsonParser parser = MAPPER.createParser(text)) {
      return bind(parser, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T bind(JsonParser parser, Class<T> type) throws IOException {
    try {
      return MAPPER.readValue(parser, type);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidArgumentException(
          "request body: unknown field \""
              + path(e.getPath())
              + "\"; known fields: "
              + e.getKnownPropertyIds().stream()
                  .map(Object::toString)
                  .sorted()
                  .collect(Collectors.joining(", ")));
    } catch (MismatchedInputException e) {
      throw new InvalidArgumentException(
          path(e.getPath())
              + ": "
              + found(e)
              + " has the wrong type; expected "
              + expected(e.getTargetType()));
    } catch (JsonProcessingException e) {
      throw notJson(e);
    }
  }

  /** At most one byte more than the limit, so a chunked body without a length cannot flood us. */
  private static byte[] read(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BODY_BYTES) {
      throw tooLarge(declared);
    }
    try {
      byte[] bytes = ctx.req().getInputStream().readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw tooLarge(-1);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param size the declared size, or -1 when the body did not declare one (chunked)
   */
  static PayloadTooLargeException tooLarge(long size) {
    return new PayloadTooLargeException(
        "request body: "
            + (size >= 0 ? size + " bytes " : "")
            + "exceeds the limit of "
            + MAX_BODY_BYTES
            + " bytes; send less (values are the place for configuration, not data)");
  }

  /** JSON is UTF-8 (RFC 8259): a body in another encoding is refused, not guessed at. */
  private static String utf8(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(in, out, true);
    if (result.isError()) {
      throw new InvalidArgumentException(
          "request body: not valid UTF-8 at byte " + in.position() + "; send UTF-8 JSON");
    }
    return out.flip().toString();
  }

  /**
   * One pass over the tokens for what binding cannot see: the top level is one object and nothing
   * follows it, nesting stays within {@link #MAX_DEPTH}, and every number survives the trip to
   * Kubernetes unchanged (Jackson would turn {@code 1e999} into Infinity, and a 30-digit integer
   * fits no int64).
   */
  private static void scan(String text) {
    try (JsonParser p = MAPPER.createParser(text)) {
      JsonToken token = p.nextToken();
      if (token != JsonToken.START_OBJECT) {
        throw new InvalidArgumentException(
            "request body: " + describe(token, p) + "; send one JSON object");
      }
      int depth = 0;
      for (; token != null; token = p.nextToken()) {
        switch (token) {
          case START_OBJECT, START_ARRAY -> {
            if (++depth > MAX_DEPTH) {
              throw new InvalidArgumentException(
                  field(p.getParsingContext().getParent())
                      + ": nested deeper than "
                      + MAX_DEPTH
                      + " levels");
            }
          }
          case END_OBJECT, END_ARRAY -> depth--;
          case VALUE_NUMBER_FLOAT -> {
            if (!Double.isFinite(p.getDoubleValue())) {
              throw new InvalidArgumentException(
                  field(p.getParsingContext())
                      + ": "
                      + p.getText()
                      + " is out of range: a number must be finite (at most about 1.8e308)");
            }
          }
          case VALUE_NUMBER_INT -> {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
              throw new InvalidArgumentException(
                  field(p.getParsingContext())
                      + ": "
                      + Validation.quote(p.getText())
                      + " is out of range: a whole number must fit in 64 bits");
            }
          }
          default -> {}
        }
        if (depth == 0) {
          break;
        }
      }
      trailing(p);
    } catch (JsonProcessingException e) {
      throw notJson(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void trailing(JsonParser p) throws IOException {
    JsonLocation after = p.currentLocation();
    boolean more;
    try {
      more = p.nextToken() != null;
    } catch (JsonProcessingException e) {
      more = true;
    }
    if (more) {
      throw new InvalidArgumentException(
          "request body: more after the JSON object (line "
              + after.getLineNr()
              + ", column "
              + after.getColumnNr()
              + "); send exactly one JSON object");
    }
  }

  private static InvalidArgumentException notJson(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return new InvalidArgumentException(
        "request body: not valid JSON ("
            + e.getOriginalMessage().lines().findFirst().orElse("")
            + (at == null ? "" : ", line " + at.getLineNr() + ", column " + at.getColumnNr())
            + ")");
  }

  /** The dotted path of the value the parser stands on, as messages name fields. */
  private static String field(JsonStreamContext context) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject()) {
        parts.add(0, c.getCurrentName() == null ? "" : c.getCurrentName());
      } else if (c.inArray()) {
        parts.add(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
      }
    }
    return join(parts);
  }

  private static String path(
      List<com.fasterxml.jackson.databind.JsonMappingException.Reference> path) {
    return join(
        path.stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .toList());
  }

  private static String join(List<String> parts) {
    StringBuilder out = new StringBuilder();
    for (String part : parts) {
      if (out.length() > 0 && !part.startsWith("[")) {
        out.append('.');
      }
      out.append(part);
    }
    return out.length() == 0 ? "request body" : out.toString();
  }

  /** What the client sent where a mismatch was found, e.g. "the number 910869". */
  private static String found(MismatchedInputException e) {
    if (e.getProcessor() instanceof JsonParser p) {
      try {
        return describe(p.currentToken(), p);
      } catch (IOException ignored) {
        // fall through
      }
    }
    return "the value";
  }

  private static String describe(JsonToken token, JsonParser p) throws IOException {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "the string " + Validation.quote(p.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + p.getText();
      case VALUE_TRUE, VALUE_FALSE -> "the boolean " + p.getText();
      case VALUE_NULL -> "null";
      default -> p.getText();
    };
  }

  /** The OpenAPI type of a request field, as a message names it. */
  private static String expected(Class<?> type) {
    if (type == null) {
      return "another type (see /api/v1/openapi.json)";
    }
    if (type == String.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    return type.getSimpleName();
  }
}
