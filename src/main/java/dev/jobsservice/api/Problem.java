package dev.jobsservice.api;

import io.vertx.core.json.JsonObject;

/**
 * An HTTP error as the API reports it: an RFC 9457 problem document
 * ({@code application/problem+json}) with {@code type}, {@code title}, {@code status},
 * {@code detail}, plus optional extra members. Thrown from handlers; the failure handler writes it.
 */
final class Problem extends RuntimeException {
  private final int status;
  private final String title;
  private final JsonObject extra;
  private final Integer retryAfterSeconds;

  Problem(int status, String title, String detail, JsonObject extra, Integer retryAfterSeconds) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.extra = extra == null ? new JsonObject() : extra;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static Problem badRequest(String detail) {
    return new Problem(400, "Bad Request", detail, null, null);
  }

  static Problem notFound(String detail) {
    return new Problem(404, "Not Found", detail, null, null);
  }

  int status() {
    return status;
  }

  Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  JsonObject toJson(String instance) {
    JsonObject json = new JsonObject()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status)
        .put("detail", getMessage());
    if (instance != null) {
      json.put("instance", instance);
    }
    return json.mergeIn(extra);
  }
}
