package dev.jobsservice.api;

import dev.jobsservice.data.Surrogates;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Reading what a client sent: the JSON body and query parameters, with 400s for bad values. */
final class Requests {
  static final int DEFAULT_MAX_JSON_DEPTH = 32;

  private Requests() {
  }

  /**
   * The body decoded as JSON, whatever the Content-Type says: {@code curl -d '{...}'} sends
   * form encoding by default, and the teaching text's API reads it with get_json(force=True).
   * Nesting deeper than {@code limit} arrays or objects is refused.
   */
  static Object json(RoutingContext ctx, int limit) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw Problem.badRequest("the request body must be JSON, and it is empty");
    }
    if (JsonDepth.exceeds(body, limit)) {
      throw Problem.badRequest("the request body nests JSON deeper than " + limit + " levels");
    }
    if (!Utf8.isValid(body)) {
      throw Problem.badRequest("the request body is not well-formed UTF-8 (JSON must be UTF-8)");
    }
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw Problem.badRequest("the request body is not valid JSON: " + shortReason(e));
    }
    if (JsonDepth.exceeds(value, limit)) {
      throw Problem.badRequest("the request body nests JSON deeper than " + limit + " levels");
    }
    if (Surrogates.loneIn(value)) {
      throw Problem.badRequest("the request body holds a lone UTF-16 surrogate (such as \\ud800 without its pair), "
          + "which is not Unicode text");
    }
    return value;
  }

  /** Jackson's reason, without what names its internals (a hint such as "enable `SomeFeature`"). */
  private static String shortReason(DecodeException e) {
    String m = String.valueOf(e.getMessage());
    if (m.startsWith("Failed to decode:")) {
      m = m.substring("Failed to decode:".length());
    }
    // Jackson appends the source location and a quote of the input: keep only the reason.
    for (String marker : new String[] {"\n", " at [Source", " (start marker", " (for "}) {
      int cut = m.indexOf(marker);
      m = cut > 0 ? m.substring(0, cut) : m;
    }
    // "...: enable `JsonReadFeature.X` to allow", "(1000, from `StreamReadConstraints.getY()`)"
    m = m.replaceAll(": enable `[^`]*` to allow", "").replaceAll(", from `[^`]*`", "").replaceAll("`[^`]*`", "").trim();
    return m.length() > 200 ? m.substring(0, 200) : m;
  }

  /** A single optional query parameter; null when absent or empty, 400 when given twice. */
  static String param(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.size() > 1) {
      throw Problem.badRequest("query parameter '" + name + "' is given more than once");
    }
    return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
  }

  /** An integer query parameter within [min, max], or {@code dflt} when absent. */
  static int intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
    String value = param(ctx, name);
    if (value == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw Problem.badRequest("query parameter '" + name + "' must be a whole number from " + min + " to " + max);
  }
}
