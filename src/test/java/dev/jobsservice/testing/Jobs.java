package dev.jobsservice.testing;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** Waiting for jobs through the API, as a polling client does. */
public final class Jobs {
  private Jobs() {
  }

  /** Polls GET /jobs/{id} until the job is complete or failed (20 s at most); returns it. */
  public static JsonObject awaitTerminal(Http http, String id) {
    JsonObject[] last = new JsonObject[1];
    Await.until(Duration.ofSeconds(20), "job " + id + " to finish", () -> {
      last[0] = http.get("/jobs/" + id).json();
      String s = last[0].getString("status");
      return "complete".equals(s) || "failed".equals(s);
    });
    return last[0];
  }
}
