package dev.jobsservice.jobs;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

/**
 * Reads what a claim returns (lib/claim.lua's claim_job): the fields a worker needs to run the job,
 * by position, then the dataset's version. Only these, not the whole hash: a worker decodes one
 * per job, so no map, no history and no JSON parse where a plain string will do.
 */
final class ClaimReply {
  private static final int ID = 0;
  private static final int TYPE = 1;
  private static final int START = 2;
  private static final int END = 3;
  private static final int PARAMS = 4;
  private static final int MAX_ATTEMPTS = 5;
  private static final int TIMEOUT_MS = 6;
  private static final int CREATED_AT = 7;
  private static final int STARTED_AT = 8;
  private static final int ATTEMPTS = 9;
  private static final int DATA_VERSION = 10;
  private static final int SIZE = 11;

  private ClaimReply() {
  }

  /** The claimed job, as this worker holds it; null for a reply that is not a claim. */
  static JobQueue.Claim decode(Response reply, String workerId) {
    if (reply == null || reply.size() < SIZE || text(reply, ID) == null) {
      return null;
    }
    String params = text(reply, PARAMS);
    JobRequest request = new JobRequest(text(reply, TYPE), bound(text(reply, START)), bound(text(reply, END)),
        params == null || params.equals("{}") ? new JsonObject() : new JsonObject(params));
    String maxAttempts = text(reply, MAX_ATTEMPTS);
    String timeoutMs = text(reply, TIMEOUT_MS);
    JobOptions options = new JobOptions(
        maxAttempts == null ? QueueSettings.DEFAULT_MAX_ATTEMPTS : Integer.parseInt(maxAttempts),
        timeoutMs == null ? QueueSettings.DEFAULT_TIMEOUT_MS : Long.parseLong(timeoutMs));
    Job job = new Job(text(reply, ID), request, options, JobStatus.IN_PROGRESS, text(reply, CREATED_AT),
        text(reply, STARTED_AT), null, Integer.parseInt(text(reply, ATTEMPTS)), workerId, null, null, null, null);
    return new JobQueue.Claim(job, text(reply, DATA_VERSION));
  }

  private static String text(Response reply, int index) {
    Response value = reply.get(index);
    return value == null ? null : value.toString();
  }

  /**
   * A range bound as stored (JSON: a number or a string, see JobHash#bound). A string without
   * escapes is its characters between the quotes; anything else goes through the JSON parser.
   */
  static Object bound(String json) {
    int last = json.length() - 1;
    if (last > 0 && json.charAt(0) == '"' && json.charAt(last) == '"' && json.indexOf('\\') < 0
        && json.indexOf('"', 1) == last) {
      return json.substring(1, last);
    }
    return Json.decodeValue(json);
  }
}
