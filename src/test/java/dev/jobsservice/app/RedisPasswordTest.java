package dev.jobsservice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisProcess;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Redis with a password: the right one works end to end; a wrong one stops start-up, unechoed. */
class RedisPasswordTest {
  private static final String PASSWORD = "s3cret-Pa55";

  @Test
  void theRightPasswordWorksAndAWrongOneIsFatalWithoutShowingIt() throws Exception {
    try (RedisProcess redis = RedisProcess.start(false, "--requirepass", PASSWORD)) {
      String good = "redis://:" + PASSWORD + "@127.0.0.1:" + redis.port();
      try (JobsService service = JobsService.start(TestService.config(TestRedis.prefix(), "all", 1,
          Map.of("REDIS_URL", good)))) {
        Http http = TestService.http(service);
        String id = http.post("/jobs", "{\"start\": 1, \"end\": 2}").json().getString("id");
        assertEquals("complete", Jobs.awaitTerminal(http, id).getString("status"));
      }

      String bad = "redis://:wrong-" + PASSWORD + "@127.0.0.1:" + redis.port();
      var e = assertThrows(IllegalStateException.class, () -> JobsService.start(
          TestService.config(TestRedis.prefix(), "all", 1, Map.of("REDIS_URL", bad))));
      assertTrue(e.getMessage().contains("refused our credentials"), e.getMessage());
      assertTrue(e.getMessage().contains(":***@127.0.0.1"), e.getMessage());
      assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());

      var none = assertThrows(IllegalStateException.class, () -> JobsService.start(
          TestService.config(TestRedis.prefix(), "all", 1, Map.of("REDIS_URL", redis.url()))));
      assertTrue(none.getMessage().contains("refused our credentials"), none.getMessage());
    }
  }

  /** As k8s/ deploys it: the URL without a password, the password from a Secret in REDIS_PASSWORD. */
  @Test
  void aPasswordFromRedisPasswordWorksAndAWrongOneIsFatal() throws Exception {
    try (RedisProcess redis = RedisProcess.start(false, "--requirepass", PASSWORD)) {
      try (JobsService service = JobsService.start(TestService.config(TestRedis.prefix(), "all", 1,
          Map.of("REDIS_URL", redis.url(), "REDIS_PASSWORD", PASSWORD)))) {
        Http http = TestService.http(service);
        String id = http.post("/jobs", "{\"start\": 1, \"end\": 2}").json().getString("id");
        assertEquals("complete", Jobs.awaitTerminal(http, id).getString("status"));
        assertEquals(200, http.get("/health/ready").status());
      }
      var e = assertThrows(IllegalStateException.class, () -> JobsService.start(TestService.config(
          TestRedis.prefix(), "all", 1, Map.of("REDIS_URL", redis.url(), "REDIS_PASSWORD", "wrong-" + PASSWORD))));
      assertTrue(e.getMessage().contains("refused our credentials"), e.getMessage());
      assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }
  }
}
