package dev.jobsservice.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.Locale;

/**
 * Runs before the body handler of a JSON route. {@code curl -d} labels its body form-encoded,
 * and Vert.x would then parse it as a form (failing on a field over 1 KiB or on a '%'): the label
 * is replaced so the bytes stay as sent. A multipart upload is refused with a hint.
 * (A platform handler, because Vert.x Web lets only those run before a body handler.)
 */
final class JsonBodyLabel implements PlatformHandler {
  static final JsonBodyLabel INSTANCE = new JsonBodyLabel();

  private JsonBodyLabel() {
  }

  @Override
  public void handle(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
    if (lower.startsWith("multipart/")) {
      ctx.fail(new Problem(415, "Unsupported Media Type", "send the JSON as the request body itself, e.g. "
          + "curl --data-binary @file.json -H 'Content-Type: application/json'", null, null));
      return;
    }
    if (lower.startsWith("application/x-www-form-urlencoded")) {
      ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
    }
    ctx.next();
  }
}
