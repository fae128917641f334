package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;

/**
 * A spec longer than 64 bytes (day dates are enough) is stored in pieces so that the job's hash
 * stays a listpack, and every reader gets it back whole: GET /jobs/{id}, the claim, the claim made
 * by a completion, the failure's max_attempts, and the workers' list; one of exactly 64 bytes,
 * the only length a reader looks for more after, is whole in one field; and a long one an earlier
 * build saved whole still reads.
 */
class SpecPiecesTest extends QueueFixture {
  private final String prefix = TestRedis.prefix();
  private final QueueSettings settings = new QueueSettings(prefix, 10_000, 3, 3600, 0, 3, 60_000);

  private String key(String id) {
    return "{" + prefix + "}:job:" + id;
  }

  @Test
  void aJobWithDayDatesKeepsACompactHashAndReadsBackWhole() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      String body = "{\"type\":\"summary\",\"start\":\"2000-01-01\",\"end\":\"2010-12-31\"}";
      String first = Jobs.submit(http, body);
      String second = Jobs.submit(http, body);

      assertEquals("listpack", cli.send(Request.cmd(Command.OBJECT).arg("ENCODING").arg(key(first))).toString(),
          "a 70-byte spec in one field would make the hash a hashtable");
      assertEquals(64, cli.send(Request.cmd(Command.HSTRLEN).arg(key(first)).arg("spec")).toInteger());
      assertEquals(6, cli.send(Request.cmd(Command.HSTRLEN).arg(key(first)).arg("spec_2")).toInteger());
      JsonObject read = http.get("/jobs/" + first).json();
      assertEquals("2000-01-01", read.getString("start"));
      assertEquals("2010-12-31", read.getString("end"));
      assertEquals("summary", read.getString("type"));
      assertEquals(3, read.getInteger("max_attempts"));
      assertNotNull(read.getString("created_at"));

      JobQueue worker = await(JobQueue.acquire(redis, settings, "w", 0, 1));
      assertEquals(first, take(worker));
      Job claimed = await(worker.claim(first)).job();
      assertEquals("2000-01-01", claimed.request().start());
      assertEquals("2010-12-31", claimed.request().end());
      assertEquals(read.getString("created_at"), claimed.createdAt());

      JsonArray workers = http.get("/workers").json().getJsonArray("workers");
      assertEquals("summary", workers.getJsonObject(0).getJsonArray("running").getJsonObject(0).getString("type"),
          workers.encode());

