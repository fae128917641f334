package dev.jobsservice.api;

import dev.jobsservice.jobs.JobEvent;
import dev.jobsservice.jobs.JobEvents;
import dev.jobsservice.jobs.StreamIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Jobs submitted and finished per {@link #BUCKET_SECONDS} over the last {@link #BUCKETS} buckets
 * (15 minutes), for the dashboard's chart. Counted in memory from the events this process hears
 * while someone reads it:
 * <ol>
 *   <li>the first {@link #read()} after a while subscribes to every event and fills the window from
 *       the stored stream, up to where the live events start;</li>
 *   <li>later reads cost no Redis call;</li>
 *   <li>{@link #LEASE_MS} after the last read it unsubscribes, so an unwatched dashboard does not
 *       keep the events followed.</li>
 * </ol>
 * The stream is capped (about 10,000 entries), so after a larger burst the start of the window is
 * unknown: {@code since} says from when the counts are complete.
 */
final class Throughput implements EventHub.Subscriber {
  /** How long counting goes on after the last read: the dashboard reads every 10 s. */
  static final long LEASE_MS = 60_000;
  static final int BUCKET_SECONDS = 10;
  static final int BUCKETS = 90;
  static final List<String> COUNTED = List.of("submitted", "complete", "failed", "cancelled");
  private static final long BUCKET_MS = BUCKET_SECONDS * 1000L;
  private static final long WINDOW_MS = BUCKETS * BUCKET_MS;
  private static final int PAGE = 1000;

  private final Vertx vertx;
  private final EventHub hub;
  private final long leaseMs;
  private final List<JobEvents> streams;
  private final TreeMap<Long, long[]> buckets = new TreeMap<>();
  private long since;
  private EventHub.Watch watch;
  private Future<Void> filled;
  private long lastReadMs;

  /** Counts the events of {@code streams}, heard through {@code hub} (which follows the same streams, in that order). */
  Throughput(Vertx vertx, EventHub hub, List<JobEvents> streams) {
    this(vertx, hub, streams, LEASE_MS);
  }

  Throughput(Vertx vertx, EventHub hub, List<JobEvents> streams, long leaseMs) {
    this.vertx = vertx;
    this.hub = hub;
    this.streams = List.copyOf(streams);
    this.leaseMs = leaseMs;
  }

  /** The window's counts as {@link #toJson} gives them; the first read after a while waits for the backfill. */
  Future<JsonObject> read() {
    lastReadMs = System.currentTimeMillis();
    if (watch == null) {
      start();
    }
    return filled.map(v -> toJson(System.currentTimeMillis()));
  }

  private void start() {
    buckets.clear();
    long nowMs = System.currentTimeMillis();
    since = nowMs - WINDOW_MS;
    EventHub.Watch started = hub.watchAll(this);
    watch = started;
    filled = started.live().compose(positions -> {
      List<Future<Void>> each = new ArrayList<>();
      for (int i = 0; i < streams.size(); i++) {
        each.add(backfill(streams.get(i), positions.get(i), nowMs));
      }
      return Future.all(each).<Void>mapEmpty();
    }).onFailure(err -> {
      // Redis went away mid-backfill: the next read starts over.
      if (watch == started) {
        stop();
      }
    });
    vertx.setTimer(leaseMs, t -> expire(started));
  }

  private void expire(EventHub.Watch started) {
    if (watch != started) {
      return;
    }
    long idleMs = System.currentTimeMillis() - lastReadMs;
    if (idleMs >= leaseMs) {
      stop();
    } else {
      vertx.setTimer(leaseMs - idleMs, t -> expire(started));
    }
  }

  private void stop() {
    watch.cancel();
    watch = null;
  }

  @Override
  public void onEvent(JobEvent event) {
    record(event);
  }

  /** Events missed while the follower was cut off stay uncounted, as events trimmed before a backfill. */
  @Override
  public void onResync() {
  }

  void record(JobEvent event) {
    int index = COUNTED.indexOf(event.status());
    if (index < 0) {
      return;
    }
    long start = event.timeMs() - event.timeMs() % BUCKET_MS;
    long[] counts = buckets.get(start);
    if (counts == null) {
      counts = new long[COUNTED.size()];
      buckets.put(start, counts);
      // Forget what has left the window (by the newest event's clock: Redis's, not ours). Only a
      // new bucket moves the window on; events of a bucket already there leave it as it is.
      buckets.headMap(start - WINDOW_MS).clear();
    }
    counts[index]++;
  }

  /**
   * Counts the stored events of the window up to {@code untilId} (the last one before the live
   * events, so none is counted twice); page by page, a few hundred microseconds each.
   */
  private Future<Void> backfill(JobEvents events, String untilId, long nowMs) {
    long windowStart = nowMs - WINDOW_MS;
    return events.oldestId().compose(oldest -> {
      if (oldest == null) {
        return Future.succeededFuture();
      }
      // Entries older than the oldest one kept may have been trimmed: counts are complete from it on.
      since = Math.max(since, StreamIds.millis(oldest));
      return page(events, windowStart + "-0", untilId);
    });
  }

  private Future<Void> page(JobEvents events, String from, String untilId) {
    return events.range(from, untilId, PAGE).compose(list -> {
      list.forEach(this::record);
      if (list.size() < PAGE) {
        return Future.succeededFuture();
      }
      return page(events, "(" + list.get(list.size() - 1).eventId(), untilId);
    });
  }

  JsonObject toJson(long nowMs) {
    long last = nowMs - nowMs % BUCKET_MS;
    JsonArray out = new JsonArray();
    for (long start = last - (BUCKETS - 1) * BUCKET_MS; start <= last; start += BUCKET_MS) {
      long[] counts = buckets.getOrDefault(start, new long[COUNTED.size()]);
      JsonObject bucket = new JsonObject().put("start", Instant.ofEpochMilli(start).toString());
      for (int i = 0; i < COUNTED.size(); i++) {
        bucket.put(COUNTED.get(i), counts[i]);
      }
      out.add(bucket);
    }
    return new JsonObject().put("bucket_seconds", BUCKET_SECONDS)
        .put("since", Instant.ofEpochMilli(since).toString()).put("buckets", out);
  }
}
