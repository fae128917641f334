package dev.jobsservice.jobs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A job as stored: its request and options, where it is in its life, and when it got there.
 * Times are ISO-8601 UTC strings; those not reached yet are null. {@code worker} and
 * {@code leaseExpiresAt} name the lease while it runs; {@code runAt} is when a delayed job runs
 * again; {@code history} holds its last attempts (worker, started_at, finished_at, error).
 */
public record Job(
    String id,
    JobRequest request,
    JobOptions options,
    JobStatus status,
    String createdAt,
    String startedAt,
    String finishedAt,
    int attempts,
    String worker,
    String error,
    String leaseExpiresAt,
    String runAt,
    JsonArray history,
    String queue) {

  /** Without a queue name (as read back by a worker, which knows its queue). */
  public Job(String id, JobRequest request, JobOptions options, JobStatus status, String createdAt,
      String startedAt, String finishedAt, int attempts, String worker, String error, String leaseExpiresAt,
      String runAt, JsonArray history) {
    this(id, request, options, status, createdAt, startedAt, finishedAt, attempts, worker, error, leaseExpiresAt,
        runAt, history, null);
  }

  /** The same job, known to be in queue {@code name}. */
  public Job inQueue(String name) {
    return new Job(id, request, options, status, createdAt, startedAt, finishedAt, attempts, worker, error,
        leaseExpiresAt, runAt, history, name);
  }

  /** {@link #toJson()} as text, written directly: what every answer about one job sends. */
  public String encode() {
    return JobJson.encode(this);
  }

  /** The job as the API shows it. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id)
        .put("type", request.type())
        .put("status", status.wireName())
        .put("queue", queue == null ? QueueSettings.DEFAULT_QUEUE : queue)
        .put("start", request.start())
        .put("end", request.end())
        .put("params", request.params())
        .put("created_at", createdAt)
        .put("started_at", startedAt)
        .put("finished_at", finishedAt)
        .put("attempts", attempts)
        .put("max_attempts", options.maxAttempts())
        .put("timeout_ms", options.timeoutMs());
    if (worker != null) {
      json.put("worker", worker);
    }
    if (leaseExpiresAt != null) {
      json.put("lease_expires_at", leaseExpiresAt);
    }
    if (runAt != null) {
      json.put("run_at", runAt);
    }
    if (error != null) {
      json.put("error", error);
    }
    json.put("history", history == null ? new JsonArray() : history);
    return json;
  }
}
