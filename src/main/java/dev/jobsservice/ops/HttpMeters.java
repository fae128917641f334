package dev.jobsservice.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The HTTP server's meters, under the names and labels of Vert.x's own ({@code
 * vertx_http_server_requests_total}, {@code vertx_http_server_response_time_seconds}, ...), kept
 * by the router: mount it as the first route, with {@link #failures()} as that route's failure
 * handler, and mark each route with {@link #route(String)}.
 *
 * <p>Why not Vert.x's: they look their meters up by tags on every request, a tenth of the API's
 * CPU per submit; and in Vert.x 5.0.7 a connection accepted while the server binds gets no socket
 * metric, so its first request fails inside the metrics and is never answered. Here each route,
 * method and status finds its meters in one map look-up.
 */
public final class HttpMeters implements PlatformHandler {
  private static final String IN_FLIGHT = HttpMeters.class.getName();
  /** Any other method is labelled "other": a client must not create a series per made-up method. */
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final MeterRegistry registry;
  private final Map<String, MethodMeters> byMethod = new ConcurrentHashMap<>();
  private final Map<Key, Answered> answered = new ConcurrentHashMap<>();
  private final Map<Key, Counter> resets = new ConcurrentHashMap<>();
  // Made once: a reference to an inner class's constructor captures this, a new object per use,
  // and these run on every request.
  private final Function<String, MethodMeters> newMethod = MethodMeters::new;
  private final Function<Key, Answered> newAnswered = Answered::new;
  private final Function<Key, Counter> newResets = this::resets;
  private final AtomicLong connections = new AtomicLong();

  public HttpMeters(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("vertx.http.server.active.connections", connections, AtomicLong::get)
        .description("Open HTTP connections").register(registry);
  }

  /** A handler for a route's first place: requests it takes are labelled {@code template}. */
  public static PlatformHandler route(String template) {
    return ctx -> {
      InFlight request = ctx.get(IN_FLIGHT);
      if (request != null) {
        request.route = template;
      }
      ctx.next();
    };
  }

  /**
   * The failure handler of the first route. The router refuses some requests before any route
   * (an HTTP/1.1 request without a Host header): they are counted from here.
   */
  public Handler<RoutingContext> failures() {
    return ctx -> {
      if (ctx.get(IN_FLIGHT) == null) {
        begin(ctx);
      }
      ctx.next();
    };
  }

  /** Counts {@code server}'s open connections. */
  public void count(HttpServer server) {
    server.connectionHandler(connection -> {
      connections.incrementAndGet();
      connection.closeHandler(v -> connections.decrementAndGet());
    });
  }

  @Override
  public void handle(RoutingContext ctx) {
    begin(ctx);
    ctx.next();
  }

  private void begin(RoutingContext ctx) {
    InFlight request = new InFlight(ctx,
        byMethod.computeIfAbsent(label(ctx.request().method().name()), newMethod));
    ctx.put(IN_FLIGHT, request);
    // Called once: when the response ends, or when the connection closes or fails before that.
    ctx.addEndHandler(request);
  }

  private static String label(String method) {
    return METHODS.contains(method) ? method : "other";
  }

  private Counter resets(Key key) {
    return Counter.builder("vertx.http.server.request.resets").description("Requests closed before their answer")
        .tag("method", key.method).tag("route", key.route).register(registry);
  }

  private record Key(String route, String method, int code) {}

  /** One request being served: when it began, and the route that took it, once one has. */
  private final class InFlight implements Handler<AsyncResult<Void>> {
    final RoutingContext ctx;
    final MethodMeters method;
    final long start = System.nanoTime();
    String route = "";

    InFlight(RoutingContext ctx, MethodMeters method) {
      this.ctx = ctx;
      this.method = method;
      method.active.incrementAndGet();
    }

    @Override
    public void handle(AsyncResult<Void> ended) {
      method.active.decrementAndGet();
      method.requestBytes.record(ctx.request().bytesRead());
      HttpServerResponse response = ctx.response();
      if (response.ended()) {
        answered.computeIfAbsent(new Key(route, method.name, response.getStatusCode()), newAnswered)
            .record(System.nanoTime() - start, response.bytesWritten());
      } else {
        resets.computeIfAbsent(new Key(route, method.name, 0), newResets).increment();
      }
    }
  }

  /** The meters of one method, whatever its route. */
  private final class MethodMeters {
    final String name;
    final AtomicLong active = new AtomicLong();
    final DistributionSummary requestBytes;

    MethodMeters(String name) {
      this.name = name;
      Gauge.builder("vertx.http.server.active.requests", active, AtomicLong::get)
          .description("Requests being processed").tag("method", name).register(registry);
      requestBytes = DistributionSummary.builder("vertx.http.server.request.bytes")
          .description("Size of requests in bytes").tag("method", name).register(registry);
    }
  }

  /** The meters of the requests answered with one route, method and status. */
  private final class Answered {
    final Counter requests;
    final Timer time;
    final DistributionSummary responseBytes;

    Answered(Key key) {
      String code = Integer.toString(key.code);
      requests = Counter.builder("vertx.http.server.requests").description("Number of processed requests")
          .tag("code", code).tag("method", key.method).tag("route", key.route).register(registry);
      time = Timer.builder("vertx.http.server.response.time").description("Request processing time")
          .tag("code", code).tag("method", key.method).tag("route", key.route).register(registry);
      responseBytes = DistributionSummary.builder("vertx.http.server.response.bytes")
          .description("Size of responses in bytes")
          .tag("code", code).tag("method", key.method).tag("route", key.route).register(registry);
    }

    void record(long nanos, long bytes) {
      requests.increment();
      time.record(nanos, TimeUnit.NANOSECONDS);
      responseBytes.record(bytes);
    }
  }
}
