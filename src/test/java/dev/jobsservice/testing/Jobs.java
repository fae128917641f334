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
    var entries = cli.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.XRANGE)
        .arg("{" + prefix + "}:events").arg("-").arg("+"));
    java.util.List<String> statuses = new java.util.ArrayList<>();
    entries.forEach(entry -> {
      var fields = entry.get(1);
      String jobId = null;
      String status = null;
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        if (fields.get(i).toString().equals("id")) {
          jobId = fields.get(i + 1).toString();
        } else if (fields.get(i).toString().equals("status")) {
          status = fields.get(i + 1).toString();
        }
      }
      if (id.equals(jobId)) {
        statuses.add(status);
      }
    });
    return statuses;
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
