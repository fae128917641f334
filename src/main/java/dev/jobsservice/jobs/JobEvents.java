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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads the events stream (every status change, written by the scripts that make it): one
 * follower per process that hands each new entry to a {@link Listener}, plus paged reads of what
 * is stored, for replays. The follower:
 * <ol>
 *   <li>finds the newest entry's id, so nothing added while it connects is missed;</li>
 *   <li>waits with XREAD BLOCK on a connection of its own, from a client of its own (a blocking
 *       read on a pooled connection would stall every other user of the pool);</li>
 *   <li>hands each entry to the listener, in stream order, and reads on from the last id seen;</li>
 *   <li>on any failure (Redis restarted or stalled, the connection dropped) drops the connection
 *       and its client, waits (100 ms doubling to 5 s), and resumes from the last id seen; the
 *       listener hears {@link Listener#onResync()}, since entries may have been trimmed meanwhile.</li>
 * </ol>
 * Everything runs on the event loop of the verticle that calls {@link #follow}: nothing blocks it,
 * and the listener is called there.
 */
public final class JobEvents {
  /** XREAD's BLOCK: a finite wait (a stopping follower is never stuck), long enough to cost nothing. */
  static final int BLOCK_MS = 5_000;
  /** Past BLOCK_MS, how long before a silent Redis counts as stalled and the connection is dropped. */
  static final long GRACE_MS = 5_000;
  /** Entries per read: a burst is taken in a few round trips, and no reply is huge. */
  static final int BATCH = 500;
  static final long FIRST_BACKOFF_MS = 100;
  static final long MAX_BACKOFF_MS = 5_000;

  /** Hears the follower; called on the follower's event loop. */
  public interface Listener {
    void onEvent(JobEvent event);

    /** The follower was cut off and is back: entries may have been trimmed meanwhile. */
    void onResync();
  }

  private final Vertx vertx;
  private final RedisOptions options;
  private final Redis commands;
  private final Keys keys;
  /** Put in each event's fields as {@code queue} when several queues are followed; null with one. */
  private final String queue;
  private final Promise<String> followingFrom = Promise.promise();
  private Redis blockingClient;
  private RedisConnection blocking;
  private Listener listener;
  private String lastId;
  private boolean stopped;
  private boolean cutOff;
  private long backoffMs = FIRST_BACKOFF_MS;

  private JobEvents(Vertx vertx, RedisOptions options, Redis commands, Keys keys, String queue) {
    this.vertx = vertx;
    this.options = options;
    this.commands = commands;
    this.keys = keys;
    this.queue = queue;
  }

  /**
   * Events of the queue with key prefix {@code prefix}: {@code commands} (a shared, pooled client)
   * serves the paged reads; the follower makes its own client from {@code options}.
   */
  public static JobEvents create(Vertx vertx, RedisOptions options, Redis commands, String prefix) {
    return new JobEvents(vertx, options, commands, new Keys(prefix), null);
  }

  /**
   * Events of named queue {@code queue} (its settings' prefix is {@code prefix}), each event saying
   * so in its {@code queue} field: for a process that follows several queues' streams.
   */
  public static JobEvents create(Vertx vertx, RedisOptions options, Redis commands, String prefix, String queue) {
    return new JobEvents(vertx, options, commands, new Keys(prefix), queue);
  }

  /**
   * Starts following; returns the id of the newest entry when it started ("0-0" for an empty
   * stream): the listener gets every entry after it. The future completes once Redis answered,
   * which may be long after a start with Redis down.
   */
  public Future<String> follow(Listener listener) {
    this.listener = listener;
    read();
    return followingFrom.future();
  }

  public Future<Void> stop() {
    stopped = true;
    Redis client = blockingClient;
    blockingClient = null;
    blocking = null;
    return client == null ? Future.succeededFuture() : client.close();
  }

  /** The newest entry's id, or "0-0" when the stream is empty or missing. */
  public Future<String> newestId() {
    return commands.send(Request.cmd(Command.XREVRANGE).arg(keys.events()).arg("+").arg("-").arg("COUNT").arg(1))
        .map(reply -> reply == null || reply.size() == 0 ? "0-0" : reply.get(0).get(0).toString());
  }

  /** The oldest entry's id still stored, or null when the stream is empty or missing. */
  public Future<String> oldestId() {
    return range("-", "+", 1).map(list -> list.isEmpty() ? null : list.get(0).streamId());
  }

  /**
   * Up to {@code count} stored entries from {@code start} to {@code end} in stream order, with
   * XRANGE's syntax: an id, {@code (id} to exclude it, {@code -} and {@code +} for the ends.
   */
  public Future<List<JobEvent>> range(String start, String end, int count) {
    return commands.send(Request.cmd(Command.XRANGE).arg(keys.events()).arg(start).arg(end).arg("COUNT").arg(count))
        .map(this::entries);
  }

  private void read() {
    if (stopped) {
      return;
    }
    Future<String> from = lastId != null ? Future.succeededFuture(lastId) : newestId();
    from.compose(id -> {
      lastId = id;
      followingFrom.tryComplete(id);
      return connection();
    }).compose(conn -> conn.send(Request.cmd(Command.XREAD).arg("COUNT").arg(BATCH).arg("BLOCK").arg(BLOCK_MS)
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
          for (JobEvent event : streamEntries(ar.result())) {
            lastId = event.streamId();
            listener.onEvent(event);
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

  /** XREAD's reply: a map of key to entries (RESP3), or [[key, entries]] (RESP2); null when none came. */
  private List<JobEvent> streamEntries(Response reply) {
    if (reply == null || reply.size() == 0) {
      return List.of();
    }
    if (reply.isMap()) {
      for (String key : reply.getKeys()) {
        return entries(reply.get(key));
      }
      return List.of();
    }
    return entries(reply.get(0).get(1));
  }

  /** Entries as XRANGE gives them: [[id, [field, value, ...]], ...]. */
  private List<JobEvent> entries(Response reply) {
    List<JobEvent> out = new ArrayList<>();
    if (reply == null) {
      return out;
    }
    for (Response entry : reply) {
      Map<String, String> fields = new HashMap<>();
      Response values = entry.get(1);
      if (values != null && values.isMap()) {
        values.getKeys().forEach(k -> fields.put(k, values.get(k).toString()));
      } else if (values != null) {
        for (int i = 0; i + 1 < values.size(); i += 2) {
          fields.put(values.get(i).toString(), values.get(i + 1).toString());
        }
      }
      if (queue != null) {
        fields.put("queue", queue);
      }
      out.add(new JobEvent(entry.get(0).toString(), fields));
    }
    return out;
  }
}
