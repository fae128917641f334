package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A finished job is kept for the retention and then goes: its hash and result expire by TTL, and
 * the retention set says when, so that pruning drops it from the listing and status indexes too.
 * Completing takes the lease off the hash.
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
  void aCompletedJobIsKeptForTheRetentionWithNoLeaseLeft() throws Exception {
    QueueSettings settings = new QueueSettings(prefix, 10_000, 3, 3600, 0, 3, 60_000);
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      String id = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      JobQueue worker = holding(id, settings, "rt");
      assertTrue(await(worker.complete(id, "{\"n\":1}", false)).written());

      long finishedMs = Instant.parse(http.get("/jobs/" + id).json().getString("finished_at")).toEpochMilli();
      long hashTtl = cli.send(cmd(Command.TTL, key("job:" + id))).toLong();
      long resultTtl = cli.send(cmd(Command.TTL, key("result:" + id))).toLong();
      assertTrue(hashTtl > 3590 && hashTtl <= 3600, "job hash TTL " + hashTtl);
      assertTrue(resultTtl > 3590 && resultTtl <= 3600, "result TTL " + resultTtl);
      long until = cli.send(cmd(Command.ZSCORE, key("retention"), id)).toLong();
      assertTrue(Math.abs(until - (finishedMs + 3_600_000)) < 5_000,
          "retention ends an hour after finished_at: " + until + " vs " + finishedMs);
      Response left = cli.send(cmd(Command.HMGET, key("job:" + id), "lease", "lease_expires", "error"));
      for (Response field : left) {
        assertEquals(null, field, "no lease, expiry or error left on a complete job");
      }
    }
  }

  @Test
  void afterTheRetentionPruningDropsTheJobFromTheIndexes() throws Exception {
    QueueSettings settings = new QueueSettings(prefix, 10_000, 3, 1, 0, 3, 60_000);
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      String kept = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      String gone = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      JobQueue worker = holding(kept, settings, "rp");
      JobQueue.Completion done = await(worker.complete(kept, "{}", true));
      assertEquals(gone, done.next().job().id());
      assertTrue(await(worker.complete(gone, "{}", false)).written());
      assertEquals(2, cli.send(cmd(Command.ZCARD, key("status:complete"))).toInteger());

      Await.until(Duration.ofSeconds(10), "both jobs' hashes to expire", () ->
          cli.send(cmd(Command.EXISTS, key("job:" + kept))).toInteger() == 0
              && cli.send(cmd(Command.EXISTS, key("job:" + gone))).toInteger() == 0);
      assertEquals(2, await(worker.prune()));
      assertEquals(0, cli.send(cmd(Command.ZCARD, key("status:complete"))).toInteger());
      assertEquals(0, cli.send(cmd(Command.ZCARD, key("retention"))).toInteger());
      assertEquals(0, cli.send(cmd(Command.EXISTS, key("result:" + gone))).toInteger());
      assertEquals(0, http.get("/jobs?status=complete").json().getJsonArray("jobs").size());
      assertEquals(404, http.get("/jobs/" + kept).status());
    }
  }
}
