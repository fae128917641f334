package dev.jobsservice.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The OpenAPI document ({@code openapi.yaml} on the classpath), served as written at
 * {@code /openapi.yaml} and converted for {@code /openapi.json} the first time it is asked for:
 * parsing the YAML took 200-360 ms of a cold start, a fifth of the time to ready.
 */
final class ApiDocument {
  static final String RESOURCE = "openapi.yaml";

  private final String yaml;
  /** The document as JSON text, once converted. */
  private volatile String json;

  private ApiDocument(String yaml) {
    this.yaml = yaml;
  }

  /** Reads the document: a blocking read of a resource, for start-up (not an event loop). */
  static ApiDocument load() {
    try (InputStream in = ApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new ApiDocument(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The document as JSON; converts it the first time (blocking: not on an event loop). */
  JsonObject json() {
    return new JsonObject(jsonText());
  }

  private String jsonText() {
    String text = json;
    if (text == null) {
      try {
        text = new ObjectMapper().writeValueAsString(new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot convert " + RESOURCE, e);
      }
      json = text;
    }
    return text;
  }

  void mount(Endpoints endpoints) {
    endpoints.on(HttpMethod.GET, "/openapi.yaml").handler(ctx ->
        Replies.send(ctx.request(), ctx.response(), "application/yaml; charset=utf-8", yaml));
    endpoints.on(HttpMethod.GET, "/openapi.json").handler(ctx -> {
      String text = json;
      if (text != null) {
        Replies.json(ctx, 200, text);
      } else {
        // The first request converts it on a worker thread (two at once may both convert: same text).
        Replies.json(ctx, ctx.vertx().executeBlocking(this::jsonText, false), 200, t -> t);
      }
    });
  }
}
