package dev.jobsservice.jobs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * A job's JSON written field by field: the text of {@code job.toJson().encode()}, without
 * building a map and having databind walk it (a serializer looked up per value: about a tenth of
 * the API's event loop under a submit load, where every answer is a job). JSON's own value types
 * are written here too; anything else (never in a job read from JSON) goes to databind.
 */
final class JobJson {
  /** Vert.x's own mapper's factory: the same generator settings, and databind for other values. */
  private static final JsonFactory FACTORY = DatabindCodec.mapper().getFactory();

  private JobJson() {
  }

  static String encode(Job job) {
    // As databind's writeValueAsString: a writer on the factory's recycled buffers, unsynchronised.
    SegmentedStringWriter out = new SegmentedStringWriter(FACTORY._getBufferRecycler());
    try {
      try (JsonGenerator json = FACTORY.createGenerator(out)) {
        write(json, job);
      }
      return out.getAndClear();
    } catch (IOException e) {
      // The writer is in memory; a value databind cannot write would be a bug.
      throw new UncheckedIOException(e);
    }
  }

  private static void write(JsonGenerator json, Job job) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", job.id());
    json.writeStringField("type", job.request().type());
    json.writeStringField("status", job.status().wireName());
    json.writeStringField("queue", job.queue() == null ? QueueSettings.DEFAULT_QUEUE : job.queue());
    // Numbers or strings, as submitted; params any JSON object.
    json.writeFieldName("start");
    value(json, job.request().start());
    json.writeFieldName("end");
    value(json, job.request().end());
    json.writeFieldName("params");
    value(json, job.request().params());
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
    value(json, job.history() == null ? new JsonArray() : job.history());
    json.writeEndObject();
  }

  /** {@code value} as databind writes it (the same generator calls), JSON's own types by hand. */
  private static void value(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof String s) {
      json.writeString(s);
    } else if (value instanceof Integer i) {
      json.writeNumber(i);
    } else if (value instanceof Long l) {
      json.writeNumber(l);
    } else if (value instanceof Double d) {
      json.writeNumber(d);
    } else if (value instanceof Boolean b) {
      json.writeBoolean(b);
    } else if (value instanceof BigDecimal d) {
      json.writeNumber(d);
    } else if (value instanceof BigInteger i) {
      json.writeNumber(i);
    } else if (value instanceof JsonObject o) {
      json.writeStartObject();
      for (Map.Entry<String, Object> e : o.getMap().entrySet()) {
        json.writeFieldName(e.getKey());
        value(json, e.getValue());
      }
      json.writeEndObject();
    } else if (value instanceof JsonArray a) {
      json.writeStartArray();
      for (Object item : a.getList()) {
        value(json, item);
      }
      json.writeEndArray();
    } else {
      json.writeObject(value);
    }
  }

  private static void optional(JsonGenerator json, String name, String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }
}
