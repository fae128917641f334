package dev.jobsservice.analysis;

import io.vertx.core.json.JsonObject;

/**
 * A kind whose result can be drawn: {@code GET /jobs/{id}/results} with {@code Accept: image/png}
 * (or {@code ?format=png}) renders it from the stored result JSON, so a chart costs nothing until
 * someone asks for it and needs nothing stored besides the result.
 */
public interface Charted {
  /** Default chart size in pixels. */
  int WIDTH = 800;
  int HEIGHT = 500;

  /**
   * A PNG chart, with a title and labelled axes, of {@code result} (as this kind's analysis
   * produced it). CPU work: call it off the event loop. IllegalArgumentException when the result
   * is not one this kind produces.
   */
  byte[] png(JsonObject result, int width, int height);
}