      // The completion's claim of the next job reads the pieces too.
      JobQueue.Completion done = await(worker.complete(first, "{}", true));
      Job next = done.next().job();
      assertEquals(second, next.id());
      assertEquals("2000-01-01", next.request().start());
      assertEquals("2010-12-31", next.request().end());
      assertEquals("summary", next.request().type());
    }
  }

  @Test
  void aCharacterCutBetweenTwoPiecesComesBackWhole() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      String label = "€".repeat(40) + "😀é";
      String id = Jobs.submit(http, new JsonObject().put("start", "2000").put("end", "2010")
          .put("params", new JsonObject().put("label", label)).encode());

      // The cut falls inside a character ('€' is 3 bytes), or this test proves nothing.
      Buffer firstPiece = cli.send(Request.cmd(Command.HGET).arg(key(id)).arg("spec")).toBuffer();
      Buffer secondPiece = cli.send(Request.cmd(Command.HGET).arg(key(id)).arg("spec_2")).toBuffer();
      assertEquals(64, firstPiece.length());
      assertTrue((secondPiece.getByte(0) & 0xC0) == 0x80, "the second piece starts inside a character");

      assertEquals(label, http.get("/jobs/" + id).json().getJsonObject("params").getString("label"));
      JobQueue worker = await(JobQueue.acquire(redis, settings, "w", 0, 1));
      assertEquals(id, take(worker));
      assertEquals(label, await(worker.claim(id)).job().request().params().getString("label"));
    }
  }

  @Test
  void aLongSpecKeepsItsMaxAttemptsForTheFailure() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      String note = "x".repeat(1000);
      String id = Jobs.submit(http, new JsonObject().put("start", 1).put("end", 2).put("max_attempts", 2)
          .put("params", new JsonObject().put("note", note)).encode());
      assertTrue(cli.send(Request.cmd(Command.HSTRLEN).arg(key(id)).arg("spec_3")).toInteger() > 900);

      JobQueue worker = await(JobQueue.acquire(redis, settings, "w", 0, 1));
      assertEquals(id, take(worker));
      Job job = await(worker.claim(id)).job();
      assertEquals(note, job.request().params().getString("note"));
      assertEquals(2, job.options().maxAttempts());
      // Attempt 1 of 2: retried. A spec misread would make max_attempts 1 and this failure final.
      assertEquals(JobQueue.FailOutcome.RETRYING, await(worker.fail(id, "boom", 0)));
      JsonObject read = http.get("/jobs/" + id).json();
      assertEquals("delayed", read.getString("status"));
      assertEquals(note, read.getJsonObject("params").getString("note"));
    }
  }

  @Test
  void aSpecOfExactlySixtyFourBytesIsOneFieldAndReadsWhole() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      // summary, 1, an 18-digit end, {}, 3, 60000 and a 24-character created_at, joined: 64 bytes.
      long end = 123_456_789_012_345_678L;
      String id = Jobs.submit(http, new JsonObject().put("type", "summary").put("start", 1).put("end", end)
          .put("max_attempts", 3).put("timeout_ms", 60_000).encode());
      assertEquals(64, cli.send(Request.cmd(Command.HSTRLEN).arg(key(id)).arg("spec")).toInteger());
      assertEquals(0, cli.send(Request.cmd(Command.HEXISTS).arg(key(id)).arg("spec_2")).toInteger());

      assertEquals(end, http.get("/jobs/" + id).json().getLong("end"));
      JobQueue worker = await(JobQueue.acquire(redis, settings, "w", 0, 1));
      assertEquals(id, take(worker));
      Job job = await(worker.claim(id)).job();
      assertEquals(end, ((Number) job.request().end()).longValue());
      assertEquals(60_000, job.options().timeoutMs());
    }
  }

  @Test
  void aLongSpecSavedWholeByAnEarlierBuildStillReads() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      String id = "whole-1";
      String spec = String.join("\0", "summary", "\"2000-01-01\"", "\"2010-12-31\"", "{\"field\":\"date\"}", "2",
          "45000", "2026-11-01T10:00:00.000Z");
      cli.send(Request.cmd(Command.HSET).arg(key(id)).arg("spec").arg(spec).arg("status").arg("submitted")
          .arg("seq").arg(7));
      cli.send(Request.cmd(Command.ZADD).arg("{" + prefix + "}:index").arg(7).arg(id));
      cli.send(Request.cmd(Command.ZADD).arg("{" + prefix + "}:status:submitted").arg(7).arg(id));
      cli.send(Request.cmd(Command.LPUSH).arg("{" + prefix + "}:queue").arg(id));

      JsonObject read = TestService.http(api).get("/jobs/" + id).json();
      assertEquals("2010-12-31", read.getString("end"));
      assertEquals("2026-11-01T10:00:00.000Z", read.getString("created_at"));
      JobQueue worker = await(JobQueue.acquire(redis, settings, "w", 0, 1));
      assertEquals(id, take(worker));
      Job job = await(worker.claim(id)).job();
      assertEquals("date", job.request().params().getString("field"));
      assertEquals("2026-11-01T10:00:00.000Z", job.createdAt());
      assertEquals(JobQueue.FailOutcome.RETRYING, await(worker.fail(id, "boom", 0)), "max_attempts 2 read whole");
    }
  }
}
