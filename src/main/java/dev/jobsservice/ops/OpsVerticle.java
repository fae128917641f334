package dev.jobsservice.ops;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The HTTP server of a worker-only process: the health and metrics endpoints and nothing else,
 * on the port the API would use (so every pod has the same probes). Other paths get a 404 and
 * other methods a 405, as problem+json like the API's.
 */
public final class OpsVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final Map<String, Handler<RoutingContext>> routes;
  private final HttpMeters meters;
  private HttpServer server;

  OpsVerticle(String host, int port, Map<String, Handler<RoutingContext>> routes, HttpMeters meters) {
    this.host = host;
    this.port = port;
    this.routes = routes;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(meters).failureHandler(meters.failures());
    routes.forEach((path, handler) -> router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(HttpMeters.route(path)).handler(handler));
    // Vert.x Web's own refusal before any route (an HTTP/1.1 request without a Host header).
    router.errorHandler(400, ctx -> problem(ctx, 400, "Bad Request",
        ctx.failure() == null ? "the request is not valid" : ctx.failure().getMessage()));
    router.errorHandler(404, ctx -> problem(ctx, 404, "Not Found", "no such path; this process serves "
        + String.join(", ", routes.keySet())));
    router.errorHandler(405, ctx -> {
      ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
      problem(ctx, 405, "Method Not Allowed", "use GET");
    });
    server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
    meters.count(server);
    return server.requestHandler(router).listen().recover(err -> Future.failedFuture(new IllegalStateException(
        "cannot listen on " + host + ":" + port + " for /health and /metrics (" + err.getMessage()
            + "); give each process its own HTTP_PORT, or 0 for a free one", err)));
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private static void problem(RoutingContext ctx, int status, String title, String detail) {
    Ops.send(ctx, status, "application/problem+json", new JsonObject().put("type", "about:blank")
        .put("title", title).put("status", status).put("detail", detail).put("instance", ctx.request().path())
        .encode());
  }
}
