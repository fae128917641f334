package dev.jobsservice.api;

import dev.jobsservice.jobs.RedisErrors;
import io.vertx.core.http.HttpClosedException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into one JSON problem shape with the right status. Bad input is a 4xx;
 * Redis being unreachable is a 503 with Retry-After; anything else is a 500 whose body says
 * nothing internal (the log has the detail).
 */
final class Failures {
  private static final Logger log = LoggerFactory.getLogger(Failures.class);
  /** What a client is told to wait before trying again when Redis is unreachable. */
  static final int REDIS_RETRY_AFTER_SECONDS = 2;

  private Failures() {
  }

  static void handle(RoutingContext ctx) {
    if (ctx.failure() instanceof HttpClosedException) {
      // The client went away: nobody to answer, and nothing wrong with the service.
      log.debug("{} {}: client closed the connection", ctx.request().method(), ctx.request().path());
      return;
    }
    write(ctx, toProblem(ctx));
  }

  /**
   * Requests the HTTP codec rejects before any route sees them: a URI or headers too long, a
   * malformed request line. Answered in the same problem shape, then the connection is closed.
   */
  static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem = cause instanceof TooLongHttpLineException
        ? new Problem(414, "URI Too Long", "the request line is longer than this service accepts", null, null)
        : cause instanceof TooLongHttpHeaderException
            ? new Problem(431, "Request Header Fields Too Large", "the request headers are too large", null, null)
            : Problem.badRequest("the request is not valid HTTP");
    request.response().setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(problem.toJson(null).encode())
        .onComplete(v -> request.connection().close());
  }

  static void write(RoutingContext ctx, Problem problem) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    var response = ctx.response().setStatusCode(problem.status());
    if (problem.retryAfterSeconds() != null) {
      response.putHeader(HttpHeaders.RETRY_AFTER, problem.retryAfterSeconds().toString());
    }
    Replies.send(ctx.request(), response, "application/problem+json", problem.toJson(ctx.request().path()).encode());
  }

  private static Problem toProblem(RoutingContext ctx) {
    Throwable err = ctx.failure();
    if (err instanceof Problem p) {
      return p;
    }
    if (err instanceof DecodeException || err instanceof IllegalArgumentException) {
      return Problem.badRequest(err.getMessage());
    }
    if (err instanceof HttpException http) {
      return forStatus(http.getStatusCode(), http.getPayload());
    }
    if (err == null) {
      return forStatus(ctx.statusCode(), null);
    }
    if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      // Vert.x Web's own refusals before any route, e.g. an HTTP/1.1 request without a Host
      // header: a client error with a message about the request, not a 500.
      return forStatus(ctx.statusCode(), err.getMessage());
    }
    if (RedisErrors.isUnavailable(err)) {
      log.warn("{} {}: Redis unavailable: {}", ctx.request().method(), ctx.request().path(), err.toString());
      return new Problem(503, "Service Unavailable", "the job store (Redis) is unavailable; try again shortly",
          null, REDIS_RETRY_AFTER_SECONDS);
    }
    log.error("{} {} failed", ctx.request().method(), ctx.request().path(), err);
    return new Problem(500, "Internal Server Error", "an internal error occurred; it has been logged", null, null);
  }

  static Problem forStatus(int status, String detail) {
    return switch (status) {
      case 400 -> Problem.badRequest(detail == null ? "the request is not valid" : detail);
      case 404 -> Problem.notFound(detail == null ? "no such resource" : detail);
      case 405 -> new Problem(405, "Method Not Allowed", "this method is not allowed on this resource", null, null);
      case 413 -> new Problem(413, "Content Too Large", "the request body is larger than this service accepts",
          null, null);
      case 415 -> new Problem(415, "Unsupported Media Type", detail == null ? "unsupported content type" : detail,
          null, null);
      case 503 -> new Problem(503, "Service Unavailable", "try again shortly", null, REDIS_RETRY_AFTER_SECONDS);
      default -> status >= 400 && status < 500
          ? new Problem(status, "Client Error", detail == null ? "the request cannot be served" : detail, null, null)
          : new Problem(500, "Internal Server Error", "an internal error occurred; it has been logged", null, null);
    };
  }
}
