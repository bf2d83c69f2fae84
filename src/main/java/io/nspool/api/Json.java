package io.nspool.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import io.nspool.error.InvalidArgumentException;
import java.util.stream.Collectors;

/** Strict request parsing: a body over 64 KiB, malformed JSON or an unknown field is a 400. */
final class Json {
  static final int MAX_BODY_BYTES = 64 * 1024;
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
          .setSerializationInclusion(JsonInclude.Include.ALWAYS);

  private Json() {}

  static <T> T body(Context ctx, Class<T> type) {
    if (ctx.contentLength() > MAX_BODY_BYTES) {
      throw tooLarge(ctx.contentLength());
    }
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length > MAX_BODY_BYTES) {
      throw tooLarge(bytes.length);
    }
    if (bytes.length == 0) {
      throw new InvalidArgumentException(
          "request body: empty; send a JSON object (see docs/api.md)");
    }
    try {
      T value = MAPPER.readValue(bytes, type);
      if (value == null) {
        throw new InvalidArgumentException("request body: null; send a JSON object");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidArgumentException(
          "request body: unknown field \""
              + e.getPropertyName()
              + "\"; known fields: "
              + e.getKnownPropertyIds().stream()
                  .map(Object::toString)
                  .sorted()
                  .collect(Collectors.joining(", ")));
    } catch (MismatchedInputException e) {
      String field =
          e.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."));
      throw new InvalidArgumentException(
          "request body: field \""
              + field
              + "\" has the wrong type; expected "
              + e.getTargetType().getSimpleName());
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException(
          "request body: not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (java.io.IOException e) {
      throw new InvalidArgumentException("request body: cannot be read (" + e.getMessage() + ")");
    }
  }

  private static InvalidArgumentException tooLarge(long size) {
    return new InvalidArgumentException(
        "request body: " + size + " bytes exceeds the limit of " + MAX_BODY_BYTES + " bytes");
  }
}
