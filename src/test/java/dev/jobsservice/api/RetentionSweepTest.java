package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no worker running at all, the API alone deletes finished jobs once their retention passes. */
class RetentionSweepTest {
  private final String prefix = TestRedis.prefix();

  private String key(String name) {
    return "{" + prefix + "}:" + name;
  }

  @Test
  void theApiDeletesFinishedJobsPastTheirRetentionWithNoWorkerRunning() throws Exception {
    try (JobsService api = JobsService.start(TestService.config(prefix, "api", 0, Map.of("JOBS_RETENTION_SECONDS", "1")));
        RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      String cancelled = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      String waiting = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      assertEquals(200, http.post("/jobs/" + cancelled + "/cancel", "").status());

      Await.until(Duration.ofSeconds(10), "the API to delete the cancelled job",
          () -> http.get("/jobs/" + cancelled).status() == 404);
      assertEquals(0, cli.send(Request.cmd(Command.EXISTS).arg(key("job:" + cancelled))).toInteger(), "hash deleted");
      for (String index : new String[] {"retention", "status:cancelled"}) {
        assertEquals(0, cli.send(Request.cmd(Command.ZCARD).arg(key(index))).toInteger(), index + " emptied");
      }
      // A job that has not finished stays, however old.
      assertEquals("submitted", http.get("/jobs/" + waiting).json().getString("status"));
      assertEquals(1, cli.send(Request.cmd(Command.ZCARD).arg(key("index"))).toInteger());
    }
  }
}
