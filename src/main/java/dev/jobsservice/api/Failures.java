package dev.jobsservice.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
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
    write(ctx, toProblem(ctx));
  }

  static void write(RoutingContext ctx, Problem problem) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    var response = ctx.response().setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json");
    if (problem.retryAfterSeconds() != null) {
      response.putHeader(HttpHeaders.RETRY_AFTER, problem.retryAfterSeconds().toString());
    }
    response.end(problem.toJson(ctx.request().path()).encode());
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
    if (isRedisUnavailable(err)) {
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

  /**
   * Error replies and client errors that mean "Redis cannot serve now" rather than "this request
   * is wrong": the connection closed under a command, Redis still loading its append-only file
   * after a restart, a replica or cluster mid-failover, a busy script, Redis out of memory.
   */
  private static final List<String> UNAVAILABLE_PREFIXES = List.of(
      "CONNECTION_CLOSED", "LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "OOM",
      "NOREPLICAS");

  /**
   * Connection refused or reset, a timeout waiting for Redis, or one of the replies above: the
   * store is unavailable (503). Any other Redis error reply is a bug here and goes to the 500 branch.
   */
  private static boolean isRedisUnavailable(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof TimeoutException) {
        return true;
      }
      String message = String.valueOf(t.getMessage());
      if (UNAVAILABLE_PREFIXES.stream().anyMatch(message::startsWith)
          || message.contains("Connection pool reached max wait queue size")) {
        return true;
      }
    }
    return false;
  }
}
