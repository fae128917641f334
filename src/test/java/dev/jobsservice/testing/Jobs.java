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

  /** The statuses job {@code id} went through, in order, as the events stream recorded them. */
  public static java.util.List<String> statusEvents(RedisCli cli, String prefix, String id) {
    return StoredEvents.all(cli, prefix).stream().filter(e -> id.equals(e.jobId())).map(StoredEvents.Event::status)
        .toList();
  }

  /** Polls GET /jobs/{id} until it has {@code status} (20 s at most). */
  public static void awaitStatus(Http http, String id, String status) {
    Await.until(Duration.ofSeconds(20), "job " + id + " to be " + status,
        () -> status.equals(http.get("/jobs/" + id).json().getString("status")));
  }

  /** Polls GET /jobs/{id} until the job is complete, failed or cancelled (20 s at most); returns it. */
  public static JsonObject awaitTerminal(Http http, String id) {
    JsonObject[] last = new JsonObject[1];
    Await.until(Duration.ofSeconds(20), "job " + id + " to finish", () -> {
      last[0] = http.get("/jobs/" + id).json();
      String s = last[0].getString("status");
      return "complete".equals(s) || "failed".equals(s) || "cancelled".equals(s);
    });
    return last[0];
  }
}
