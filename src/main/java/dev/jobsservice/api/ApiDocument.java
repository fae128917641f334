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
 * {@code /openapi.yaml} and converted once at start-up for {@code /openapi.json}.
 */
final class ApiDocument {
  static final String RESOURCE = "openapi.yaml";

  private final String yaml;
  private final String json;

  private ApiDocument(String yaml, String json) {
    this.yaml = yaml;
    this.json = json;
  }

  /** Reads and converts the document: a blocking read, for start-up (not an event loop). */
  static ApiDocument load() {
    try (InputStream in = ApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Object tree = new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class);
      return new ApiDocument(yaml, new ObjectMapper().writeValueAsString(tree));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  JsonObject json() {
    return new JsonObject(json);
  }

  void mount(Endpoints endpoints) {
    endpoints.on(HttpMethod.GET, "/openapi.yaml").handler(ctx ->
        Replies.send(ctx.request(), ctx.response(), "application/yaml; charset=utf-8", yaml));
    endpoints.on(HttpMethod.GET, "/openapi.json").handler(ctx -> Replies.json(ctx, 200, json));
  }
}
