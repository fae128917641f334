package dev.jobsservice.jobs;

import io.vertx.core.json.JsonObject;

/**
 * A job as stored: its request, where it is in its life, and when it got there. Times are
 * ISO-8601 UTC strings; those not reached yet are null.
 */
public record Job(
    String id,
    JobRequest request,
    JobStatus status,
    String createdAt,
    String startedAt,
    String finishedAt,
    int attempts,
    String worker,
    String error) {

  /** The job as the API shows it. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id)
        .put("type", request.type())
        .put("status", status.wireName())
        .put("start", request.start())
        .put("end", request.end())
        .put("params", request.params())
        .put("created_at", createdAt)
        .put("started_at", startedAt)
        .put("finished_at", finishedAt)
        .put("attempts", attempts);
    if (worker != null) {
      json.put("worker", worker);
    }
    if (error != null) {
      json.put("error", error);
    }
    return json;
  }
}
