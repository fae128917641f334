package dev.jobsservice.jobs;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;

/**
 * One follower of an events stream, from {@link JobEvents#follow}, until {@link #stop()}:
 * <ol>
 *   <li>finds the newest entry's id, so nothing added while it connects is missed;</li>
 *   <li>waits with XREAD BLOCK on a connection of its own, from a client of its own (a blocking
 *       read on a pooled connection would stall every other user of the pool);</li>
 *   <li>hands each entry's events to the listener, in stream order, and reads on from the last id seen;</li>
 *   <li>on any failure (Redis restarted or stalled, the connection dropped) drops the connection
 *       and its client, waits (100 ms doubling to 5 s), and resumes from the last id seen; the
 *       listener hears {@link JobEvents.Listener#onResync()}, since entries may have been trimmed
 *       meanwhile.</li>
 * </ol>
 * Everything runs on the event loop that started it: nothing blocks it, and the listener is
 * called there. A stopped follower stays stopped; following again takes a new one.
 */
public final class EventFollower {
  /** XREAD's BLOCK: a finite wait (a stopping follower is never stuck), long enough to cost nothing. */
  static final int BLOCK_MS = 5_000;
  /** Past BLOCK_MS, how long before a silent Redis counts as stalled and the connection is dropped. */
  static final long GRACE_MS = 5_000;
  /** Entries per read: a burst is taken in a few round trips, and no reply is huge. */
  static final int BATCH = 500;
  static final long FIRST_BACKOFF_MS = 100;
  static final long MAX_BACKOFF_MS = 5_000;

  private final Vertx vertx;
  private final RedisOptions options;
  private final Keys keys;
  private final JobEvents events;
  private final JobEvents.Listener listener;
  private final Promise<String> from = Promise.promise();
  private Redis blockingClient;
  private RedisConnection blocking;
  private String lastId;
  private boolean stopped;
  private boolean cutOff;
  private long backoffMs = FIRST_BACKOFF_MS;

  EventFollower(Vertx vertx, RedisOptions options, Keys keys, JobEvents events, JobEvents.Listener listener) {
    this.vertx = vertx;
    this.options = options;
    this.keys = keys;
    this.events = events;
    this.listener = listener;
  }

  /**
   * The id of the newest event when it started ("0-0" for an empty stream): the listener gets
   * every event after it. Completes once Redis answered, which may be long after a start with
   * Redis down; never, if stopped before that.
   */
  public Future<String> from() {
    return from.future();
  }

  public Future<Void> stop() {
    stopped = true;
    Redis client = blockingClient;
    blockingClient = null;
    blocking = null;
    return client == null ? Future.succeededFuture() : client.close();
  }

  void start() {
    read();
  }

  private void read() {
    if (stopped) {
      return;
    }
    // XREAD goes on from the newest entry's id; callers are told the newest event's.
    Future<Void> start = lastId != null ? Future.succeededFuture() : events.newestEntry().map(entry -> {
      lastId = entry == null ? "0-0" : entry.get(0).toString();
      from.tryComplete(events.lastEventId(entry));
      return null;
    });
    start.compose(v -> connection())
        .compose(conn -> conn.send(Request.cmd(Command.XREAD).arg("COUNT").arg(BATCH).arg("BLOCK").arg(BLOCK_MS)
            .arg("STREAMS").arg(keys.events()).arg(lastId))
        .timeout(BLOCK_MS + GRACE_MS, TimeUnit.MILLISECONDS))
        .onComplete(ar -> {
          if (stopped) {
            return;
          }
          if (ar.failed()) {
            retryLater();
            return;
          }
          backoffMs = FIRST_BACKOFF_MS;
          if (cutOff) {
            cutOff = false;
            listener.onResync();
          }
          Response entries = JobEvents.streamEntries(ar.result());
          if (entries != null && entries.size() > 0) {
            // XREAD goes on from entry ids; the listener hears events.
            lastId = entries.get(entries.size() - 1).get(0).toString();
            events.entries(entries).forEach(listener::onEvent);
          }
          vertx.runOnContext(v -> read());
        });
  }

  /** A connection whose command failed or timed out is never reused: its client goes with it. */
  private void retryLater() {
    cutOff = true;
    Redis old = blockingClient;
    blockingClient = null;
    blocking = null;
    if (old != null) {
      old.close();
    }
    long delay = backoffMs;
    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    vertx.setTimer(delay, t -> read());
  }

  private Future<RedisConnection> connection() {
    if (blocking != null) {
      return Future.succeededFuture(blocking);
    }
    if (blockingClient == null) {
      // Two: the Cluster client reads its slot map on a pooled connection of its own, and this one
      // holds its first for good.
      blockingClient = Redis.createClient(vertx, new RedisOptions(options).setMaxPoolSize(2));
    }
    return blockingClient.connect().onSuccess(conn -> {
      blocking = conn;
      // The pending XREAD fails too when the connection goes; these only keep it from being reused.
      conn.exceptionHandler(err -> forget(conn));
      conn.endHandler(v -> forget(conn));
    });
  }

  private void forget(RedisConnection conn) {
    if (blocking == conn) {
      blocking = null;
    }
  }
}
