package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.jobs.Job;
import dev.jobsservice.jobs.JobQueue;
import dev.jobsservice.jobs.QueueSettings;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;

/**
 * A job saved before the spec field (each submitted value a field of its own, as earlier versions
 * wrote it) still reads, claims and retries as saved: an upgrade with jobs waiting loses none.
 */
class LegacyJobHashTest extends QueueFixture {
  private final String prefix = TestRedis.prefix();
  private final QueueSettings settings = new QueueSettings(prefix, 10_000, 3, 3600, 0, 3, 60_000);

  private String key(String name) {
    return "{" + prefix + "}:" + name;
  }

  @Test
  void aJobWrittenFieldByFieldIsReadClaimedAndRetriedAsSaved() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      String id = "legacy-1";
      cli.send(Request.cmd(Command.HSET).arg(key("job:" + id)).arg("id").arg(id).arg("type").arg("summary")
          .arg("status").arg("submitted").arg("start").arg("\"2000\"").arg("end").arg("2010").arg("params")
          .arg("{\"field\":\"year\"}").arg("created_at").arg("2026-11-01T10:00:00.000Z").arg("attempts").arg(0)
          .arg("seq").arg(7).arg("max_attempts").arg(2).arg("timeout_ms").arg(45_000));
      cli.send(Request.cmd(Command.ZADD).arg(key("index")).arg(7).arg(id));
      cli.send(Request.cmd(Command.ZADD).arg(key("status:submitted")).arg(7).arg(id));
      cli.send(Request.cmd(Command.LPUSH).arg(key("queue")).arg(id));

      Http http = TestService.http(api);
      JsonObject read = http.get("/jobs/" + id).json();
      assertEquals("summary", read.getString("type"));
      assertEquals("2000", read.getString("start"));
      assertEquals(2010, read.getInteger("end"));
      assertEquals("year", read.getJsonObject("params").getString("field"));
      assertEquals(2, read.getInteger("max_attempts"));
      assertEquals(45_000, read.getLong("timeout_ms"));
      assertEquals("2026-11-01T10:00:00.000Z", read.getString("created_at"));

      JobQueue worker = await(JobQueue.acquire(redis, settings, "w", 0, 1));
      assertEquals(id, take(worker));
      JobQueue.Claim claim = await(worker.claim(id));
      assertNotNull(claim);
      Job job = claim.job();
      assertEquals("summary", job.request().type());
      assertEquals("2000", job.request().start());
      assertEquals(2010, job.request().end());
      assertEquals("year", job.request().params().getString("field"));
      assertEquals(2, job.options().maxAttempts());
      assertEquals(45_000, job.options().timeoutMs());
      assertEquals("2026-11-01T10:00:00.000Z", job.createdAt());

      // Attempt 1 of the 2 saved in its own field: the failure is retried, not final.
      assertEquals(JobQueue.FailOutcome.RETRYING, await(worker.fail(id, "boom", 0)));
      assertEquals("delayed", http.get("/jobs/" + id).json().getString("status"));
    }
  }

  /**
   * A job queued again with its last attempt still in its own fields (as a version whose promote
   * or hand-back left them there wrote it): its next claim counts on from that attempt, moves it
   * to the history and drops the past backoff's run_at. The claim reads those fields only for a
   * job that has run (one with 'attempts'), so this is the path that must not be skipped.
   */
  @Test
  void aJobQueuedAgainWithItsLastAttemptInItsFieldsArchivesItAtItsNextClaim() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      String id = "legacy-2";
      String jobKey = key("job:" + id);
      cli.send(Request.cmd(Command.HSET).arg(jobKey).arg("id").arg(id).arg("type").arg("summary")
          .arg("status").arg("submitted").arg("start").arg("2000").arg("end").arg("2010").arg("params").arg("{}")
          .arg("created_at").arg("2026-11-01T10:00:00.000Z").arg("seq").arg(8).arg("max_attempts").arg(3)
          .arg("timeout_ms").arg(45_000).arg("attempts").arg(1).arg("worker").arg("old-0")
          .arg("started_at").arg("2026-11-01T10:00:01.000Z").arg("ended_at").arg("2026-11-01T10:00:02.000Z")
          .arg("attempt_error").arg("boom").arg("error").arg("boom").arg("run_at").arg(1_700_000_000_000L));
      cli.send(Request.cmd(Command.ZADD).arg(key("status:submitted")).arg(8).arg(id));
      cli.send(Request.cmd(Command.LPUSH).arg(key("queue")).arg(id));

      JobQueue worker = await(JobQueue.acquire(redis, settings, "w", 0, 1));
      assertEquals(id, take(worker));
      assertEquals(2, await(worker.claim(id)).job().attempts());
      JsonObject read = TestService.http(api).get("/jobs/" + id).json();
      assertEquals("in_progress", read.getString("status"));
      assertEquals(2, read.getInteger("attempts"));
      JsonArray history = read.getJsonArray("history");
      assertEquals(2, history.size(), history.encode());
      JsonObject earlier = history.getJsonObject(0);
      assertEquals("old-0", earlier.getString("worker"));
      assertEquals("2026-11-01T10:00:01.000Z", earlier.getString("started_at"));
      assertEquals("2026-11-01T10:00:02.000Z", earlier.getString("finished_at"));
      assertEquals("boom", earlier.getString("error"));
      assertEquals("w-0", history.getJsonObject(1).getString("worker"));
      assertEquals(0, cli.send(Request.cmd(Command.HEXISTS).arg(jobKey).arg("run_at")).toInteger());
    }
  }
}
