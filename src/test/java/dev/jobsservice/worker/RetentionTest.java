package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.jobs.JobQueue;
import dev.jobsservice.jobs.QueueSettings;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A finished job is kept for the retention and then goes: the retention set says when, and
 * pruning then deletes its hash and result and drops it from the listing and status indexes. Until
 * then nothing expires on its own (no TTL: pruning is what removes a finished job).
 * A complete job shows no lease and no error: its lease fields stay in the hash (only read while
 * in_progress), an error field is removed.
 */
class RetentionTest extends QueueFixture {
  private final String prefix = TestRedis.prefix();

  private String key(String name) {
    return "{" + prefix + "}:" + name;
  }

  private static Request cmd(Command command, String key, String... args) {
    Request r = Request.cmd(command).arg(key);
    for (String a : args) {
      r.arg(a);
    }
    return r;
  }

  /** A worker of its own that has taken and claimed {@code id}, the next job in the queue. */
  private JobQueue holding(String id, QueueSettings settings, String workerId) throws Exception {
    JobQueue worker = await(JobQueue.acquire(redis, settings, workerId, 0, 1));
    assertEquals(id, take(worker));
    await(worker.claim(id));
    return worker;
  }

  @Test
  void aCompletedJobIsKeptForTheRetentionWithNoLeaseOrErrorShown() throws Exception {
    QueueSettings settings = new QueueSettings(prefix, 10_000, 3, 3600, 0, 3, 60_000);
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      String id = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      JobQueue worker = holding(id, settings, "rt");
      cli.send(cmd(Command.HSET, key("job:" + id), "error", "left by hand"));
      assertTrue(await(worker.complete(id, "{\"n\":1}", false)).written());

      long finishedMs = Instant.parse(http.get("/jobs/" + id).json().getString("finished_at")).toEpochMilli();
      assertEquals(-1, cli.send(cmd(Command.TTL, key("job:" + id))).toLong(), "job hash without a TTL");
      assertEquals(-1, cli.send(cmd(Command.TTL, key("result:" + id))).toLong(), "result without a TTL");
      assertEquals(0, await(worker.prune()), "nothing is due within the retention");
      assertEquals(200, http.get("/jobs/" + id + "/results").status());
      long until = cli.send(cmd(Command.ZSCORE, key("retention"), id)).toLong();
      assertTrue(Math.abs(until - (finishedMs + 3_600_000)) < 5_000,
          "retention ends an hour after finished_at: " + until + " vs " + finishedMs);
      assertEquals(null, cli.send(cmd(Command.HGET, key("job:" + id), "error")), "error removed");
      JsonObject view = http.get("/jobs/" + id).json();
      assertEquals("complete", view.getString("status"));
      assertFalse(view.containsKey("lease_expires_at"), "no lease shown: " + view);
      assertFalse(view.containsKey("error"), "no error shown: " + view);
    }
  }

  @Test
  void afterTheRetentionPruningDeletesFinishedJobs() throws Exception {
    QueueSettings settings = new QueueSettings(prefix, 10_000, 3, 1, 0, 3, 60_000);
    try (JobsService api = JobsService.start(TestService.config(prefix, "api", 0, Map.of("JOBS_RETENTION_SECONDS", "1")));
        RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      String kept = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      String gone = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      String failed = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      JobQueue worker = holding(kept, settings, "rp");
      assertEquals(gone, await(worker.complete(kept, "{}", true)).next().job().id());
      assertEquals(failed, await(worker.complete(gone, "{}", true)).next().job().id());
      await(worker.fail(failed, "boom", -1));
      String cancelled = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      assertEquals(200, http.post("/jobs/" + cancelled + "/cancel", "").status());
      // Retried after it finished: it leaves the retention set and must outlive the pruning.
      String again = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      assertEquals(200, http.post("/jobs/" + again + "/cancel", "").status());
      assertEquals(200, http.post("/jobs/" + again + "/retry", "").status());
      assertEquals("failed", http.get("/jobs/" + failed).json().getString("status"));
      assertEquals(2, cli.send(cmd(Command.ZCARD, key("status:complete"))).toInteger());
      assertEquals(4, cli.send(cmd(Command.ZCARD, key("retention"))).toInteger());

      // Retention 1 s: all four are due within about a second, perhaps not in the same call.
      int pruned = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (cli.send(cmd(Command.ZCARD, key("retention"))).toInteger() > 0 && System.nanoTime() < deadline) {
        pruned += await(worker.prune());
        Thread.sleep(50);
      }
      assertEquals(4, pruned, "jobs deleted by prune");
      for (String status : new String[] {"retention", "status:complete", "status:failed", "status:cancelled"}) {
        assertEquals(0, cli.send(cmd(Command.ZCARD, key(status))).toInteger(), status + " emptied");
      }
      assertEquals(0, cli.send(cmd(Command.EXISTS, key("job:" + kept), key("job:" + gone), key("job:" + failed),
          key("job:" + cancelled),
          key("result:" + kept), key("result:" + gone))).toInteger(), "hashes and results deleted");
      assertEquals("submitted", http.get("/jobs/" + again).json().getString("status"), "the retried job is kept");
      assertEquals(1, http.get("/jobs").json().getJsonArray("jobs").size());
      assertEquals(404, http.get("/jobs/" + kept).status());
    }
  }
}
