package dev.jobsservice.testing;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** Waiting for jobs through the API, as a polling client does. */
public final class Jobs {
  private Jobs() {
  }

  /** POSTs a job as JSON; asserts it was accepted (201, submitted) and returns its id. */
  public static String submit(Http http, String body) {
    Http.Reply reply = http.post("/jobs", body, "application/json");
    if (reply.status() != 201 || !"submitted".equals(reply.json().getString("status"))) {
      throw new AssertionError("submit " + body + " -> " + reply);
    }
    return reply.json().getString("id");
  }

  /** Polls GET /jobs/{id} until it has {@code status} (20 s at most). */
  public static void awaitStatus(Http http, String id, String status) {
    Await.until(Duration.ofSeconds(20), "job " + id + " to be " + status,
        () -> status.equals(http.get("/jobs/" + id).json().getString("status")));
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
