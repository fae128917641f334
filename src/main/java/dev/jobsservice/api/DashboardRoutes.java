package dev.jobsservice.api;

import static dev.jobsservice.api.Replies.bounded;

import dev.jobsservice.jobs.JobStatus;
import dev.jobsservice.jobs.QueueView;
import dev.jobsservice.ops.HttpMeters;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard: its page and files ({@code webroot/} on the classpath, plain HTML, CSS and JS
 * with nothing fetched from elsewhere), and the two reads it needs beyond the job API:
 * {@code GET /stats} (queue depth, jobs by status, throughput) and {@code GET /workers}.
 * {@code GET /} serves the page to browsers (an Accept header that prefers text/html) and the
 * service's JSON description to everyone else, so API clients and curl see what they always did.
 */
final class DashboardRoutes {
  static final String UI = "/ui";

  /** Each configured queue's view, by name, default first. */
  private final Map<String, QueueView> views;
  private final Throughput throughput;

  DashboardRoutes(Map<String, QueueView> views, Throughput throughput) {
    this.views = views;
    this.throughput = throughput;
  }

  /** Mount before the JSON {@code GET /} route: this one passes non-browser requests on. */
  void mount(Endpoints endpoints, Router router) {
    endpoints.on(HttpMethod.GET, "/").handler(this::page);
    endpoints.on(HttpMethod.GET, "/stats").handler(this::stats);
    endpoints.on(HttpMethod.GET, "/workers").handler(this::workers);
    // Files, not API endpoints: mounted on the router itself (no Allow bookkeeping, no contract).
    router.route(UI + "/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(HttpMeters.route(UI + "/*"))
        .handler(StaticHandler.create("webroot")
        .setCachingEnabled(true).setMaxAgeSeconds(60).setIncludeHidden(false));
  }

  private void page(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.VARY, "Accept");
    if (prefersHtml(ctx)) {
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
      if (ctx.request().method() == HttpMethod.HEAD) {
        ctx.response().end();
      } else {
        ctx.response().sendFile("webroot/index.html").onFailure(ctx::fail);
      }
    } else {
      ctx.next();
    }
  }

  /** Does the client rank text/html before application/json? Browsers do; curl's any-type does not. */
  static boolean prefersHtml(RoutingContext ctx) {
    for (var accept : ctx.parsedHeaders().accept()) {
      String value = accept.value();
      if (value.equalsIgnoreCase("text/html")) {
        return true;
      }
      if (value.equalsIgnoreCase("application/json") || value.equals("*/*")) {
        return false;
      }
    }
    return false;
  }

  /**
   * The totals over every queue ({@code queue_depth}, {@code by_status}) and each queue's own
   * under {@code queues}; one batch per queue, in parallel.
   */
  private void stats(RoutingContext ctx) {
    List<String> names = new ArrayList<>(views.keySet());
    Future<List<QueueView.Counts>> all = Future.all(names.stream().map(q -> views.get(q).counts()).toList())
        .map(CompositeFuture::list);
    Future<JsonObject> recent = throughput.read();
    Replies.json(ctx, bounded(Future.all(all, recent)), 200, both -> {
      List<QueueView.Counts> counts = all.result();
      long waiting = 0;
      Map<JobStatus, Long> total = new EnumMap<>(JobStatus.class);
      JsonObject perQueue = new JsonObject();
      for (int i = 0; i < names.size(); i++) {
        QueueView.Counts c = counts.get(i);
        waiting += c.waiting();
        c.byStatus().forEach((status, n) -> total.merge(status, n, Long::sum));
        perQueue.put(names.get(i), new JsonObject().put("queue_depth", c.waiting()).put("by_status", byStatus(c.byStatus())));
      }
      return new JsonObject().put("queue_depth", waiting).put("by_status", byStatus(total))
          .put("queues", perQueue)
          .put("throughput", recent.result()).encode();
    });
  }

  private static JsonObject byStatus(Map<JobStatus, Long> counts) {
    JsonObject byStatus = new JsonObject();
    for (JobStatus status : JobStatus.values()) {
      byStatus.put(status.wireName(), counts.getOrDefault(status, 0L));
    }
    return byStatus;
  }

  private void workers(RoutingContext ctx) {
    List<String> names = new ArrayList<>(views.keySet());
    Future<List<List<QueueView.Worker>>> all = Future.all(names.stream().map(q -> views.get(q).workers()).toList())
        .map(CompositeFuture::list);
    Replies.json(ctx, bounded(all), 200, perQueue -> {
      JsonArray out = new JsonArray();
      for (int i = 0; i < names.size(); i++) {
        for (QueueView.Worker w : perQueue.get(i)) {
          JsonArray running = new JsonArray();
          w.running().forEach(r -> running.add(new JsonObject().put("id", r.id()).put("type", r.type())
              .put("started_at", r.startedAt())));
          out.add(new JsonObject().put("id", w.id()).put("queue", names.get(i)).put("alive", w.alive())
              .put("last_seen", Instant.ofEpochMilli(w.lastSeenMs()).toString()).put("running", running));
        }
      }
      return new JsonObject().put("workers", out).encode();
    });
  }
}
