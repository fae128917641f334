package dev.jobsservice.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.RedisOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The endpoints an operator and an orchestrator use, served by every process on its HTTP port:
 * {@code GET /health/live}, {@code GET /health/ready} (200 when up, 503 with the failing check
 * when not; JSON) and {@code GET /metrics} (Prometheus text). The API mounts them on its router;
 * a worker-only process serves them alone ({@link #server}). They never need a token.
 */
public final class Ops {
  public static final String LIVE = "/health/live";
  public static final String READY = "/health/ready";
  public static final String METRICS = "/metrics";
  /** The Prometheus text exposition format that {@link PrometheusMeterRegistry#scrape()} writes. */
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Metrics metrics;
  private final Health health;
  private final QueueDepth depth;
  private final HttpMeters httpMeters;

  private Ops(Metrics metrics, Health health, QueueDepth depth) {
    this.metrics = metrics;
    this.health = health;
    this.depth = depth;
    this.httpMeters = new HttpMeters(metrics.registry());
  }

  /**
   * Health checks and meters for a process on {@code vertx} that runs {@code workers} worker
   * verticles (0 for the API alone), reading Redis through a client of its own.
   */
  public static Ops create(Vertx vertx, Metrics metrics, RedisOptions redisOptions, String prefix, int workers) {
    return create(vertx, metrics, redisOptions, Map.of("default", prefix), workers);
  }

  /** As above, for the named queues {@code queuePrefixes} (name → key prefix): the depth gauges say which. */
  public static Ops create(Vertx vertx, Metrics metrics, RedisOptions redisOptions, Map<String, String> queuePrefixes,
      int workers) {
    OpsRedis redis = new OpsRedis(vertx, redisOptions, queuePrefixes);
    return new Ops(metrics, new Health(vertx, redis, workers),
        new QueueDepth(metrics.registry(), redis.queues(), redis::counts));
  }

  /** Each path, for GET (and HEAD), with its handler; in the order to mount them. */
  public Map<String, Handler<RoutingContext>> routes() {
    Map<String, Handler<RoutingContext>> routes = new LinkedHashMap<>();
    routes.put(LIVE, ctx -> health.live().onComplete(ar -> health(ctx, ar)));
    routes.put(READY, ctx -> health.ready().onComplete(ar -> health(ctx, ar)));
    routes.put(METRICS, ctx -> depth.refresh().onComplete(v -> send(ctx, 200, PROMETHEUS_TEXT, metrics.scrape())));
    return routes;
  }

  /** The meters of this process's HTTP server, the API's or {@link #server}'s. */
  public HttpMeters httpMeters() {
    return httpMeters;
  }

  /** An HTTP server of these endpoints alone, for a process that runs no API. */
  public OpsVerticle server(String host, int port) {
    return new OpsVerticle(host, port, routes(), httpMeters);
  }

  private static void health(RoutingContext ctx, AsyncResult<CheckResult> ar) {
    // checkStatus() reports failed procedures inside its result; a failure here is a bug, so down.
    boolean up = ar.succeeded() && ar.result().getUp();
    String body = ar.succeeded() ? ar.result().toJson().encode() : "{\"status\":\"DOWN\"}";
    send(ctx, up ? 200 : 503, "application/json", body);
  }

  /** Ends with {@code body}, or with its length alone for HEAD. Probes and scrapes are never cached. */
  static void send(RoutingContext ctx, int status, String contentType, String body) {
    HttpServerResponse response = ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(Buffer.buffer(body).length())).end();
    } else {
      response.end(body);
    }
  }
}
