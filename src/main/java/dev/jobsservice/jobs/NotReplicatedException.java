package dev.jobsservice.jobs;

import io.vertx.core.Future;
import io.vertx.redis.client.Response;

/**
 * A write the master took but fewer replicas than {@code redis.wait_replicas} acknowledged in
 * time. Redis replicates asynchronously: such a write survives a failover only if a replica got it
 * anyway, so a submit is not acknowledged; the API answers 503 (the message starts NOREPLICAS, as
 * Redis's own error for min-replicas-to-write does) and a client that retries with the same
 * Idempotency-Key gets the job back if it did survive, or a new one if it did not.
 */
public final class NotReplicatedException extends RuntimeException {
  NotReplicatedException(int acknowledged, int wanted) {
    super("NOREPLICAS " + acknowledged + " of " + wanted + " replica(s) acknowledged the write within "
        + QueueSettings.WAIT_TIMEOUT_MS + " ms", null, false, false);
  }

  /** The script's reply, or this failure when too few replicas acknowledged it. */
  static Future<Response> check(Script.Replicated written, int wanted) {
    return written.replicas() >= wanted ? Future.succeededFuture(written.reply())
        : Future.failedFuture(new NotReplicatedException(written.replicas(), wanted));
  }
}
