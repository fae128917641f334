package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jobsservice.testing.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI document as a test reads it: its {@code $ref}s inlined, and a check of one real
 * answer against the operation it belongs to (status documented, content type documented, body
 * valid against the schema). Remembers which operation/status pairs were checked.
 */
final class Contract {
  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions()
      .setDraft(Draft.DRAFT202012).setBaseUri("https://jobs-service.invalid/")
      .setOutputFormat(OutputFormat.Basic);

  private final JsonObject raw;
  private final JsonObject doc;
  private final Set<String> checked = new TreeSet<>();

  Contract(JsonObject raw) {
    this.raw = raw;
    this.doc = (JsonObject) inline(raw.copy());
  }

  JsonObject doc() {
    return doc;
  }

  /** The operation for {@code method} on a path template such as {@code /jobs/{id}}; null if none. */
  JsonObject operation(String method, String path) {
    JsonObject item = doc.getJsonObject("paths").getJsonObject(path);
    return item == null ? null : item.getJsonObject(method.toLowerCase(Locale.ROOT));
  }

  /** "METHOD /path" of every documented operation. */
  Set<String> operations() {
    Set<String> out = new TreeSet<>();
    doc.getJsonObject("paths").forEach(p -> ((JsonObject) p.getValue()).fieldNames().stream()
        .filter(m -> Set.of("get", "post", "put", "patch", "delete").contains(m))
        .forEach(m -> out.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
    return out;
  }

  /** Operation/status pairs checked so far, as "METHOD /path status". */
  Set<String> checked() {
    return checked;
  }

  /** Asserts {@code reply} has {@code status} and is what the document says it is. */
  void check(String method, String path, Http.Reply reply, int status) {
    assertEquals(status, reply.status(), method + " " + path + ": " + reply.body());
    checkAnswer(method, path, reply.status(), reply.header("Content-Type"), reply.body());
  }

  void checkAnswer(String method, String path, int status, String contentType, String body) {
    String where = method + " " + path + " " + status;
    JsonObject operation = operation(method, path);
    assertNotNull(operation, method + " " + path + " is not in the document");
    JsonObject response = operation.getJsonObject("responses").getJsonObject(Integer.toString(status));
    assertNotNull(response, where + ": this status is not documented");
    checked.add(where);
    JsonObject content = response.getJsonObject("content");
    if (content == null) {
      assertTrue(body == null || body.isEmpty(), where + ": documented without a body, got " + body);
      return;
    }
    String type = contentType == null ? "" : contentType.split(";")[0].trim();
    JsonObject media = content.getJsonObject(type);
    assertNotNull(media, where + ": content type " + type + " is not documented (" + content.fieldNames() + ")");
    if (type.endsWith("json") && media.getJsonObject("schema") != null) {
      valid(where, media.getJsonObject("schema"), parse(body));
    }
  }

  /** Asserts {@code value} is valid against {@code schema} (an inlined schema object). */
  static void valid(String where, JsonObject schema, Object value) {
    OutputUnit result = Validator.create(JsonSchema.of(schema), OPTIONS).validate(value);
    if (!result.getValid()) {
      fail(where + ": the body does not match the schema: " + result.toJson().encode() + "\nbody: " + value);
    }
  }

  JsonObject schema(String name) {
    return doc.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
  }

  private static Object parse(String body) {
    String t = body.trim();
    return t.startsWith("{") ? new JsonObject(t) : t.startsWith("[") ? new JsonArray(t) : io.vertx.core.json.Json.decodeValue(t);
  }

  /** Replaces every {@code {"$ref": "#/..."}} with what it points at (the document has no cycles). */
  private Object inline(Object node) {
    if (node instanceof JsonObject o) {
      if (o.getValue("$ref") instanceof String ref && ref.startsWith("#/")) {
        Object target = raw;
        for (String part : ref.substring(2).split("/")) {
          target = ((JsonObject) target).getValue(part.replace("~1", "/").replace("~0", "~"));
        }
        JsonObject merged = ((JsonObject) inline(((JsonObject) target).copy()));
        o.forEach(e -> {
          if (!e.getKey().equals("$ref")) {
            merged.put(e.getKey(), inline(e.getValue()));
          }
        });
        return merged;
      }
      JsonObject out = new JsonObject();
      o.forEach(e -> out.put(e.getKey(), inline(e.getValue())));
      return out;
    }
    if (node instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      a.forEach(v -> out.add(inline(v)));
      return out;
    }
    return node;
  }
}
