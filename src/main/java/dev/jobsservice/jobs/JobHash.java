package dev.jobsservice.jobs;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one codec between a job and its Redis hash. What a job was submitted with never changes and
 * is read whole (by the claim, by GET /jobs/{id}), so it is one field, {@code spec} ({@link #spec}),
 * cut in up to three pieces when it is long (lib/spec.lua says why);
 * the fields that change (status, attempts, worker, times) are fields of their own. Hashes written
 * before {@code spec} existed hold the same values in fields of their own and still read.
 */
final class JobHash {
  /** The spec's parts, in order (lib/claim.lua sends them on as they are). */
  static final int SPEC_PARTS = 7;
  /** The fields a spec longer than 64 bytes is cut into, in order (lib/spec.lua). */
  private static final List<String> SPEC_PIECES = List.of("spec", "spec_2", "spec_3");
  private static final String[] LEGACY_SPEC = {"type", "start", "end", "params", "max_attempts", "timeout_ms",
      "created_at"};

  private JobHash() {
  }

  static String bound(Object value) {
    return Json.encode(value);
  }

  static String params(JsonObject params) {
    return params.encode();
  }

  /** The {@code spec} field: type, start, end, params, max_attempts, timeout_ms, created_at ({@link Joined}). */
  static String spec(JobRequest request, JobOptions options, String createdAt) {
    return Joined.join(request.type(), bound(request.start()), bound(request.end()), params(request.params()),
        Integer.toString(options.maxAttempts()), Long.toString(options.timeoutMs()), createdAt);
  }

  /** Decodes HGETALL's reply (a map in RESP3, a flat array in RESP2) of job {@code id}; null when empty. */
  static Job decode(String id, Response reply) {
    if (reply == null || reply.size() == 0) {
      return null;
    }
    Map<String, String> fields = new HashMap<>();
    Buffer[] pieces = new Buffer[SPEC_PIECES.size()];
    if (reply.isMap()) {
      for (String key : reply.getKeys()) {
        put(fields, pieces, key, reply.get(key));
      }
    } else {
      for (int i = 0; i + 1 < reply.size(); i += 2) {
        put(fields, pieces, reply.get(i).toString(), reply.get(i + 1));
      }
    }
    if (pieces[0] != null) {
      fields.put("spec", joined(pieces));
    }
    return decode(id, fields);
  }

  /** A field of HGETALL's reply; the spec's pieces are kept as bytes (lib/spec.lua cuts a long one by bytes). */
  private static void put(Map<String, String> fields, Buffer[] pieces, String key, Response value) {
    int piece = SPEC_PIECES.indexOf(key);
    if (piece >= 0) {
      pieces[piece] = value.toBuffer();
    } else {
      fields.put(key, value.toString());
    }
  }

  /** The spec from its pieces' bytes (a piece may end inside a character the next one finishes). */
  private static String joined(Buffer[] pieces) {
    if (pieces[1] == null) {
      // Not cut (most specs): decoded as it is, without a copy.
      return pieces[0].toString(StandardCharsets.UTF_8);
    }
    Buffer spec = Buffer.buffer();
    for (Buffer piece : pieces) {
      if (piece != null) {
        spec.appendBuffer(piece);
      }
    }
    return spec.toString(StandardCharsets.UTF_8);
  }

  static Job decode(String id, Map<String, String> f) {
    if (f.get("status") == null) {
      return null;
    }
    String[] spec = spec(f);
    if (spec[0] == null) {
      // Not a whole job (only some fields written, by hand or by a race with its deletion).
      return null;
    }
    JobRequest request = new JobRequest(
        spec[0], Json.decodeValue(spec[1]), Json.decodeValue(spec[2]),
        new JsonObject(spec[3] == null ? "{}" : spec[3]));
    JobOptions options = new JobOptions(
        spec[4] == null ? QueueSettings.DEFAULT_MAX_ATTEMPTS : Integer.parseInt(spec[4]),
        spec[5] == null ? QueueSettings.DEFAULT_TIMEOUT_MS : Long.parseLong(spec[5]));
    JobStatus status = JobStatus.fromWire(f.get("status")).orElseThrow(
            () -> new IllegalStateException("job " + id + " has unknown status " + f.get("status")));
    return new Job(
        id,
        request,
        options,
        status,
        spec[6],
        f.get("started_at"),
        f.get("finished_at"),
        Integer.parseInt(f.getOrDefault("attempts", "0")),
        f.get("worker"),
        f.get("error"),
        status == JobStatus.IN_PROGRESS ? Clock.ofMillis(f.get("lease_expires")) : null,
        status == JobStatus.DELAYED ? Clock.ofMillis(f.get("run_at")) : null,
        history(f));
  }

  /** The job's type from its {@code spec}, or from {@code legacyType} (a hash written before the spec). */
  static String type(String spec, String legacyType) {
    if (spec == null) {
      return legacyType;
    }
    int end = spec.indexOf(Joined.SEPARATOR);
    return end < 0 ? spec : spec.substring(0, end);
  }

  /** The spec's parts from {@code spec}, or from the fields of a hash written before it existed. */
  private static String[] spec(Map<String, String> f) {
    String joined = f.get("spec");
    String[] parts = joined == null ? null : Joined.split(joined, SPEC_PARTS);
    if (parts == null) {
      parts = new String[SPEC_PARTS];
      for (int i = 0; i < SPEC_PARTS; i++) {
        parts[i] = f.get(LEGACY_SPEC[i]);
      }
    }
    return parts;
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
      // A complete job's last attempt ended when the job finished (lib/complete.lua writes no ended_at).
      String ended = f.get("ended_at") != null ? f.get("ended_at")
          : JobStatus.COMPLETE.wireName().equals(f.get("status")) ? f.get("finished_at") : null;
      if (ended != null) {
        last.put("finished_at", ended);
      }
      if (f.get("attempt_error") != null) {
        last.put("error", f.get("attempt_error"));
      }
      history.add(last);
    }
    return history;
  }
}
