package dev.jobsservice.ops;

import dev.jobsservice.jobs.QueueCounts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gauge {@code jobs_queue_depth{queue="<name>",state="waiting|running|delayed|failed"}}, read from Redis when
 * a scrape finds the last reading older than {@link #MAX_AGE_MS}, so any number of scrapers cost
 * Redis one round trip per interval, and nothing when nobody scrapes. While Redis cannot be read
 * the values are NaN: unknown, rather than a stale number that looks current.
 */
final class QueueDepth {
  /** Prometheus scrapes every 15 to 60 s; KEDA reads the list itself and does not need this. */
  static final long MAX_AGE_MS = 5_000;

  private final Supplier<Future<List<QueueCounts>>> read;
  /** The last reading, one per queue in the order of the names given; null while unknown. */
  private volatile List<QueueCounts> last;
  private long readAtNanos;
  private boolean everRead;
  private Future<Void> reading;

  QueueDepth(MeterRegistry registry, List<String> queues, Supplier<Future<List<QueueCounts>>> read) {
    this.read = read;
    for (int i = 0; i < queues.size(); i++) {
      String queue = queues.get(i);
      int at = i;
      gauge(registry, queue, at, "waiting", QueueCounts::waiting);
      gauge(registry, queue, at, "running", QueueCounts::running);
      gauge(registry, queue, at, "delayed", QueueCounts::delayed);
      gauge(registry, queue, at, "failed", QueueCounts::failed);
    }
  }

  /**
   * Reads Redis if the last reading (or failure to read) is too old; completes, never fails, once
   * the values are current. Called on one event loop (the HTTP server's).
   */
  Future<Void> refresh() {
    if (reading != null) {
      return reading;
    }
    if (everRead && System.nanoTime() - readAtNanos < TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MS)) {
      return Future.succeededFuture();
    }
    reading = read.get().transform(ar -> {
      last = ar.succeeded() ? ar.result() : null;
      readAtNanos = System.nanoTime();
      everRead = true;
      reading = null;
      return Future.succeededFuture();
    });
    return reading;
  }

  private void gauge(MeterRegistry registry, String queue, int at, String state, ToDoubleFunction<QueueCounts> value) {
    Gauge.builder("jobs.queue.depth", this, q -> {
      List<QueueCounts> counts = q.last;
      return counts == null ? Double.NaN : value.applyAsDouble(counts.get(at));
    })
        .description("Jobs by state and queue: waiting on the queue, running, delayed for a retry, failed")
        .tag("queue", queue)
        .tag("state", state)
        .register(registry);
  }
}
