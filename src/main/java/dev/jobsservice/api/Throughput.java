package dev.jobsservice.api;

import dev.jobsservice.jobs.JobEvent;
import dev.jobsservice.jobs.JobEvents;
import dev.jobsservice.jobs.StreamIds;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/**
 * Jobs submitted and finished per {@link #BUCKET_SECONDS} over the last {@link #BUCKETS} buckets
 * (15 minutes), for the dashboard's chart. Counted in memory from the events this process sees,
 * so reading it costs no Redis call; at start the window is filled from the stored stream. The
 * stream is capped (about 10,000 entries), so after a larger burst the start of the window is
 * unknown: {@code since} says from when the counts are complete.
 */
final class Throughput {
  static final int BUCKET_SECONDS = 10;
  static final int BUCKETS = 90;
  static final List<String> COUNTED = List.of("submitted", "complete", "failed", "cancelled");
  private static final long BUCKET_MS = BUCKET_SECONDS * 1000L;
  private static final long WINDOW_MS = BUCKETS * BUCKET_MS;
  private static final int PAGE = 1000;

  private final TreeMap<Long, long[]> buckets = new TreeMap<>();
  private long since = System.currentTimeMillis();

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
   * Counts the stored events of the window up to {@code untilId} (the id the follower started
   * after, so none is counted twice); page by page, a few hundred microseconds each.
   */
  Future<Void> backfill(JobEvents events, String untilId, long nowMs) {
    long windowStart = nowMs - WINDOW_MS;
    return events.oldestId().compose(oldest -> {
      if (oldest == null) {
        since = windowStart;
        return Future.succeededFuture();
      }
      // Entries older than the oldest one kept may have been trimmed: counts are complete from it on.
      since = Math.max(windowStart, StreamIds.millis(oldest));
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
