package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cancelling: a queued or delayed job leaves its queue; a running one is stopped, its result refused. */
class CancelTest {
  private final String prefix = TestRedis.prefix();
  private RedisCli cli;

  @BeforeEach
  void cli() {
    cli = new RedisCli(TestRedis.url());
  }

  @AfterEach
  void close() throws Exception {
    cli.close();
  }

  private long queueLength() {
    return cli.send(Request.cmd(Command.LLEN).arg("{" + prefix + "}:queue")).toLong();
  }

  @Test
  void aQueuedJobIsTakenOffTheQueueAndCanBeRetried() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0)) {
      Http http = TestService.http(api);
      String id = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      String other = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      assertEquals(2, queueLength());

      var cancelled = http.delete("/jobs/" + id);
      assertEquals(200, cancelled.status(), cancelled.body());
      assertEquals("cancelled", cancelled.json().getString("status"));
      assertEquals(1, queueLength(), "only the other job waits");
      assertEquals(other, cli.send(Request.cmd(Command.LINDEX).arg("{" + prefix + "}:queue").arg(0)).toString());
      var list = http.get("/jobs?status=cancelled").json().getJsonArray("jobs");
      assertEquals(1, list.size());
      assertEquals(id, list.getJsonObject(0).getString("id"));

      var again = http.post("/jobs/" + id + "/cancel", "");
      assertEquals(409, again.status(), again.body());
      assertEquals("cancelled", again.json().getString("job_status"));
      var results = http.get("/jobs/" + id + "/results");
      assertEquals(409, results.status());
      assertEquals("cancelled", results.json().getString("job_status"));

      var retried = http.post("/jobs/" + id + "/retry", "");
      assertEquals(200, retried.status(), retried.body());
      assertEquals("submitted", retried.json().getString("status"));
      assertEquals(2, queueLength());
      assertEquals(List.of("submitted", "cancelled", "submitted"), Jobs.statusEvents(cli, prefix, id));
      assertEquals(404, http.delete("/jobs/no-such-job").status());
    }
  }

  @Test
  void aRunningJobIsStoppedAndItsLateResultRefused() throws Exception {
    // A short lease: the heartbeat that tells the worker comes every 200 ms.
    try (JobsService service = JobsService.start(TestService.config(prefix, "all", 1,
        Map.of("JOBS_WORKER_LEASE_MS", "600")))) {
      Http http = TestService.http(service);
      String id = Jobs.submit(http, "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":2500}}");
      Jobs.awaitStatus(http, id, "in_progress");
      JsonObject running = http.get("/jobs/" + id).json();
      assertTrue(running.containsKey("lease_expires_at"), running.encode());

      var cancelled = http.post("/jobs/" + id + "/cancel", "");
      assertEquals(200, cancelled.status(), cancelled.body());
      assertEquals("cancelled", cancelled.json().getString("status"));

      // The only worker is free again well before the 2.5 s sleep would have ended.
      long began = System.nanoTime();
      String next = Jobs.submit(http, "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":1}}");
      assertEquals("complete", Jobs.awaitTerminal(http, next).getString("status"));
      long freedMs = (System.nanoTime() - began) / 1_000_000;
      assertTrue(freedMs < 2000, "the worker was freed after " + freedMs + " ms");

      Thread.sleep(2500); // Past the sleep's end: had it gone on, it would have tried to complete.
      JsonObject after = http.get("/jobs/" + id).json();
      assertEquals("cancelled", after.getString("status"), after.encode());
      assertEquals(0, cli.send(Request.cmd(Command.EXISTS).arg("{" + prefix + "}:result:" + id)).toInteger());
      assertEquals(List.of("submitted", "in_progress", "cancelled"), Jobs.statusEvents(cli, prefix, id));
      assertEquals(0, cli.send(Request.cmd(Command.ZCOUNT).arg("{" + prefix + "}:leases").arg("-inf").arg("(+inf")).toInteger());
    }
  }

  @Test
  void aDelayedJobLeavesTheDelayedSet() throws Exception {
    try (JobsService service = JobsService.start(TestService.config(prefix, "all", 1,
        Map.of("JOBS_RETRY_BASE_MS", "60000", "JOBS_RETRY_MAX_MS", "60000")))) {
      Http http = TestService.http(service);
      // A timeout makes the first attempt fail; the next one waits a minute in the delayed set.
      String id = Jobs.submit(http,
          "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":5000},\"timeout_ms\":50}");
      Jobs.awaitStatus(http, id, "delayed");
      assertEquals(1, cli.send(Request.cmd(Command.ZCARD).arg("{" + prefix + "}:delayed")).toInteger());
      var cancelled = http.delete("/jobs/" + id);
      assertEquals(200, cancelled.status(), cancelled.body());
      assertEquals("cancelled", cancelled.json().getString("status"));
      assertNull(cancelled.json().getString("run_at"));
      assertEquals(0, cli.send(Request.cmd(Command.ZCARD).arg("{" + prefix + "}:delayed")).toInteger());
      Await.until(Duration.ofSeconds(3), "nothing more", () -> true);
      assertEquals("cancelled", http.get("/jobs/" + id).json().getString("status"));
    }
  }
}
