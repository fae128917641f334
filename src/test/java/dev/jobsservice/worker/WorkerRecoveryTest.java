package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.jobs.JobQueue;
import dev.jobsservice.jobs.QueueSettings;
import dev.jobsservice.jobs.LostWorkerIdException;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A worker that dies holding jobs: its id's lease lapses, the others put its jobs back (the one it
 * had claimed runs again as attempt 2, the one it had only taken runs for the first time), and
 * if it was only stalled and wakes up, nothing it does counts any more.
 */
class WorkerRecoveryTest extends QueueFixture {
  private static final long LEASE_MS = 1500;

  @Test
  void aDeadWorkersJobsArePutBackAndItsLateWritesAreFenced() throws Exception {
    String prefix = TestRedis.prefix();
    Map<String, String> lease = Map.of("JOBS_WORKER_ID", "crashy", "JOBS_WORKER_LEASE_MS", Long.toString(LEASE_MS));
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      String claimed = http.post("/jobs", "{\"start\":1,\"end\":2}").json().getString("id");
      String taken = http.post("/jobs", "{\"start\":1,\"end\":2}").json().getString("id");

      // Play the worker that dies: it takes both, claims the first, then stops renewing its id,
      // as a process killed with SIGKILL or frozen would. Its lease is still held.
      JobQueue dead = await(JobQueue.acquire(redis, QueueSettings.defaults(prefix).withLeaseMs(LEASE_MS), "crashy", 0, 1));
      assertEquals("crashy-0", dead.workerId());
      RedisConnection conn = await(redis.connect());
      assertEquals(claimed, await(dead.take(conn, 1)));
      assertNotNull(await(dead.claim(claimed)));
      assertEquals(taken, await(dead.take(conn, 1)));
      assertEquals("in_progress", http.get("/jobs/" + claimed).json().getString("status"));

      // A new worker process on the same host: crashy-0 is still leased, so it takes crashy-1,
      // and once crashy-0's lease lapses it puts crashy-0's jobs back and runs them.
      try (JobsService restarted = JobsService.start(TestService.config(prefix, "worker", 1, lease))) {
        JsonObject first = Jobs.awaitTerminal(http, claimed);
        JsonObject second = Jobs.awaitTerminal(http, taken);
        assertEquals("complete", first.getString("status"));
        assertEquals(2, first.getInteger("attempts"), "claimed once by the dead worker, once after");
        assertEquals("crashy-1", first.getString("worker"));
        assertEquals("complete", second.getString("status"));
        assertEquals(1, second.getInteger("attempts"));
        String result = http.get("/jobs/" + claimed + "/results").body();

        // The "dead" worker wakes up: its late result is refused and the job is untouched ...
        assertFalse(await(dead.complete(claimed, "{\"stale\": true}", false)).written());
        assertEquals(JobQueue.FailOutcome.NOT_OURS, await(dead.fail(taken, "stale", -1)));
        assertEquals(result, http.get("/jobs/" + claimed + "/results").body());
        assertEquals("complete", http.get("/jobs/" + taken).json().getString("status"));
      }
      // ... it learns that its id is gone, and a job it takes under it goes back to the queue,
      // unrun (no other worker runs now, so the take is certain to get it).
      assertEquals(JobQueue.Beat.LOST_ID, await(dead.heartbeat(null)), "a lapsed lease is not quietly renewed");
      String third = http.post("/jobs", "{\"start\":1,\"end\":2}").json().getString("id");
      assertEquals(third, await(dead.take(conn, 1)));
      Throwable lost = assertThrowsAsync(() -> dead.claim(third));
      assertInstanceOf(LostWorkerIdException.class, lost);
      assertEquals("submitted", http.get("/jobs/" + third).json().getString("status"));
      assertEquals(0, http.get("/jobs/" + third).json().getInteger("attempts"));
      assertEquals(1, cli.send(Request.cmd(Command.LLEN).arg("{" + prefix + "}:queue")).toInteger());
      assertEquals(0, cli.send(Request.cmd(Command.LLEN).arg("{" + prefix + "}:processing:crashy-0")).toInteger());
      conn.close();
    }
  }

  private Throwable assertThrowsAsync(java.util.function.Supplier<io.vertx.core.Future<?>> call) {
    try {
      call.get().await(10, TimeUnit.SECONDS);
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void aWorkerRestartedAfterACleanStopGetsItsIdBackAtOnce() throws Exception {
    String prefix = TestRedis.prefix();
    var config = TestService.config(prefix, "worker", 1, Map.of("JOBS_WORKER_ID", "clean"));
    try (JobsService first = JobsService.start(config); RedisCli cli = new RedisCli(TestRedis.url())) {
      Await.until(Duration.ofSeconds(10), "the worker id taken",
          () -> cli.send(Request.cmd(Command.EXISTS).arg("{" + prefix + "}:worker:clean-0")).toInteger() == 1);
      first.close();
      try (JobsService second = JobsService.start(config)) {
        Await.until(Duration.ofSeconds(10), "the same worker id taken again",
            () -> cli.send(Request.cmd(Command.EXISTS).arg("{" + prefix + "}:worker:clean-0")).toInteger() == 1);
        assertEquals(0, cli.send(Request.cmd(Command.EXISTS).arg("{" + prefix + "}:worker:clean-1")).toInteger());
      }
    }
  }

  @Test
  void twoLiveProcessesNeverShareAWorkerId() throws Exception {
    String prefix = TestRedis.prefix();
    var config = TestService.config(prefix, "worker", 2, Map.of("JOBS_WORKER_ID", "same"));
    try (JobsService a = JobsService.start(config); JobsService b = JobsService.start(config);
         RedisCli cli = new RedisCli(TestRedis.url())) {
      Await.until(Duration.ofSeconds(10), "four slots held", () ->
          cli.send(Request.cmd(Command.KEYS).arg("{" + prefix + "}:worker:*")).size() == 4);
      var keys = cli.send(Request.cmd(Command.KEYS).arg("{" + prefix + "}:worker:*"));
      Set<String> names = new TreeSet<>();
      keys.forEach(k -> names.add(k.toString()));
      assertEquals(Set.of("{" + prefix + "}:worker:same-0", "{" + prefix + "}:worker:same-1",
          "{" + prefix + "}:worker:same-2", "{" + prefix + "}:worker:same-3"), names);
      assertTrue(names.size() == 4);
    }
  }
}
