package dev.jobsservice.jobs;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * Reads what a claim returns (lib/claim.lua's claim_job): one string ({@link Joined}) of the id,
 * the job's spec as {@link JobHash#spec} made it, when it started, its attempt count and the
 * dataset's version. Only these, not the whole hash: a worker decodes one per job, so no map, no
 * history and no JSON parse where a plain string will do.
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

  /** The reply's fields ({@link Joined}), an empty one as null; null unless all are there. */
  static String[] fields(String reply) {
    return Joined.split(reply, SIZE);
  }

  /** The claimed job, as this worker holds it; null for a reply that is not a claim. */
  static JobQueue.Claim decode(Response reply, String workerId) {
    String[] f = reply == null || reply.type() != ResponseType.BULK ? null : fields(reply.toString());
    if (f == null || f[ID] == null) {
      return null;
    }
    JobRequest request = new JobRequest(f[TYPE], bound(f[START]), bound(f[END]),
        f[PARAMS] == null || f[PARAMS].equals("{}") ? new JsonObject() : new JsonObject(f[PARAMS]));
    JobOptions options = new JobOptions(
        f[MAX_ATTEMPTS] == null ? QueueSettings.DEFAULT_MAX_ATTEMPTS : Integer.parseInt(f[MAX_ATTEMPTS]),
        f[TIMEOUT_MS] == null ? QueueSettings.DEFAULT_TIMEOUT_MS : Long.parseLong(f[TIMEOUT_MS]));
    Job job = new Job(f[ID], request, options, JobStatus.IN_PROGRESS, f[CREATED_AT], f[STARTED_AT], null,
        Integer.parseInt(f[ATTEMPTS]), workerId, null, null, null, null);
    return new JobQueue.Claim(job, f[DATA_VERSION]);
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
