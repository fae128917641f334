package dev.jobsservice.jobs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.jackson.DatabindCodec;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * A job's JSON written field by field: the text of {@code job.toJson().encode()}, without
 * building a map and having databind walk it (a serializer looked up per value: about a tenth of
 * the API's event loop under a submit load, where every answer is a job).
 */
final class JobJson {
  /** Vert.x's own mapper's factory: the same generator settings, and databind for the nested values. */
  private static final JsonFactory FACTORY = DatabindCodec.mapper().getFactory();

  private JobJson() {
  }

  static String encode(Job job) {
    StringWriter out = new StringWriter(384);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("id", job.id());
      json.writeStringField("type", job.request().type());
      json.writeStringField("status", job.status().wireName());
      json.writeStringField("queue", job.queue() == null ? QueueSettings.DEFAULT_QUEUE : job.queue());
      // Numbers or strings, as submitted; params any JSON object: databind writes these as it would.
      json.writeObjectField("start", job.request().start());
      json.writeObjectField("end", job.request().end());
      json.writeObjectField("params", job.request().params());
      json.writeStringField("created_at", job.createdAt());
      json.writeStringField("started_at", job.startedAt());
      json.writeStringField("finished_at", job.finishedAt());
      json.writeNumberField("attempts", job.attempts());
      json.writeNumberField("max_attempts", job.options().maxAttempts());
      json.writeNumberField("timeout_ms", job.options().timeoutMs());
      optional(json, "worker", job.worker());
      optional(json, "lease_expires_at", job.leaseExpiresAt());
      optional(json, "run_at", job.runAt());
      optional(json, "error", job.error());
      json.writeFieldName("history");
      if (job.history() == null) {
        json.writeStartArray();
        json.writeEndArray();
      } else {
        json.writeObject(job.history());
      }
      json.writeEndObject();
    } catch (IOException e) {
      // A StringWriter does not fail; a value databind cannot write would be a bug.
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void optional(JsonGenerator json, String name, String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }
}
