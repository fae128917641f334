package dev.jobsservice.worker;

import dev.jobsservice.jobs.Job;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

/**
 * One attempt at a job, as its worker sees it: it ends with the analysis's result or error, or
 * earlier when it runs past its timeout or is stopped from outside (the job was cancelled, its
 * lease lost, or the worker is stopping). Whichever comes first decides; the rest are ignored, so
 * an abandoned analysis that finishes later changes nothing.
 */
final class Attempt {
  /** How an attempt ended. */
  enum End {
    /** The analysis returned a result. */
    DONE,
    /** The analysis failed, or ran past its timeout: a failure of the job. */
    FAILED,
    /** The job is no longer this worker's (cancelled, or its lease was reaped): write nothing. */
    LOST,
    /** The worker is stopping and its grace period is over: hand the job back. */
    HANDED_BACK
  }

  record Outcome(End end, JsonObject result, Throwable error) {
  }

  private final Job job;
  private final Promise<Outcome> outcome = Promise.promise();

  Attempt(Job job) {
    this.job = job;
  }

  Job job() {
    return job;
  }

  Future<Outcome> outcome() {
    return outcome.future();
  }

  void done(JsonObject result) {
    outcome.tryComplete(new Outcome(End.DONE, result, null));
  }

  void failed(Throwable error) {
    outcome.tryComplete(new Outcome(End.FAILED, null, error));
  }

  void lost() {
    outcome.tryComplete(new Outcome(End.LOST, null, null));
  }

  void handBack() {
    outcome.tryComplete(new Outcome(End.HANDED_BACK, null, null));
  }
}
