package dev.jobsservice.analysis;

import dev.jobsservice.jobs.JobRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * One kind of job: what a job of a given {@code type} computes. Register it in {@link Analyses}.
 *
 * <p>{@link #run} is called on the worker's event loop. It must not block: wait with timers or
 * Redis futures, and compute anything CPU-heavy with {@code vertx.executeBlocking}.
 */
public interface Analysis {
  /**
   * Checks a request when it is submitted, so a bad one gets a 400 instead of a failed job.
   * Throws IllegalArgumentException with a message for the client. By default accepts all.
   */
  default void validate(JobRequest request) {
  }

  /** Runs the job; the result is stored as the job's result. A failed future fails the job. */
  Future<JsonObject> run(JobRequest request, AnalysisContext context);
}
