package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.jobs.JobQueue;
import dev.jobsservice.jobs.QueueSettings;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reaper and per-job leases: a running job whose lease is not renewed goes back on the queue
 * even while its worker's id lives (a hung job loop), and a job that keeps losing its lease (a
 * poison job that kills its worker) is failed after {@code max_stalls}, not run forever.
 */
class LeaseReaperTest extends QueueFixture {
  private static final long LEASE_MS = 600;
  private final String prefix = TestRedis.prefix();
  private final QueueSettings settings = new QueueSettings(prefix, LEASE_MS, 2, 3600, 0, 3, 60_000);

  /** Plays a worker that takes and claims the next job, then never renews that job's lease. */
  private JobQueue claimNext(String base, String expectedId) throws Exception {
    JobQueue worker = await(JobQueue.acquire(redis, settings, base, 0, 1));
    RedisConnection conn = await(redis.connect());
    assertEquals(expectedId, await(worker.take(conn, 1)));
    assertNotNull(await(worker.claim(expectedId)));
    conn.close();
    return worker;
  }

  private void reapUntil(JobQueue reaper, String what, java.util.function.BooleanSupplier done) {
    Await.until(Duration.ofSeconds(10), what, () -> {
      try {
        await(reaper.reap());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return done.getAsBoolean();
    });
  }

  @Test
  void aRunningJobWhoseLeaseLapsesGoesBackWhileItsWorkerLives() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      String id = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      JobQueue hung = claimNext("hung", id);
      JsonObject running = http.get("/jobs/" + id).json();
      assertEquals("in_progress", running.getString("status"));
      assertEquals("hung-0", running.getString("worker"));
      assertNotNull(running.getString("lease_expires_at"), running.encode());

      JobQueue reaper = await(JobQueue.acquire(redis, settings, "reaper", 0, 1));
      reapUntil(reaper, "the lapsed lease to be reaped", () -> {
        // The hung worker's id stays alive all along: only the job's lease lapses.
        try {
          assertEquals(JobQueue.Beat.RENEWED, await(hung.heartbeat(null)));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        return "submitted".equals(http.get("/jobs/" + id).json().getString("status"));
      });
      JsonObject back = http.get("/jobs/" + id).json();
      assertEquals(1, back.getInteger("attempts"));
      assertTrue(back.getJsonArray("history").getJsonObject(0).getString("error").contains("lease expired"),
          back.encode());
      assertEquals(List.of("submitted", "in_progress", "submitted"), Jobs.statusEvents(cli, prefix, id));

      // The hung worker is told at its next heartbeat, and its late result is refused.
      assertEquals(JobQueue.Beat.LOST_JOB, await(hung.heartbeat(id)));
      assertFalse(await(hung.complete(id, "{\"late\":true}", false)).written());
      assertEquals("submitted", http.get("/jobs/" + id).json().getString("status"));
    }
  }

  @Test
  void aJobThatKeepsLosingItsLeaseIsFailedAfterMaxStalls() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0)) {
      Http http = TestService.http(api);
      String id = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      JobQueue reaper = await(JobQueue.acquire(redis, settings, "reaper", 0, 1));

      claimNext("victim-a", id);
      reapUntil(reaper, "the first stall", () -> "submitted".equals(http.get("/jobs/" + id).json().getString("status")));
      claimNext("victim-b", id);
      reapUntil(reaper, "the second stall", () -> "failed".equals(http.get("/jobs/" + id).json().getString("status")));

      JsonObject failed = http.get("/jobs/" + id).json();
      assertEquals(2, failed.getInteger("attempts"));
      assertTrue(failed.getString("error").contains("lease expired 2 times"), failed.encode());
      assertEquals(2, failed.getJsonArray("history").size());
      assertEquals(0, http.get("/jobs?status=in_progress").json().getJsonArray("jobs").size());
      assertEquals(1, http.get("/jobs?status=failed").json().getJsonArray("jobs").size());
    }
  }

  /**
   * A heartbeat's tidy may have been sent before a take and claim that Redis runs first: it must
   * not hand back the job this process has just claimed (that job would run twice).
   */
  @Test
  void aTidySentBeforeAClaimSparesTheClaimedJob() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0)) {
      Http http = TestService.http(api);
      String id = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      JobQueue worker = claimNext("tidy", id);
      assertEquals(0, await(worker.tidy(null)));
      assertEquals("in_progress", http.get("/jobs/" + id).json().getString("status"));
      assertTrue(await(worker.complete(id, "{}", false)).written());
      assertEquals("complete", http.get("/jobs/" + id).json().getString("status"));
    }
  }
}
