package dev.jobsservice.jobs;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.util.HashMap;
import java.util.Map;

/** The one codec between a job and its Redis hash. */
final class JobHash {
  private JobHash() {
  }

  static String bound(Object value) {
    return Json.encode(value);
  }

  static String params(JsonObject params) {
    return params.encode();
  }

  /** Decodes HGETALL's reply (a map in RESP3, a flat array in RESP2); null when empty. */
  static Job decode(Response reply) {
    if (reply == null || reply.size() == 0) {
      return null;
    }
    Map<String, String> fields = new HashMap<>();
    if (reply.isMap()) {
      for (String key : reply.getKeys()) {
        fields.put(key, reply.get(key).toString());
      }
    } else {
      for (int i = 0; i + 1 < reply.size(); i += 2) {
        fields.put(reply.get(i).toString(), reply.get(i + 1).toString());
      }
    }
    return decode(fields);
  }

  static Job decode(Map<String, String> f) {
    if (f.get("id") == null) {
      return null;
    }
    JobRequest request = new JobRequest(
        f.get("type"), Json.decodeValue(f.get("start")), Json.decodeValue(f.get("end")),
        new JsonObject(f.getOrDefault("params", "{}")));
    JobOptions options = new JobOptions(
        Integer.parseInt(f.getOrDefault("max_attempts", Integer.toString(QueueSettings.DEFAULT_MAX_ATTEMPTS))),
        Long.parseLong(f.getOrDefault("timeout_ms", Long.toString(QueueSettings.DEFAULT_TIMEOUT_MS))));
    JobStatus status = JobStatus.fromWire(f.get("status")).orElseThrow(
            () -> new IllegalStateException("job " + f.get("id") + " has unknown status " + f.get("status")));
    String history = f.get("history");
    return new Job(
        f.get("id"),
        request,
        options,
        status,
        f.get("created_at"),
        f.get("started_at"),
        f.get("finished_at"),
        Integer.parseInt(f.getOrDefault("attempts", "0")),
        f.get("worker"),
        f.get("error"),
        status == JobStatus.IN_PROGRESS ? Clock.ofMillis(f.get("lease_expires")) : null,
        status == JobStatus.DELAYED ? Clock.ofMillis(f.get("run_at")) : null,
        history(f));
  }

  /**
   * Earlier attempts (JSON in 'history', archived by the scripts' archive_attempt) and the last
   * one, which lives in the hash's own fields so the common path never touches JSON in Lua.
   */
  private static JsonArray history(Map<String, String> f) {
    String earlier = f.get("history");
    // cjson writes an empty Lua table as {}: no history yet.
    JsonArray history = earlier == null || !earlier.startsWith("[") ? new JsonArray() : new JsonArray(earlier);
    if (f.get("started_at") != null) {
      JsonObject last = new JsonObject().put("worker", f.get("worker")).put("started_at", f.get("started_at"));
      if (f.get("ended_at") != null) {
        last.put("finished_at", f.get("ended_at"));
      }
      if (f.get("attempt_error") != null) {
        last.put("error", f.get("attempt_error"));
      }
      history.add(last);
    }
    return history;
  }
}
