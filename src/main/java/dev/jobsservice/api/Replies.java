package dev.jobsservice.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Answers from Redis-backed futures: the rendered result with a status, or the failure handed to
 * {@link Failures}. Each Redis call is bounded by {@link #REDIS_TIMEOUT_MS}.
 */
final class Replies {
  /**
   * The longest a request waits on Redis before answering 503. Redis answers in microseconds
   * when it is up; this bounds the wait when it is stalled or restarting.
   */
  static final long REDIS_TIMEOUT_MS = 5_000;
  /** Encoded to header bytes once, not for every answer. */
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private Replies() {
  }

  /** {@code redisCall}, failed with a TimeoutException (so a 503) if Redis takes too long. */
  static <T> Future<T> bounded(Future<T> redisCall) {
    return redisCall.timeout(REDIS_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  /** Sends {@code render(result)} as JSON with {@code status}, or fails the request. */
  static <T> void json(RoutingContext ctx, Future<T> result, int status, Function<T, String> render) {
    result.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        json(ctx, status, render.apply(ar.result()));
      }
    });
  }

  static void json(RoutingContext ctx, int status, String body) {
    send(ctx.request(), ctx.response().setStatusCode(status), JSON, body);
  }

  /** Ends a response with {@code body}, or with its length alone for HEAD, which has no body. */
  static void send(HttpServerRequest request, HttpServerResponse response, CharSequence contentType, String body) {
    response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    if (request.method() == HttpMethod.HEAD) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(Buffer.buffer(body).length())).end();
    } else {
      response.end(body);
    }
  }

  /** The value, or a failure with {@code problem} when it is null (an unknown id). */
  static <T> Future<T> orNotFound(T value, Problem problem) {
    return value == null ? Future.failedFuture(problem) : Future.succeededFuture(value);
  }

  /** An id as it may be echoed in an error: cut short if a client sent something huge. */
  static String echo(String id) {
    return id.length() > 80 ? id.substring(0, 80) + "…" : id;
  }
}
