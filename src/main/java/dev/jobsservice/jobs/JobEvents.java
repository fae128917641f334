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
 * Reads the events stream (every status change, written by the scripts that make it, several to
 * an entry): one follower per process that hands each new event to a {@link Listener}, plus paged
 * reads of what is stored, for replays. Events are handed out one by one, each with an id of its
 * own ({@link EventIds}); the ids callers give and get are those, never entry ids. The follower:
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
   * Starts following; returns the id of the newest event when it started ("0-0" for an empty
   * stream): the listener gets every event after it. The future completes once Redis answered,
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

  /** The newest event's id, or "0-0" when the stream is empty or missing. */
  public Future<String> newestId() {
    return newestEntry().map(this::lastEventId);
  }

  /** The id of the last event of {@code entry}; "0-0" for none. */
  private String lastEventId(Response entry) {
    if (entry == null) {
      return "0-0";
    }
    List<JobEvent> events = events(entry);
    return events.get(events.size() - 1).eventId();
  }

  /** The newest entry, or null when the stream is empty or missing. */
  private Future<Response> newestEntry() {
    return commands.send(Request.cmd(Command.XREVRANGE).arg(keys.events()).arg("+").arg("-").arg("COUNT").arg(1))
        .map(reply -> reply == null || reply.size() == 0 ? null : reply.get(0));
  }

  /** The oldest event's id still stored, or null when the stream is empty or missing. */
  public Future<String> oldestId() {
    return range("-", "+", 1).map(list -> list.isEmpty() ? null : list.get(0).eventId());
  }

  /**
   * Up to {@code count} stored events from {@code start} to {@code end} in order, with XRANGE's
   * syntax over event ids: an id, {@code (id} to exclude it, {@code -} and {@code +} for the ends.
   * Fewer than {@code count} means there are no more; the next page starts at {@code (} and the
   * last id.
   */
  public Future<List<JobEvent>> range(String start, String end, int count) {
    Bound from = Bound.of(start);
    Bound to = Bound.of(end);
    // One entry more than events asked for: the first entry may hold only events before start.
    return commands.send(Request.cmd(Command.XRANGE).arg(keys.events()).arg(from.entry).arg(to.entry)
            .arg("COUNT").arg(count + 1))
        .map(reply -> {
          List<JobEvent> out = new ArrayList<>();
          for (JobEvent event : entries(reply)) {
            if (out.size() == count) {
              break;
            }
            if (from.admitsFrom(event.eventId()) && to.admitsUpTo(event.eventId())) {
              out.add(event);
            }
          }
          return out;
        });
  }

  /**
   * One end of a range over event ids: the entry to read from or to (inclusive: it may hold events
   * on both sides of the id), and which of its events are in.
   */
  private record Bound(String entry, String eventId, boolean exclusive) {
    static Bound of(String end) {
      if (end.equals("-") || end.equals("+")) {
        return new Bound(end, null, false);
      }
      boolean exclusive = end.startsWith("(");
      String id = exclusive ? end.substring(1) : end;
      return new Bound(EventIds.entryOf(id), id, exclusive);
    }

    boolean admitsFrom(String id) {
      if (eventId == null) {
        return true;
      }
      int c = StreamIds.compare(id, eventId);
      return exclusive ? c > 0 : c >= 0;
    }

    boolean admitsUpTo(String id) {
      if (eventId == null) {
        return true;
      }
      int c = StreamIds.compare(id, eventId);
      return exclusive ? c < 0 : c <= 0;
    }
  }

  private void read() {
    if (stopped) {
      return;
    }
    // XREAD goes on from the newest entry's id; callers are told the newest event's.
    Future<Void> from = lastId != null ? Future.succeededFuture() : newestEntry().map(entry -> {
      lastId = entry == null ? "0-0" : entry.get(0).toString();
      followingFrom.tryComplete(lastEventId(entry));
      return null;
    });
    from.compose(v -> connection())
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
          Response entries = streamEntries(ar.result());
          if (entries != null && entries.size() > 0) {
            // XREAD goes on from entry ids; the listener hears events.
            lastId = entries.get(entries.size() - 1).get(0).toString();
            entries(entries).forEach(listener::onEvent);
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

  /** XREAD's entries: its reply is a map of key to entries (RESP3), or [[key, entries]] (RESP2); null when none came. */
  private static Response streamEntries(Response reply) {
    if (reply == null || reply.size() == 0) {
      return null;
    }
    if (reply.isMap()) {
      for (String key : reply.getKeys()) {
        return reply.get(key);
      }
      return null;
    }
    return reply.get(0).get(1);
  }

  /** The events of entries as XRANGE gives them: [[id, [field, value, ...]], ...]. */
  private List<JobEvent> entries(Response reply) {
    List<JobEvent> out = new ArrayList<>();
    if (reply != null) {
      for (Response entry : reply) {
        out.addAll(events(entry));
      }
    }
    return out;
  }

  /**
   * The events of one entry, [id, [field, value, ...]]: each {@code id} field starts the next
   * event (lib/batched.lua writes id, status, id, status, ...).
   */
  private List<JobEvent> events(Response entry) {
    String entryId = entry.get(0).toString();
    Response values = entry.get(1);
    List<Map<String, String>> changes = new ArrayList<>();
    Map<String, String> change = new HashMap<>();
    changes.add(change);
    if (values != null && values.isMap()) {
      for (String k : values.getKeys()) {
        change.put(k, values.get(k).toString());
      }
    } else if (values != null) {
      for (int i = 0; i + 1 < values.size(); i += 2) {
        String field = values.get(i).toString();
        if (field.equals("id") && change.containsKey("id")) {
          change = new HashMap<>();
          changes.add(change);
        }
        change.put(field, values.get(i + 1).toString());
      }
    }
    List<JobEvent> out = new ArrayList<>(changes.size());
    // The scripts write at most 8 to an entry; past PER_ENTRY, ids would run into the next entry's.
    for (int i = 0; i < changes.size() && i < EventIds.PER_ENTRY; i++) {
      Map<String, String> fields = changes.get(i);
      if (queue != null) {
        fields.put("queue", queue);
      }
      out.add(new JobEvent(EventIds.of(entryId, i), fields));
    }
    return out;
  }
}
