package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.Prometheus;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two named queues in one Redis: each queue's jobs run only on the workers that serve it, and
 * every read, wait, cancel and retry by id finds a job in whichever queue it is.
 */
class NamedQueuesTest {
  private static final Map<String, String> QUEUES = Map.of("JOBS_QUEUES", "default,reports",
      "JOBS_SHUTDOWN_GRACE_MS", "0");
  private final String prefix = TestRedis.prefix();

  private static String submit(Http http, String body) {
    Http.Reply reply = http.post("/jobs", body, "application/json");
    assertEquals(201, reply.status(), reply.toString());
    return reply.json().getString("id");
  }

  private static List<String> ids(Http.Reply page) {
    assertEquals(200, page.status(), page.toString());
    JsonArray jobs = page.json().getJsonArray("jobs");
    return jobs.stream().map(j -> ((JsonObject) j).getString("id")).toList();
  }

  @Test
  void eachQueuesJobsRunOnlyOnItsWorkersAndAreFoundById() throws Exception {
    Map<String, String> reportsOnly = new java.util.HashMap<>(QUEUES);
    reportsOnly.put("JOBS_WORKER_QUEUES", "reports:2");
    try (JobsService api = JobsService.start(TestService.config(prefix, "api", 0, QUEUES));
        JobsService reportsWorkers = JobsService.start(TestService.config(prefix, "worker", 0, reportsOnly));
        RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      assertEquals(201, http.post("/data", "[{\"year\":2000,\"mass\":1},{\"year\":2001,\"mass\":3}]").status());

      String plain = submit(http, "{\"start\":0,\"end\":3000}");
      String report = submit(http, "{\"start\":0,\"end\":3000,\"queue\":\"reports\"}");
      assertEquals("default", http.get("/jobs/" + plain).json().getString("queue"));

      // ?wait= follows the reports queue's event stream: it answers once the job is done.
      long t0 = System.nanoTime();
      JsonObject done = http.get("/jobs/" + report + "?wait=20").json();
      assertEquals("complete", done.getString("status"), done.encode());
      assertTrue(System.nanoTime() - t0 < 15_000_000_000L, "the wait ended on the job's event");
      assertEquals("reports", done.getString("queue"));
      assertEquals(2, http.get("/jobs/" + report + "/results").json().getInteger("count"));
      // The job lives under the reports queue's own hash tag, not the default one.
      assertEquals(1, cli.send(Request.cmd(Command.EXISTS).arg("{" + prefix + ":q:reports}:job:" + report)).toInteger());
      assertEquals(0, cli.send(Request.cmd(Command.EXISTS).arg("{" + prefix + "}:job:" + report)).toInteger());

      // Nothing serves the default queue yet: its job waits, untouched.
      Thread.sleep(1500);
      JsonObject waiting = http.get("/jobs/" + plain).json();
      assertEquals("submitted", waiting.getString("status"), waiting.encode());
      assertEquals(1, cli.send(Request.cmd(Command.LLEN).arg("{" + prefix + "}:queue")).toInteger());

      // A chart of a job in the named queue.
      String histogram = submit(http, "{\"type\":\"histogram\",\"start\":0,\"end\":3000,\"queue\":\"reports\","
          + "\"params\":{\"value\":\"mass\",\"bins\":2}}");
      Jobs.awaitStatus(http, histogram, "complete");
      Http.Reply png = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/jobs/" + histogram
          + "/results?format=png")).GET());
      assertEquals(200, png.status());
      assertEquals("image/png", png.header("Content-Type"));

      // Cancel and retry by id in the named queue.
      String sleeper = submit(http, "{\"type\":\"sleep\",\"start\":0,\"end\":0,\"queue\":\"reports\","
          + "\"params\":{\"ms\":1500}}");
      Jobs.awaitStatus(http, sleeper, "in_progress");
      Http.Reply cancelled = http.post("/jobs/" + sleeper + "/cancel", "");
      assertEquals(200, cancelled.status(), cancelled.toString());
      assertEquals("cancelled", cancelled.json().getString("status"));
      Http.Reply retried = http.post("/jobs/" + sleeper + "/retry", "");
      assertEquals(200, retried.status(), retried.toString());
      assertEquals("reports", retried.json().getString("queue"));
      assertEquals("complete", Jobs.awaitTerminal(http, sleeper).getString("status"));
      assertEquals(404, http.get("/jobs/" + "00000000-0000-4000-8000-000000000000").status());

      // Listing is per queue.
      assertEquals(List.of(plain), ids(http.get("/jobs")));
      assertEquals(List.of(plain), ids(http.get("/jobs?queue=default")));
      assertEquals(List.of(sleeper, histogram, report), ids(http.get("/jobs?queue=reports")));

      // Unknown queues: 400 naming the configured ones.
      Http.Reply unknown = http.post("/jobs", "{\"start\":0,\"end\":1,\"queue\":\"nope\"}", "application/json");
      assertEquals(400, unknown.status(), unknown.toString());
      assertTrue(unknown.json().getString("detail").contains("[default, reports]"), unknown.toString());
      assertEquals("application/problem+json", unknown.header("Content-Type"));
      assertEquals(400, http.post("/jobs", "{\"start\":0,\"end\":1,\"queue\":7}", "application/json").status());
      Http.Reply badList = http.get("/jobs?queue=nope");
      assertEquals(400, badList.status(), badList.toString());
      assertTrue(badList.json().getString("detail").contains("[default, reports]"), badList.toString());

      // Stats and metrics per queue.
      JsonObject stats = http.get("/stats").json();
      assertEquals(1, stats.getJsonObject("queues").getJsonObject("default").getInteger("queue_depth"), stats.encode());
      assertEquals(3, stats.getJsonObject("queues").getJsonObject("reports").getJsonObject("by_status")
          .getInteger("complete"), stats.encode());
      String metrics = http.get("/metrics").body();
      assertEquals(1.0, Prometheus.value(metrics, "jobs_queue_depth{queue=\"default\",state=\"waiting\"}"));
      assertEquals(0.0, Prometheus.value(metrics, "jobs_queue_depth{queue=\"reports\",state=\"waiting\"}"));

      // A worker process that serves every configured queue (the default) drains the default one.
      try (JobsService all = JobsService.start(TestService.config(prefix, "worker", 1, QUEUES))) {
        assertEquals("complete", Jobs.awaitTerminal(http, plain).getString("status"));
        JsonArray workers = http.get("/workers").json().getJsonArray("workers");
        assertTrue(workers.stream().anyMatch(w -> "default".equals(((JsonObject) w).getString("queue"))), workers.encode());
        assertTrue(workers.stream().anyMatch(w -> "reports".equals(((JsonObject) w).getString("queue"))), workers.encode());
      }
    }
  }

  @Test
  void aDatasetChangeIsSeenByJobsInEveryQueue() throws Exception {
    try (JobsService service = JobsService.start(TestService.config(prefix, "all", 2, QUEUES));
        RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(service);
      for (String queue : List.of("reports", "default", "reports")) {
        assertEquals(0, count(http, queue));
      }
      assertEquals(201, http.post("/data", "[{\"year\":2000},{\"year\":2001}]").status());
      for (String queue : List.of("reports", "reports", "default")) {
        assertEquals(2, count(http, queue));
      }
      assertEquals(204, http.delete("/data").status());
      assertEquals(0, count(http, "reports"));
      assertEquals(0, count(http, "reports"));
      for (String tag : List.of(prefix, prefix + ":q:reports")) {
        assertEquals("2", cli.send(Request.cmd(Command.GET).arg("{" + tag + "}:data-version:default")).toString(),
            "each change raised the version in queue " + tag);
      }
    }
  }

  private static long count(Http http, String queue) {
    String id = submit(http, "{\"start\":0,\"end\":3000,\"queue\":\"" + queue + "\"}");
    JsonObject done = Jobs.awaitTerminal(http, id);
    assertEquals("complete", done.getString("status"), done.encode());
    assertEquals(queue, done.getString("queue"));
    return http.get("/jobs/" + id + "/results").json().getLong("count");
  }
}
