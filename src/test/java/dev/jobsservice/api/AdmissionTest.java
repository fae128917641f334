package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.net.http.HttpRequest;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What POST /jobs lets in: the queue cap, idempotency keys, the API token, JSON depth; and retention. */
class AdmissionTest {
  private final String prefix = TestRedis.prefix();

  private static HttpRequest.Builder post(Http http, String path, String body) {
    return HttpRequest.newBuilder(URI.create(http.base() + path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
  }

  @Test
  void aFullQueueAnswers429WithRetryAfter() throws Exception {
    try (JobsService api = JobsService.start(TestService.config(prefix, "api", 0, Map.of("JOBS_QUEUE_CAP", "3")))) {
      Http http = TestService.http(api);
      for (int i = 0; i < 3; i++) {
        Jobs.submit(http, "{\"start\":1,\"end\":2}");
      }
      var refused = http.post("/jobs", "{\"start\":1,\"end\":2}");
      assertEquals(429, refused.status(), refused.body());
      assertEquals("application/problem+json", refused.header("Content-Type"));
      assertNotNull(refused.header("Retry-After"));
      assertTrue(refused.json().getString("detail").contains("cap"), refused.body());
      assertEquals(3, http.get("/jobs").json().getJsonArray("jobs").size(), "nothing was saved");
    }
  }

  @Test
  void anIdempotencyKeyReturnsTheSameJobForTheSameRequest() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0)) {
      Http http = TestService.http(api);
      String body = "{\"start\":1,\"end\":2,\"params\":{\"value\":\"mass\"}}";
      var first = http.send(post(http, "/jobs", body).header("Idempotency-Key", "order-42"));
      assertEquals(201, first.status(), first.body());
      var second = http.send(post(http, "/jobs", body).header("Idempotency-Key", "order-42"));
      assertEquals(200, second.status(), second.body());
      assertEquals("true", second.header("Idempotent-Replayed"));
      assertEquals(first.json().getString("id"), second.json().getString("id"));
      assertEquals(first.header("Location"), second.header("Location"));

      var other = http.send(post(http, "/jobs", body).header("Idempotency-Key", "order-43"));
      assertEquals(201, other.status());
      assertNotEquals(first.json().getString("id"), other.json().getString("id"));

      var mismatch = http.send(post(http, "/jobs", "{\"start\":1,\"end\":3}").header("Idempotency-Key", "order-42"));
      assertEquals(422, mismatch.status(), mismatch.body());
      assertEquals("application/problem+json", mismatch.header("Content-Type"));

      var bad = http.send(post(http, "/jobs", body).header("Idempotency-Key", "x".repeat(256)));
      assertEquals(400, bad.status(), bad.body());
      assertEquals(2, http.get("/jobs").json().getJsonArray("jobs").size(), "two jobs, not four");
    }
  }

  @Test
  void aConfiguredTokenGuardsChangesAndOptionallyReads() throws Exception {
    String token = "s3cret-token-of-enough-length";
    try (JobsService api = JobsService.start(TestService.config(prefix, "api", 0, Map.of("JOBS_API_TOKEN", token)))) {
      Http http = TestService.http(api);
      var anonymous = http.post("/jobs", "{\"start\":1,\"end\":2}");
      assertEquals(401, anonymous.status(), anonymous.body());
      assertEquals("application/problem+json", anonymous.header("Content-Type"));
      assertTrue(anonymous.header("WWW-Authenticate").startsWith("Bearer"));
      assertEquals(401, http.send(post(http, "/jobs", "{\"start\":1,\"end\":2}")
          .header("Authorization", "Bearer " + token + "x")).status());
      assertEquals(401, http.send(post(http, "/jobs", "{\"start\":1,\"end\":2}")
          .header("Authorization", "Basic " + token)).status());
      var allowed = http.send(post(http, "/jobs", "{\"start\":1,\"end\":2}").header("Authorization", "Bearer " + token));
      assertEquals(201, allowed.status(), allowed.body());
      assertEquals(401, http.delete("/jobs/" + allowed.json().getString("id")).status());
      assertEquals(401, http.method("DELETE", "/data", null).status());
      assertEquals(200, http.get("/jobs").status(), "reads need no token by default");
    }
    try (JobsService api = JobsService.start(TestService.config(prefix, "api", 0,
        Map.of("JOBS_API_TOKEN", token, "JOBS_AUTH_SCOPE", "all")))) {
      Http http = TestService.http(api);
      assertEquals(401, http.get("/jobs").status());
      assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(http.base() + "/jobs"))
          .header("Authorization", "Bearer " + token)).status());
    }
  }

  @Test
  void deeplyNestedJsonIsRefusedBeforeItIsParsed() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0)) {
      Http http = TestService.http(api);
      for (int depth : new int[] {40, 100_000}) {
        String params = "[".repeat(depth) + "]".repeat(depth);
        var reply = http.post("/jobs", "{\"start\":1,\"end\":2,\"params\":{\"deep\":" + params + "}}");
        assertEquals(400, reply.status(), depth + ": " + reply.body().substring(0, Math.min(200, reply.body().length())));
        assertTrue(reply.json().getString("detail").contains("deeper than 32"), reply.body());
      }
      // Brackets inside strings are text, not nesting.
      Jobs.submit(http, "{\"start\":1,\"end\":2,\"params\":{\"note\":\"" + "[{".repeat(100) + "\"}}");
    }
  }

  @Test
  void finishedJobsExpireAfterTheirRetentionAndLeaveTheIndexes() throws Exception {
    try (JobsService service = JobsService.start(TestService.config(prefix, "all", 1,
        Map.of("JOBS_RETENTION_SECONDS", "1", "JOBS_WORKER_LEASE_MS", "600")));
        RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(service);
      String id = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      assertEquals("complete", Jobs.awaitTerminal(http, id).getString("status"));
      Await.until(Duration.ofSeconds(10), "the worker's prune to delete the job",
          () -> http.get("/jobs/" + id).status() == 404);
      assertEquals(0, cli.send(Request.cmd(Command.EXISTS).arg("{" + prefix + "}:job:" + id)
          .arg("{" + prefix + "}:result:" + id)).toInteger(), "hash and result deleted");
      var gone = http.get("/jobs/" + id);
      assertTrue(gone.json().getString("detail").contains("kept for 1 s"), gone.body());
      Await.until(Duration.ofSeconds(10), "the reaper to drop it from the indexes",
          () -> http.get("/jobs").json().getJsonArray("jobs").isEmpty()
              && cli.send(Request.cmd(Command.ZCARD).arg("{" + prefix + "}:index")).toInteger() == 0);
      assertEquals(0, cli.send(Request.cmd(Command.ZCARD).arg("{" + prefix + "}:status:complete")).toInteger());
    }
  }
}
