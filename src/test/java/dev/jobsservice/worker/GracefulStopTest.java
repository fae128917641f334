package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stopping a worker process lets its running job finish and takes no new one. */
class GracefulStopTest {
  @Test
  void aStoppingWorkerFinishesItsJobAndLeavesTheRestQueued() throws Exception {
    String prefix = TestRedis.prefix();
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      String running = http.post("/jobs", "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":1500}}")
          .json().getString("id");
      JobsService worker = JobsService.start(TestService.config(prefix, "worker", 1, Map.of()));
      Await.until(Duration.ofSeconds(10), "the job to start",
          () -> http.get("/jobs/" + running).json().getString("status").equals("in_progress"));
      String waiting = http.post("/jobs", "{\"start\":1,\"end\":2}").json().getString("id");

      worker.close();

      assertEquals("complete", http.get("/jobs/" + running).json().getString("status"),
          "close() returned only after the running job was stored");
      assertEquals("submitted", http.get("/jobs/" + waiting).json().getString("status"));
      assertEquals(1, cli.send(Request.cmd(Command.LLEN).arg("{" + prefix + "}:queue")).toInteger());
      assertEquals(0, cli.send(Request.cmd(Command.KEYS).arg("{" + prefix + "}:worker:*")).size(),
          "a clean stop gives the worker id back");
      assertEquals(0, cli.send(Request.cmd(Command.KEYS).arg("{" + prefix + "}:processing:*")).size(),
          "and leaves nothing in a processing list");
    }
  }

  @Test
  void anIdleWorkerThatIsStoppingRunsNoJobSubmittedMeanwhile() throws Exception {
    String prefix = TestRedis.prefix();
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      JobsService worker = JobsService.start(TestService.config(prefix, "worker", 1, Map.of()));
      Await.until(Duration.ofSeconds(10), "the worker to wait for jobs",
          () -> cli.send(Request.cmd(Command.KEYS).arg("{" + prefix + "}:worker:*")).size() == 1);
      Thread stopper = new Thread(worker::close);
      stopper.start();
      Thread.sleep(200);
      // The worker's blocking take is still pending: it may move this id, but must not run it.
      String late = http.post("/jobs", "{\"start\":1,\"end\":2}").json().getString("id");
      stopper.join(30_000);
      assertFalse(stopper.isAlive(), "the stop finished");
      assertEquals("submitted", http.get("/jobs/" + late).json().getString("status"));
      assertEquals(0, http.get("/jobs/" + late).json().getInteger("attempts"));
      assertEquals(1, cli.send(Request.cmd(Command.LLEN).arg("{" + prefix + "}:queue")).toInteger(),
          "the job is back in the queue for the next worker");
    }
  }

  @Test
  void aJobStillRunningWhenTheGracePeriodEndsIsHandedBackWithoutCountingAnAttempt() throws Exception {
    String prefix = TestRedis.prefix();
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      String running = http.post("/jobs", "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":30000}}")
          .json().getString("id");
      JobsService worker = JobsService.start(TestService.config(prefix, "worker", 1,
          Map.of("JOBS_SHUTDOWN_GRACE_MS", "300")));
      Await.until(Duration.ofSeconds(10), "the job to start",
          () -> http.get("/jobs/" + running).json().getString("status").equals("in_progress"));

      long began = System.nanoTime();
      worker.close();
      long tookMs = (System.nanoTime() - began) / 1_000_000;

      assertTrue(tookMs < 5_000, "the stop waited the grace period, not the 30 s job: " + tookMs + " ms");
      var job = http.get("/jobs/" + running).json();
      assertEquals("submitted", job.getString("status"), job.encode());
      assertEquals(0, job.getInteger("attempts"), "a clean stop does not use up an attempt");
      assertEquals("handed back: its worker stopped",
          job.getJsonArray("history").getJsonObject(0).getString("error"));
      assertEquals(1, cli.send(Request.cmd(Command.LLEN).arg("{" + prefix + "}:queue")).toInteger());
      assertEquals(0, cli.send(Request.cmd(Command.ZCOUNT).arg("{" + prefix + "}:leases").arg("-inf").arg("(+inf")).toInteger());
    }
  }
}
