package dev.jobsservice.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the events stream (every status change, written by the scripts that make it, several to
 * an entry): followers ({@link EventFollower}) that hand each new event to a {@link Listener}, and
 * paged reads of what is stored, for replays. Events are handed out one by one, each with an id
 * of its own ({@link EventIds}); the ids callers give and get are those, never entry ids.
 */
public final class JobEvents {
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
   * Starts a follower that hands {@code listener} every event after the newest one stored when it
   * starts (see {@link EventFollower#from()}), on the caller's event loop, until it is stopped.
   */
  public EventFollower follow(Listener listener) {
    EventFollower follower = new EventFollower(vertx, options, keys, this, listener);
    follower.start();
    return follower;
  }

  /** The newest event's id, or "0-0" when the stream is empty or missing. */
  public Future<String> newestId() {
    return newestEntry().map(this::lastEventId);
  }

  /** The id of the last event of {@code entry}; "0-0" for none. */
  String lastEventId(Response entry) {
    if (entry == null) {
      return "0-0";
    }
    List<JobEvent> events = events(entry);
    return events.get(events.size() - 1).eventId();
  }

  /** The newest entry, or null when the stream is empty or missing. */
  Future<Response> newestEntry() {
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

  /** XREAD's entries: its reply is a map of key to entries (RESP3), or [[key, entries]] (RESP2); null when none came. */
  static Response streamEntries(Response reply) {
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
  List<JobEvent> entries(Response reply) {
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
