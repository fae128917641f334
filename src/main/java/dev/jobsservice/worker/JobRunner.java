package dev.jobsservice.worker;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.analysis.Analysis;
import dev.jobsservice.analysis.AnalysisContext;
import dev.jobsservice.jobs.Job;
import dev.jobsservice.jobs.LogFields;
import dev.jobsservice.jobs.JobQueue;
import dev.jobsservice.jobs.RedisErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job a worker has taken: claim it, run its analysis as an {@link Attempt}, store the
 * outcome.
 * <ol>
 *   <li>a job that is not claimable (taken, cancelled, finished, handed back meanwhile) is skipped;</li>
 *   <li>the analysis runs under the job's timeout; past it, the attempt fails;</li>
 *   <li>a failed attempt is retried after a backoff while attempts remain (an
 *       IllegalArgumentException, a job that cannot work on this data, fails at once);</li>
 *   <li>an analysis that loses the Redis connection hands the job back (the returned future
 *       fails, and the worker's recovery puts it back on the queue);</li>
 *   <li>storing the outcome is retried through a Redis outage, so a finished job is not run again;</li>
 *   <li>an attempt stopped from outside ({@link #stop}) writes nothing (the job was cancelled or
 *       reaped) or hands the job back (the worker is stopping).</li>
 * </ol>
 */
final class JobRunner {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  private final Vertx vertx;
  private final Analyses analyses;
  private final AnalysisContext analysisContext;
  private final Backoff backoff;
  private final WorkerSettings settings;
  private final BooleanSupplier stopping;
  /** Looked up once: a shared-map lookup per call added up, three calls per job. */
  private final JobMetrics metrics;
  private Attempt running;

  JobRunner(Vertx vertx, Analyses analyses, AnalysisContext analysisContext, Backoff backoff,
      WorkerSettings settings, BooleanSupplier stopping) {
    this.vertx = vertx;
    this.analyses = analyses;
    this.analysisContext = analysisContext;
    this.backoff = backoff;
    this.settings = settings;
    this.stopping = stopping;
    this.metrics = JobMetrics.of(vertx);
  }

  /** The id of the job whose attempt is under way, or null. */
  String runningId() {
    Attempt a = running;
    return a == null ? null : a.job().id();
  }

  /**
   * Ends the running attempt now: {@code handBack} true puts the job back on the queue (the
   * worker is stopping), false drops it (it was cancelled, or is no longer this worker's).
   */
  void stop(boolean handBack) {
    Attempt a = running;
    if (a != null) {
      if (handBack) {
        a.handBack();
      } else {
        a.lost();
      }
    }
  }

  /**
   * Claims, runs and finishes job {@code id} from {@code queue}; see {@link #runClaimed}. Fails
   * (so the job is handed back by the recovery that follows) when Redis could not be reached,
   * including from the analysis.
   */
  Future<JobQueue.Claim> run(JobQueue queue, String id, LongConsumer onTimeoutKnown) {
    return WorkerVerticle.bounded(queue.claim(id)).compose(claim -> {
      if (claim == null) {
        log.debug("worker {}: job {} was not claimable, skipped", queue.workerId(), id);
        return Future.succeededFuture();
      }
      return runClaimed(queue, claim, onTimeoutKnown);
    });
  }

  /**
   * Runs and finishes {@code job}, already claimed by this worker. Completes with the next job,
   * when finishing this one claimed it (under a backlog), or null: then the worker takes one.
   */
  Future<JobQueue.Claim> runClaimed(JobQueue queue, JobQueue.Claim claim, LongConsumer onTimeoutKnown) {
    Job job = claim.job();
    if (log.isInfoEnabled()) {
      log.info("job {} in_progress on worker {} (attempt {} of {})", LogFields.job(job.id()),
          LogFields.worker(queue.workerId()), job.attempts(), job.options().maxAttempts());
    }
    metrics.started(job);
    Attempt attempt = new Attempt(job);
    running = attempt;
    onTimeoutKnown.accept(job.options().timeoutMs());
    long timer = vertx.setTimer(job.options().timeoutMs(), t -> attempt.failed(
        new TimeoutException("timed out after " + job.options().timeoutMs() + " ms")));
    execute(job, analysisContext.at(claim.dataVersion())).onComplete(ar -> {
      if (ar.succeeded()) {
        attempt.done(ar.result());
      } else {
        attempt.failed(ar.cause());
      }
    });
    return attempt.outcome().compose(outcome -> {
      running = null;
      vertx.cancelTimer(timer);
      return settle(queue, job, outcome);
    });
  }

  private Future<JobQueue.Claim> settle(JobQueue queue, Job job, Attempt.Outcome outcome) {
    switch (outcome.end()) {
      case LOST:
        metrics.finished(job, "discarded");
        log.info("job {} stopped on worker {}: it was cancelled or is no longer this worker's", LogFields.job(job.id()),
            LogFields.worker(queue.workerId()));
        return Future.succeededFuture();
      case HANDED_BACK:
        metrics.finished(job, "handed_back");
        log.info("job {} handed back by worker {}: the worker is stopping", LogFields.job(job.id()),
            LogFields.worker(queue.workerId()));
        return WorkerVerticle.bounded(queue.handBack(job.id())).map(v -> null);
      case FAILED:
        if (RedisErrors.isConnectionLoss(outcome.error())) {
          // Not the job's fault: it is handed back and runs again once Redis is back.
          metrics.finished(job, "handed_back");
          return Future.failedFuture(outcome.error());
        }
        return finish(queue, job, null, outcome.error());
      default:
        return finish(queue, job, outcome.result(), null);
    }
  }

  private Future<JsonObject> execute(Job job, AnalysisContext context) {
    Analysis analysis = analyses.find(job.request().type()).orElse(null);
    if (analysis == null) {
      return Future.failedFuture(new IllegalArgumentException("unknown job type '" + job.request().type() + "'"));
    }
    try {
      Future<JsonObject> run = analysis.run(job.request(), context);
      return run == null ? Future.failedFuture(new IllegalStateException("analysis returned no result")) : run;
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Stores the outcome, retrying through a Redis outage so a finished job is not run again.
   * Completes with the next job when storing a result claimed one.
   */
  private Future<JobQueue.Claim> finish(JobQueue queue, Job job, JsonObject result, Throwable error) {
    // Bad input for this analysis stays bad: no retry.
    long retryDelay = error instanceof IllegalArgumentException ? -1
        : Backoff.retryDelayMs(job.attempts(), settings.retryBaseMs(), settings.retryMaxMs());
    JobQueue.Claim[] next = new JobQueue.Claim[1];
    Future<String> write = WorkerVerticle.bounded(error == null
        ? queue.complete(job.id(), result == null ? "null" : result.encode(), !stopping.getAsBoolean())
            .map(done -> {
              next[0] = done.next();
              return done.written() ? "complete" : null;
            })
        : queue.fail(job.id(), message(error), retryDelay).map(outcome -> switch (outcome) {
          case RETRYING -> "delayed";
          case FAILED -> "failed";
          case NOT_OURS -> null;
        }));
    return write.transform(ar -> {
      if (ar.succeeded()) {
        String status = ar.result();
        metrics.finished(job, status == null ? "discarded" : status.equals("delayed") ? "retried" : status);
        if (status == null) {
          log.warn("job {}: worker {} no longer held it (cancelled, or its lease expired); its outcome was discarded",
              LogFields.job(job.id()), LogFields.worker(queue.workerId()));
        } else if (error == null) {
          if (log.isInfoEnabled()) {
            log.info("job {} complete on worker {}", LogFields.job(job.id()), LogFields.worker(queue.workerId()));
          }
        } else if (status.equals("delayed")) {
          log.info("job {} delayed: attempt {} of {} failed ({}); retrying in about {} ms", LogFields.job(job.id()),
              job.attempts(),
              job.options().maxAttempts(), message(error), retryDelay);
        } else {
          log.info("job {} failed on worker {}: {}", LogFields.job(job.id()), LogFields.worker(queue.workerId()),
              message(error));
        }
        return Future.succeededFuture(next[0]);
      }
      if (stopping.getAsBoolean() || !RedisErrors.isUnavailable(ar.cause())) {
        log.warn("worker {}: could not store the outcome of job {} ({}); it is handed back and runs again",
            queue.workerId(), job.id(), ar.cause().toString());
        return Future.failedFuture(ar.cause());
      }
      long delay = backoff.nextDelayMs();
      log.warn("worker {}: storing job {} failed ({}); retrying in {} ms",
          queue.workerId(), job.id(), ar.cause().toString(), delay);
      return vertx.timer(delay).compose(v -> finish(queue, job, result, error));
    });
  }

  private static String message(Throwable error) {
    String m = error.getMessage();
    String text = m == null || m.isBlank() ? error.getClass().getSimpleName() : m;
    return text.length() > 2000 ? text.substring(0, 2000) : text;
  }
}
