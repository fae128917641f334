package dev.jobsservice.worker;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.analysis.Analysis;
import dev.jobsservice.analysis.AnalysisContext;
import dev.jobsservice.jobs.Job;
import dev.jobsservice.jobs.JobQueue;
import dev.jobsservice.jobs.RedisErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job a worker has taken: claim it, run its analysis, store the outcome.
 * <ol>
 *   <li>a job that is not claimable (taken, finished, handed back meanwhile) is skipped;</li>
 *   <li>a job interrupted {@link #MAX_ATTEMPTS} times is failed instead of run again;</li>
 *   <li>an analysis that loses the Redis connection hands the job back (the returned future
 *       fails, and the worker's recovery puts it back on the queue); any other failure of the
 *       analysis fails the job with its message;</li>
 *   <li>storing the outcome is retried through a Redis outage, so a finished job is not run again.</li>
 * </ol>
 */
final class JobRunner {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
  /**
   * A job interrupted this many times (its worker died, or Redis went away under it) is failed
   * rather than run again: a job that kills its worker must not loop forever.
   */
  static final int MAX_ATTEMPTS = 10;

  private final Vertx vertx;
  private final Analyses analyses;
  private final AnalysisContext analysisContext;
  private final Backoff backoff;
  private final BooleanSupplier stopping;

  JobRunner(Vertx vertx, Analyses analyses, AnalysisContext analysisContext, Backoff backoff,
      BooleanSupplier stopping) {
    this.vertx = vertx;
    this.analyses = analyses;
    this.analysisContext = analysisContext;
    this.backoff = backoff;
    this.stopping = stopping;
  }

  /**
   * Claims, runs and finishes job {@code id} from {@code queue}. Fails (so the job is handed back
   * by the recovery that follows) when Redis could not be reached, including from the analysis.
   */
  Future<Void> run(JobQueue queue, String id) {
    return WorkerVerticle.bounded(queue.claim(id)).compose(job -> {
      if (job == null) {
        log.debug("worker {}: job {} was not claimable, skipped", queue.workerId(), id);
        return Future.succeededFuture();
      }
      log.debug("worker {}: job {} in_progress", queue.workerId(), id);
      JobMetrics.of(vertx).started(job);
      if (job.attempts() > MAX_ATTEMPTS) {
        return finish(queue, job, null, new IllegalStateException("abandoned after " + MAX_ATTEMPTS
            + " interrupted attempts (its worker died or lost Redis each time)"));
      }
      return execute(job).transform(outcome -> {
        if (outcome.failed() && RedisErrors.isConnectionLoss(outcome.cause())) {
          // Not the job's fault: it is handed back and runs again once Redis is back.
          JobMetrics.of(vertx).finished(job, "handed_back");
          return Future.failedFuture(outcome.cause());
        }
        return finish(queue, job, outcome.succeeded() ? outcome.result() : null,
            outcome.failed() ? outcome.cause() : null);
      });
    });
  }

  private Future<JsonObject> execute(Job job) {
    Analysis analysis = analyses.find(job.request().type()).orElse(null);
    if (analysis == null) {
      return Future.failedFuture(new IllegalArgumentException("unknown job type '" + job.request().type() + "'"));
    }
    try {
      Future<JsonObject> run = analysis.run(job.request(), analysisContext);
      return run == null ? Future.failedFuture(new IllegalStateException("analysis returned no result")) : run;
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Stores the outcome, retrying through a Redis outage so a finished job is not run again. */
  private Future<Void> finish(JobQueue queue, Job job, JsonObject result, Throwable error) {
    Future<Boolean> write = WorkerVerticle.bounded(error == null
        ? queue.complete(job.id(), result == null ? "null" : result.encode())
        : queue.fail(job.id(), message(error)));
    return write.transform(ar -> {
      if (ar.succeeded()) {
        JobMetrics.of(vertx).finished(job, !ar.result() ? "discarded" : error == null ? "complete" : "failed");
        if (error != null) {
          log.info("worker {}: job {} failed: {}", queue.workerId(), job.id(), message(error));
        } else {
          log.debug("worker {}: job {} complete", queue.workerId(), job.id());
        }
        if (!ar.result()) {
          log.warn("worker {}: job {} was no longer ours; its outcome was discarded", queue.workerId(), job.id());
        }
        return Future.succeededFuture();
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
