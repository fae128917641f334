package dev.jobsservice.api;

import static dev.jobsservice.api.Replies.bounded;

import dev.jobsservice.jobs.Queues;
import dev.jobsservice.jobs.StreamIds;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /events} (every job) and {@code GET /jobs/{id}/events} (one job): Server-Sent Events
 * of status changes, each with the stream entry's id as its {@code id:}. A client that comes back
 * with {@code Last-Event-ID} (or {@code ?last_event_id=}) gets what it missed from the stored stream,
 * then live events. At most {@link LiveSettings#maxEventClients()} streams are open at once;
 * beyond that the answer is 503 with Retry-After.
 */
final class EventStreamRoutes {
  /** What a refused client is told to wait before trying again. */
  static final int BUSY_RETRY_AFTER_SECONDS = 5;

  private final Queues queues;
  private final EventLog events;
  private final EventHub hub;
  private final int maxClients;
  private int open;

  EventStreamRoutes(Queues queues, EventLog events, EventHub hub, int maxClients) {
    this.queues = queues;
    this.events = events;
    this.hub = hub;
    this.maxClients = maxClients;
  }

  void mount(Endpoints endpoints) {
    endpoints.on(HttpMethod.GET, "/events").handler(ctx -> stream(ctx, null));
    endpoints.on(HttpMethod.GET, "/jobs/:id/events").handler(ctx -> stream(ctx, ctx.pathParam("id")));
  }

  private void stream(RoutingContext ctx, String jobId) {
    String lastEventId = lastEventId(ctx);
    if (open >= maxClients) {
      throw new Problem(503, "Service Unavailable", "too many event streams are open (at most " + maxClients
          + "); try again shortly", null, BUSY_RETRY_AFTER_SECONDS);
    }
    Future<Boolean> known = jobId == null ? Future.succeededFuture(true)
        : bounded(queues.get(jobId)).map(job -> job != null);
    known.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (!ar.result()) {
        ctx.fail(Problem.notFound("no job with id '" + Replies.echo(jobId) + "'"));
      } else if (ctx.request().method() == HttpMethod.HEAD) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, SseStream.CONTENT_TYPE).end();
      } else if (open >= maxClients) {
        ctx.fail(new Problem(503, "Service Unavailable", "too many event streams are open; try again shortly",
            null, BUSY_RETRY_AFTER_SECONDS));
      } else {
        open++;
        new SseStream(ctx, events, hub, jobId, () -> open--).start(lastEventId);
      }
    });
  }

  /** The id to resume after: the Last-Event-ID header (what EventSource sends), else the query. */
  private static String lastEventId(RoutingContext ctx) {
    String header = ctx.request().getHeader("Last-Event-ID");
    String value = header != null && !header.isBlank() ? header.trim() : Requests.param(ctx, "last_event_id");
    if (value != null && !StreamIds.isValid(value)) {
      throw Problem.badRequest("Last-Event-ID must be an event id this service sent, such as 1700000000000-0");
    }
    return value;
  }
}
