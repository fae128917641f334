package dev.jobsservice.api;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.data.DataStore;
import dev.jobsservice.jobs.JobEvents;
import dev.jobsservice.jobs.Queues;
import dev.jobsservice.jobs.QueueView;
import dev.jobsservice.ops.HttpMeters;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.redis.client.Redis;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The REST API: the producer side of the job queue, and the dataset endpoints. */
public final class HttpVerticle extends VerticleBase {
  /**
   * A connection that sends nothing for this long is closed: a client that stops half-way through
   * a request must not hold a connection forever. Far above any request this API serves.
   */
  static final int IDLE_TIMEOUT_SECONDS = 120;

  private final ApiSettings settings;
  private final Analyses analyses;
  private final ApiDocument document;
  private final Map<String, Handler<RoutingContext>> extraGets;
  private final HttpMeters meters;
  private Redis redis;
  private EventLog events;
  private EventHub hub;
  private Endpoints endpoints;
  private HttpServer server;
  private RetentionSweep sweep;

  /**
   * With {@code extraGets} (path → handler) mounted for GET and HEAD too (the health and metrics
   * endpoints), and every request counted in {@code meters}.
   */
  public HttpVerticle(ApiSettings settings, Analyses analyses, Map<String, Handler<RoutingContext>> extraGets,
      HttpMeters meters) {
    this.settings = settings;
    this.analyses = analyses;
    this.document = ApiDocument.load();
    this.extraGets = extraGets;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    redis = Redis.createClient(vertx, settings.redis());
    Router router = Router.router(vertx);
    BodyHandler body = BodyHandler.create(false)
        .setBodyLimit(settings.bodyLimitBytes())
        .setHandleFileUploads(false);
    // First, so that every answer is counted, a 401 included.
    router.route().handler(meters).failureHandler(meters.failures());
    if (settings.authToken() != null) {
      router.route().handler(new BearerAuth(settings.authToken(), settings.authAll()));
    }
    Endpoints endpoints = new Endpoints(router);
    // Probes and scrapers send no token: BearerAuth lets /health/* and /metrics through.
    extraGets.forEach((path, handler) -> endpoints.on(HttpMethod.GET, path).handler(handler));
    Queues queues = Queues.create(redis, settings.queue(), settings.queues());
    List<String> queuePrefixes = settings.queues().stream().map(q -> settings.queue().forQueue(q).prefix()).toList();
    // One stream per queue, followed while someone listens; with several, each event says its queue.
    events = new EventLog(settings.queues().stream().map(q -> JobEvents.create(vertx, settings.redis(), redis,
        settings.queue().forQueue(q).prefix(), settings.queues().size() == 1 ? null : q)).toList());
    hub = new EventHub(vertx, events.streams());
    Throughput throughput = new Throughput(vertx, hub, events.streams());
    // Before JobRoutes: it holds GET /jobs/{id}?wait= requests, then hands them on.
    new JobWait(queues::get, hub, settings.live().maxWaitSeconds()).mount(endpoints);
    // Before the JSON results route: it answers only requests for a chart and passes the rest on.
    new ResultChartRoutes(queues, analyses).mount(endpoints);
    new JobRoutes(queues, analyses, settings.defaultType(), settings.queue(), settings.maxJsonDepth())
        .mount(endpoints, body);
    // Datasets keep the base prefix; a change raises the data version in every queue's slot.
    new DataRoutes(DataStore.create(redis, settings.prefix(), queuePrefixes), settings.dataLimitBytes())
        .mount(endpoints);
    new EventStreamRoutes(queues, events, hub, settings.live().maxEventClients()).mount(endpoints);
    // Before the JSON GET /: browsers get the dashboard, other clients the JSON below.
    Map<String, QueueView> views = new LinkedHashMap<>();
    settings.queues().forEach(q -> views.put(q, QueueView.create(redis, settings.queue().forQueue(q).prefix())));
    new DashboardRoutes(views, throughput).mount(endpoints, router);
    document.mount(endpoints);
    endpoints.on(HttpMethod.GET, "/").handler(ctx -> Replies.json(ctx, 200, index(endpoints).encode()));
    this.endpoints = endpoints;
    sweep = new RetentionSweep(vertx, queues);
    sweep.start();
    router.route().failureHandler(Failures::handle);
    for (int status : new int[] {400, 404, 413, 415, 500}) {
      router.errorHandler(status, ctx -> Failures.write(ctx, Failures.forStatus(status, null)));
    }
    router.errorHandler(405, ctx -> {
      String allow = endpoints.allow(ctx.request().path());
      if (allow != null) {
        ctx.response().putHeader(HttpHeaders.ALLOW, allow);
      }
      Failures.write(ctx, Failures.forStatus(405, null));
    });
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(settings.host()).setPort(settings.port())
        .setCompressionSupported(true)
        // No route takes a WebSocket: without its compression extensions Vert.x leaves their
        // handler out of the pipeline, which every response passed through.
        .setPerFrameWebSocketCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false)
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS));
    meters.count(server);
    return server.requestHandler(router).invalidRequestHandler(Failures::invalidRequest).listen();
  }

  @Override
  public Future<?> stop() {
    if (sweep != null) {
      sweep.stop();
    }
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.eventually(() -> hub == null ? Future.succeededFuture() : hub.close())
        .eventually(() -> redis.close());
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  /** Every route template (e.g. {@code /jobs/:id}) with its methods: what the contract test walks. */
  Map<String, Set<String>> routes() {
    return endpoints.routes();
  }

  private JsonObject index(Endpoints endpoints) {
    JsonArray list = new JsonArray();
    endpoints.routes().forEach((template, methods) -> methods.stream().sorted()
        .filter(m -> !m.equals(HttpMethod.HEAD.name()))
        .forEach(m -> list.add(m + " " + template.replaceAll(":([a-z]+)", "{$1}"))));
    return new JsonObject()
        .put("service", "jobs-service")
        .put("job_types", new JsonArray(analyses.types().stream().sorted().toList()))
        .put("endpoints", list)
        .put("dashboard", "/ (in a browser)")
        .put("openapi", "/openapi.yaml");
  }
}
