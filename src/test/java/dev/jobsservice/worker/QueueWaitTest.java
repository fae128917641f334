package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With no consumer, jobs wait in the queue; consumers started later drain it. */
class QueueWaitTest {
  @Test
  void jobsWaitWithNoWorkersAndCompleteOnceWorkersStart() throws Exception {
    String prefix = TestRedis.prefix();
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli redis = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      List<String> ids = new ArrayList<>();
      for (int i = 1; i <= 50; i++) {
        ids.add(http.post("/jobs", "{\"start\": 2000, \"end\": 2010}").json().getString("id"));
        assertEquals(i, redis.send(Request.cmd(Command.LLEN).arg("{" + prefix + "}:queue")).toInteger(),
            "the queue grows by one per submitted job");
      }
      Thread.sleep(300);
      for (String id : ids) {
        assertEquals("submitted", http.get("/jobs/" + id).json().getString("status"));
      }

      try (JobsService workers = TestService.start(prefix, "worker", 3)) {
        Await.until(Duration.ofSeconds(30), "all 50 complete", () -> ids.stream()
            .allMatch(id -> http.get("/jobs/" + id).json().getString("status").equals("complete")));
      }
      assertEquals(0, redis.send(Request.cmd(Command.LLEN).arg("{" + prefix + "}:queue")).toInteger());
    }
  }
}
