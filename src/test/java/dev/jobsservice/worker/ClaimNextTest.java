package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.jobs.Job;
import dev.jobsservice.jobs.JobQueue;
import dev.jobsservice.jobs.QueueSettings;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Finishing a job claims the next one in the same script: the next job is in_progress under this
 * worker's lease and in its processing list, exactly as a take and a claim would leave it; ids of
 * jobs that are no longer submitted are dropped on the way; nothing is claimed when not asked or
 * when the worker id is no longer this process's.
 */
class ClaimNextTest extends QueueFixture {
  private final String prefix = TestRedis.prefix();
  private final QueueSettings settings = new QueueSettings(prefix, 10_000, 3, 3600, 0, 3, 60_000);

  private long length(RedisCli cli, String key) {
    return cli.send(Request.cmd(Command.LLEN).arg("{" + prefix + "}:" + key)).toLong();
  }

  @Test
  void completingClaimsTheNextSubmittedJobAndSkipsCancelledOnes() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      String first = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      String cancelled = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      String second = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      String third = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      assertEquals(200, http.post("/jobs/" + cancelled + "/cancel", "").status());

      JobQueue worker = await(JobQueue.acquire(redis, settings, "w", 0, 1));
      RedisConnection conn = await(redis.connect());
      assertEquals(first, await(worker.take(conn, 1)));
      conn.close();
      assertNotNull(await(worker.claim(first)));
      // A stale id next in line (cancelling took it off the queue; a duplicate push puts it back).
      cli.send(Request.cmd(Command.RPUSH).arg("{" + prefix + "}:queue").arg(cancelled));

      JobQueue.Completion done = await(worker.complete(first, "{\"n\":1}", true));
      assertTrue(done.written());
      assertNotNull(done.next(), "the next submitted job is claimed");
      Job next = done.next().job();
      assertEquals(second, next.id(), "the cancelled job's id is passed over");
      assertEquals(1, next.attempts());
      assertEquals("0", done.next().dataVersion(), "no dataset change yet");
      JsonObject running = http.get("/jobs/" + second).json();
      assertEquals("in_progress", running.getString("status"));
      assertEquals("w-0", running.getString("worker"));
      assertNotNull(running.getString("lease_expires_at"));
      long leaseLeft = Instant.parse(running.getString("lease_expires_at")).toEpochMilli()
          - Instant.parse(running.getString("started_at")).toEpochMilli();
      assertTrue(Math.abs(leaseLeft - 10_000) < 2_000, "the lease runs its length from the claim: " + running.encode());
      assertEquals("complete", http.get("/jobs/" + first).json().getString("status"));
      assertEquals("{\"n\":1}", http.get("/jobs/" + first + "/results").body());
      assertEquals("cancelled", http.get("/jobs/" + cancelled).json().getString("status"));
      assertEquals(1, length(cli, "processing:w-0"), "only the claimed job is held");
      assertEquals(1, length(cli, "queue"), "the third job still waits");

      // Not asked: the queue is left alone.
      JobQueue.Completion notAsked = await(worker.complete(second, "{}", false));
      assertTrue(notAsked.written());
      assertNull(notAsked.next());
      assertEquals(1, length(cli, "queue"));
      assertEquals(0, length(cli, "processing:w-0"));
      assertEquals("submitted", http.get("/jobs/" + third).json().getString("status"));
    }
  }

  @Test
  void nothingIsClaimedOnceTheWorkerIdIsLostOrTheQueueIsEmpty() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      String first = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      JobQueue worker = await(JobQueue.acquire(redis, settings, "w", 0, 1));
      RedisConnection conn = await(redis.connect());
      assertEquals(first, await(worker.take(conn, 1)));
      assertNotNull(await(worker.claim(first)));
      JobQueue.Completion empty = await(worker.complete(first, "{}", true));
      assertTrue(empty.written());
      assertNull(empty.next(), "an empty queue claims nothing");

      String second = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      String third = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      assertEquals(second, await(worker.take(conn, 1)));
      conn.close();
      assertNotNull(await(worker.claim(second)));
      // Another process takes over the worker id (this one stalled past its lease).
      cli.send(Request.cmd(Command.SET).arg("{" + prefix + "}:worker:w-0").arg("someone-else"));
      JobQueue.Completion lost = await(worker.complete(second, "{}", true));
      assertTrue(lost.written(), "the job's own lease still fences its result");
      assertNull(lost.next(), "no job is claimed under a worker id this process lost");
      assertEquals("submitted", http.get("/jobs/" + third).json().getString("status"));
      assertEquals(1, length(cli, "queue"));
    }
  }
}
