package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.RedisProcess;
import dev.jobsservice.testing.Sse;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The events follower outlives a Redis restart (SIGKILL, append-only on): it reconnects by
 * itself and resumes from the last id it saw, so an open event stream carries on and ?wait=
 * answers on completion again.
 */
class EventsAcrossRedisRestartTest {
  private static final String SLEEP = "{\"start\":0,\"end\":0,\"type\":\"sleep\",\"params\":{\"ms\":500}}";

  @Test
  void streamsAndWaitsCarryOnAfterRedisRestarts() throws Exception {
    try (RedisProcess redis = RedisProcess.start(true);
         JobsService service = JobsService.start(TestService.config(TestRedis.prefix(), "all", 1,
             Map.of("REDIS_URL", redis.url())));
         Sse sse = Sse.open(TestService.http(service).base() + "/events", null)) {
      Http http = TestService.http(service);
      String before = submit(http);
      awaitEvent(sse, before, "complete");

      redis.kill();
      Thread.sleep(500);
      redis.startProcess();

      // The API answers 503 until its connections are back; then a job goes through as before.
      String[] after = new String[1];
      Await.until(Duration.ofSeconds(20), "the API to accept a job again", () -> {
        Http.Reply reply = http.post("/jobs", SLEEP, "application/json");
        after[0] = reply.status() == 201 ? reply.json().getString("id") : null;
        return after[0] != null;
      });
      long started = System.nanoTime();
      Http.Reply waited = http.get("/jobs/" + after[0] + "?wait=30");
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      assertEquals("complete", waited.json().getString("status"), waited.body());
      assertTrue(tookMs < 20_000, "the wait ended on the event, not at its deadline: " + tookMs + " ms");
      // The stream that was open all along saw it too (after a reset notice, perhaps).
      awaitEvent(sse, after[0], "complete");
    }
  }

  private static String submit(Http http) {
    Http.Reply reply = http.post("/jobs", SLEEP, "application/json");
    assertEquals(201, reply.status(), reply.body());
    return reply.json().getString("id");
  }

  private static void awaitEvent(Sse sse, String jobId, String status) {
    for (;;) {
      Sse.Event event = sse.next(Duration.ofSeconds(30));
      if (event.event().equals("message")) {
        JsonObject data = new JsonObject(event.data());
        if (data.getString("id").equals(jobId) && data.getString("status").equals(status)) {
          return;
        }
      }
    }
  }
}
