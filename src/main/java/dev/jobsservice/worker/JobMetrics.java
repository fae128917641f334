package dev.jobsservice.worker;

import dev.jobsservice.jobs.Clock;
import dev.jobsservice.jobs.Job;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the workers of one service report: attempts by outcome ({@code jobs_processed_total}),
 * how long jobs ran and waited ({@code jobs_duration_seconds}, {@code jobs_queue_wait_seconds})
 * and how many jobs were put back from dead workers ({@code jobs_lease_recoveries_total}).
 *
 * <p>Bound to a Vert.x instance once at start-up ({@link #bind}); the worker code reaches it with
 * one-line calls, {@code JobMetrics.of(vertx).finished(job, "complete")}, so the hooks are easy to
 * carry over when the worker changes. Where nothing was bound (a test deploying a worker on a
 * bare Vert.x) the calls record nothing.
 */
public final class JobMetrics implements Shareable {
  private static final String MAP = JobMetrics.class.getName();
  private static final JobMetrics NONE = new JobMetrics(new CompositeMeterRegistry());
  /**
   * Histogram buckets, for run times and queue waits alike: from 5 ms (a summary job; a wait while
   * workers keep up) to an hour (the longest sleep job; a long backlog).
   */
  private static final Duration[] BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
      60, 300, 900, 3600);

  private final MeterRegistry registry;
  /**
   * Meters by outcome and by type + outcome, built once: a registry lookup per job (a builder,
   * its tags, their equality) cost several percent of a worker's CPU.
   */
  private final Map<String, Counter> processedByOutcome = new ConcurrentHashMap<>();
  private final Map<String, Timer> durationByTypeAndOutcome = new ConcurrentHashMap<>();
  private final Counter recoveries;
  private final Timer queueWait;

  private JobMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.recoveries = Counter.builder("jobs.lease.recoveries")
        .description("Jobs put back on the queue because the worker holding them stopped renewing its lease")
        .register(registry);
    this.queueWait = Timer.builder("jobs.queue.wait")
        .description("From a job's submission to the start of its first attempt")
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
    // Present (at 0) from the start, so that rate() and alerts see the series before the first job.
    for (String outcome : new String[] {"complete", "failed", "retried"}) {
      processed(outcome);
    }
  }

  /** Makes the workers on {@code vertx} report to {@code registry}. */
  public static void bind(Vertx vertx, MeterRegistry registry) {
    vertx.sharedData().<String, JobMetrics>getLocalMap(MAP).put("metrics", new JobMetrics(registry));
  }

  /** The metrics bound to {@code vertx}, or ones that record nothing. */
  static JobMetrics of(Vertx vertx) {
    LocalMap<String, JobMetrics> map = vertx.sharedData().getLocalMap(MAP);
    JobMetrics bound = map.get("metrics");
    return bound == null ? NONE : bound;
  }

  /** A claimed job starts: records its wait, on its first attempt (later ones waited for a retry). */
  void started(Job job) {
    waited(job.createdAt(), job.startedAt(), job.attempts());
  }

  /**
   * An attempt of {@code job} ended with {@code outcome}: complete; failed (for good); retried
   * (failed, another attempt follows after a backoff); discarded (cancelled, or its lease had
   * lapsed: nothing was written); handed_back (the worker stopped, or Redis went away under it:
   * it runs again).
   */
  void finished(Job job, String outcome) {
    ran(job.request().type(), job.startedAt(), outcome);
  }

  void waited(String createdAt, String startedAt, int attempts) {
    if (attempts <= 1) {
      long wait = between(createdAt, startedAt);
      if (wait >= 0) {
        queueWait.record(wait, TimeUnit.MILLISECONDS);
      }
    }
  }

  void ran(String type, String startedAt, String outcome) {
    processed(outcome).increment();
    long ran = between(startedAt, null);
    if (ran >= 0) {
      durationByTypeAndOutcome.computeIfAbsent(type + '\n' + outcome, k -> Timer.builder("jobs.duration")
          .description("How long one attempt of a job ran, by job type and outcome")
          .tag("type", type)
          .tag("outcome", outcome)
          .serviceLevelObjectives(BUCKETS)
          .register(registry))
          .record(ran, TimeUnit.MILLISECONDS);
    }
  }

  /** The recovery pass put back {@code jobs} jobs of dead workers. */
  void recovered(long jobs) {
    if (jobs > 0) {
      recoveries.increment(jobs);
    }
  }

  private Counter processed(String outcome) {
    return processedByOutcome.computeIfAbsent(outcome, k -> Counter.builder("jobs.processed")
        .description("Job attempts that ended, by outcome")
        .tag("outcome", outcome)
        .register(registry));
  }

  /** Milliseconds from {@code from} to {@code to} (now if null); -1 if a time is missing or unreadable. */
  private static long between(String from, String to) {
    long start = Clock.parseMillis(from);
    long end = to == null ? System.currentTimeMillis() : Clock.parseMillis(to);
    if (start < 0 || end < 0) {
      return -1;
    }
    // Submit times come from the API host's clock: a skewed one must not give negative waits.
    return Math.max(0, end - start);
  }

  private static Duration[] seconds(double... values) {
    Duration[] out = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Duration.ofNanos((long) (values[i] * TimeUnit.SECONDS.toNanos(1)));
    }
    return out;
  }
}
