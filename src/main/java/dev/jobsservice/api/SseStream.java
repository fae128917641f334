package dev.jobsservice.api;

import dev.jobsservice.jobs.JobEvent;
import dev.jobsservice.jobs.StreamIds;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One open event stream:
 * <ol>
 *   <li>subscribes first, holding back the live events that arrive meanwhile, and answers once the
 *       events are followed (503 if Redis cannot be reached within {@link Replies#REDIS_TIMEOUT_MS});</li>
 *   <li>with a Last-Event-ID, sends the stored events after it, page by page (and first an
 *       {@code event: reset} when that id is older than the oldest entry kept: the stream is capped,
 *       so the client may have missed events and should read the state again);</li>
 *   <li>sends the held-back events the replay did not already send, then every event live.</li>
 * </ol>
 * A comment every {@link #KEEP_ALIVE_MS} keeps proxies and the idle timeout from closing it. A
 * client that reads too slowly (its write queue fills up) is cut off rather than buffered without
 * bound: it reconnects with its Last-Event-ID and misses nothing.
 */
final class SseStream implements EventHub.Subscriber {
  static final String CONTENT_TYPE = "text/event-stream";
  static final long KEEP_ALIVE_MS = 15_000;
  /** How long a browser's EventSource waits before reconnecting. */
  static final int RETRY_MS = 2_000;
  static final int REPLAY_PAGE = 500;

  private final RoutingContext ctx;
  private final HttpServerResponse response;
  private final EventLog events;
  private final EventHub hub;
  private final String jobId;
  private final Runnable onClose;
  private List<JobEvent> heldBack = new ArrayList<>();
  /**
   * The last stream id sent, per queue (the {@code queue} field of events when several queues
   * are followed; null with one): each queue's stream is ordered, but two streams interleave.
   */
  private final Map<String, String> sentUpTo = new HashMap<>();
  private String resumedFrom;
  private EventHub.Watch watch;
  private long keepAlive = -1;
  /** Headers set and the first lines sent: nothing may be written before. */
  private boolean begun;
  private boolean closed;

  SseStream(RoutingContext ctx, EventLog events, EventHub hub, String jobId, Runnable onClose) {
    this.ctx = ctx;
    this.response = ctx.response();
    this.events = events;
    this.hub = hub;
    this.jobId = jobId;
    this.onClose = onClose;
  }

  void start(String lastEventId) {
    // Called on a close or a failure of the connection too. The response's own close and exception
    // handlers have one place each, which the router's end handlers (the HTTP meters) hold.
    ctx.addEndHandler(v -> close());
    watch = jobId == null ? hub.watchAll(this) : hub.watch(jobId, this);
    Replies.bounded(watch.live()).onComplete(ar -> {
      if (closed) {
        return;
      }
      if (ar.failed()) {
        close();
        ctx.fail(ar.cause());
      } else {
        begin(lastEventId);
      }
    });
  }

  private void begin(String lastEventId) {
    begun = true;
    response.setStatusCode(200).setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        // Compression would hold events back in the compressor's buffer.
        .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
        .putHeader("X-Accel-Buffering", "no");
    keepAlive = ctx.vertx().setPeriodic(KEEP_ALIVE_MS, t -> write(": keep-alive\n\n"));
    write("retry: " + RETRY_MS + "\n: connected\n\n");
    if (lastEventId == null) {
      goLive();
      return;
    }
    resumedFrom = lastEventId;
    events.oldestId().onComplete(ar -> {
      if (ar.failed()) {
        end();
        return;
      }
      if (ar.result() == null || StreamIds.compare(lastEventId, ar.result()) < 0) {
        write(reset("Last-Event-ID " + lastEventId + " is older than the oldest event kept"));
      }
      replay(lastEventId);
    });
  }

  private void replay(String after) {
    if (closed) {
      return;
    }
    events.range("(" + after, "+", REPLAY_PAGE).onComplete(ar -> {
      if (ar.failed()) {
        // Redis went away mid-replay: the client comes back with the last id it got.
        end();
        return;
      }
      for (JobEvent event : ar.result()) {
        send(event);
      }
      if (ar.result().size() == REPLAY_PAGE) {
        replay(ar.result().get(REPLAY_PAGE - 1).eventId());
      } else {
        goLive();
      }
    });
  }

  private void goLive() {
    List<JobEvent> held = heldBack;
    heldBack = null;
    held.forEach(this::send);
  }

  @Override
  public void onEvent(JobEvent event) {
    if (heldBack != null) {
      heldBack.add(event);
    } else {
      send(event);
    }
  }

  @Override
  public void onResync() {
    if (!begun) {
      // Not begun yet: this client has missed nothing, and nothing may be written before the headers.
      return;
    }
    write(reset("the service lost sight of the event stream for a while"));
  }

  /** Sends {@code event} unless it was sent already (live and replayed ones overlap) or is another job's. */
  private void send(JobEvent event) {
    String queue = event.fields().get("queue");
    String upTo = sentUpTo.getOrDefault(queue, resumedFrom);
    if (upTo != null && StreamIds.compare(event.eventId(), upTo) <= 0) {
      return;
    }
    sentUpTo.put(queue, event.eventId());
    if (jobId != null && !jobId.equals(event.jobId())) {
      return;
    }
    write("id: " + event.eventId() + "\ndata: " + data(event).encode() + "\n\n");
  }

  /** The entry's fields (id, status, and whatever else the script wrote), plus when it happened. */
  static JsonObject data(JobEvent event) {
    JsonObject json = new JsonObject();
    new TreeMap<>(event.fields()).forEach(json::put);
    return json.put("time", Instant.ofEpochMilli(event.timeMs()).toString());
  }

  private static String reset(String why) {
    return "event: reset\ndata: " + new JsonObject().put("reason", why).encode() + "\n\n";
  }

  private void write(String text) {
    if (closed) {
      return;
    }
    if (response.writeQueueFull()) {
      close();
      ctx.request().connection().close();
      return;
    }
    response.write(text);
  }

  private void end() {
    if (!closed) {
      close();
      response.end();
    }
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    watch.cancel();
    ctx.vertx().cancelTimer(keepAlive);
    onClose.run();
  }
}
