package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisProcess;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With Redis unreachable the API answers 503 with Retry-After, quickly, and recovers when it is back. */
class RedisDownTest {
  @Test
  void unreachableRedisIs503AndTheApiRecoversWhenItComesBack() throws Exception {
    RedisProcess redis = RedisProcess.start(false);
    String url = redis.url();
    redis.stop();
    try (JobsService service = JobsService.start(
        TestService.config(TestRedis.prefix(), "all", 1, Map.of("REDIS_URL", url)))) {
      Http http = TestService.http(service);
      // /events and ?wait= wait for the events to be followed, which they cannot be now: 503 once the
      // bound has passed, not at the wait's deadline.
      for (String path : new String[] {"/jobs", "/jobs/abc", "/data", "/stats", "/events", "/jobs/abc?wait=30"}) {
        long t0 = System.nanoTime();
        var reply = http.get(path);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        ApiErrorsTest.problem(reply, 503);
        assertNotNull(reply.header("Retry-After"));
        assertTrue(ms < Replies.REDIS_TIMEOUT_MS + 2000, path + " answered in " + ms + " ms");
      }
      ApiErrorsTest.problem(http.post("/jobs", "{\"start\":1,\"end\":2}"), 503);

      redis.startProcess();
      // The same service, no restart: the API and the worker reconnect by themselves.
      var submitted = http.post("/jobs", "{\"start\":1,\"end\":2}");
      assertEquals(201, submitted.status(), submitted.body());
      String id = submitted.json().getString("id");
      assertEquals("complete", Jobs.awaitTerminal(http, id).getString("status"));
    } finally {
      redis.close();
    }
  }

  @Test
  void aStalledRedisIs503AfterABoundedWaitNotAHang() throws Exception {
    try (RedisProcess redis = RedisProcess.start(false); JobsService service = JobsService.start(
        TestService.config(TestRedis.prefix(), "api", 0, Map.of("REDIS_URL", redis.url())))) {
      Http http = TestService.http(service);
      String id = http.post("/jobs", "{\"start\":1,\"end\":2}").json().getString("id");
      redis.pause();
      try {
        long t0 = System.nanoTime();
        var reply = http.get("/jobs/" + id);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        ApiErrorsTest.problem(reply, 503);
        assertTrue(ms >= Replies.REDIS_TIMEOUT_MS - 500 && ms < Replies.REDIS_TIMEOUT_MS + 3000,
            "answered after " + ms + " ms");
      } finally {
        redis.resume();
      }
      assertEquals(200, http.get("/jobs/" + id).status(), "serves again once Redis answers");
    }
  }
}
