package dev.jobsservice.ops;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.Prometheus;
import dev.jobsservice.testing.RawHttp;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.RedisProcess;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /health/live, /health/ready and /metrics of a service in this JVM, per role. */
class OpsEndpointsTest {
  @Test
  void aWorkerOnlyProcessServesHealthAndMetricsAndNothingElse() throws Exception {
    try (JobsService service = TestService.start(TestRedis.prefix(), "worker", 2)) {
      Http http = TestService.http(service);
      Await.until(Duration.ofSeconds(10), "ready", () -> http.get("/health/ready").status() == 200);
      Http.Reply ready = http.get("/health/ready");
      assertEquals("application/json", ready.header("content-type"));
      JsonObject workers = check(ready.json(), "workers");
      assertEquals("UP", workers.getString("status"), ready.body());
      assertEquals(2, workers.getJsonObject("data").getInteger("running"), ready.body());
      assertEquals("UP", check(ready.json(), "redis").getString("status"), ready.body());

      Http.Reply live = http.get("/health/live");
      assertEquals(200, live.status(), live.body());
      assertEquals("UP", check(live.json(), "workers").getString("status"), live.body());
      assertEquals("UP", check(live.json(), "event-loop").getString("status"), live.body());

      Http.Reply metrics = http.get("/metrics");
      assertEquals(200, metrics.status());
      assertEquals("text/plain; version=0.0.4; charset=utf-8", metrics.header("content-type"));
      assertTrue(metrics.body().contains("jobs_processed_total{outcome=\"complete\"} 0.0"), metrics.body());
      assertTrue(metrics.body().contains("jobs_queue_depth{queue=\"default\",state=\"waiting\"} 0.0"), metrics.body());
      assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "JVM meters too");

      Http.Reply head = http.send(HttpRequest.newBuilder(java.net.URI.create(http.base() + "/metrics"))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()));
      assertEquals(200, head.status());
      assertEquals("", head.body());

      Http.Reply jobs = http.post("/jobs", "{\"start\":1,\"end\":2}");
      assertEquals(404, jobs.status(), "a worker-only process has no API: " + jobs);
      assertEquals("application/problem+json", jobs.header("content-type"));
      assertEquals(404, jobs.json().getInteger("status"));
      Http.Reply post = http.post("/metrics", "");
      assertEquals(405, post.status(), post.toString());
      assertEquals("GET, HEAD", post.header("allow"));

      RawHttp.Reply noHost = RawHttp.send(service.httpPort(), "GET /health/live HTTP/1.1\r\n", new byte[0]);
      assertEquals(400, noHost.status(), noHost.toString());
      assertEquals("application/problem+json", noHost.header("content-type"), noHost.toString());
    }
  }

  @Test
  void queueDepthByStateIsReadFromRedisAtMostEveryFewSeconds() throws Exception {
    String prefix = TestRedis.prefix();
    try (JobsService service = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(service);
      for (int i = 0; i < 3; i++) {
        Jobs.submit(http, "{\"start\":1,\"end\":2}");
      }
      String tag = "{" + prefix + "}:";
      cli.send(Request.cmd(Command.ZADD).arg(tag + "delayed").arg(1).arg("a").arg(2).arg("b"));
      cli.send(Request.cmd(Command.ZADD).arg(tag + "status:failed").arg(1).arg("c"));
      cli.send(Request.cmd(Command.ZADD).arg(tag + "status:in_progress").arg(1).arg("d"));

      String text = http.get("/metrics").body();
      assertAll(
          () -> assertEquals(3.0, Prometheus.value(text, "jobs_queue_depth{queue=\"default\",state=\"waiting\"}")),
          () -> assertEquals(1.0, Prometheus.value(text, "jobs_queue_depth{queue=\"default\",state=\"running\"}")),
          () -> assertEquals(2.0, Prometheus.value(text, "jobs_queue_depth{queue=\"default\",state=\"delayed\"}")),
          () -> assertEquals(1.0, Prometheus.value(text, "jobs_queue_depth{queue=\"default\",state=\"failed\"}")),
          () -> assertEquals(3.0, Prometheus.value(text,
              "vertx_http_server_requests_total{code=\"201\",method=\"POST\",route=\"/jobs\"}")),
          // No workers in an API process: no worker meters to mislead a sum across pods.
          () -> assertFalse(text.contains("jobs_processed_total"), text));

      // A new reading waits for the interval, however often it is scraped.
      Jobs.submit(http, "{\"start\":1,\"end\":2}");
      long submitted = System.nanoTime();
      assertEquals(3.0, Prometheus.value(http.get("/metrics").body(), "jobs_queue_depth{queue=\"default\",state=\"waiting\"}"));
      Await.until(Duration.ofSeconds(10), "the new depth", () ->
          Prometheus.value(http.get("/metrics").body(), "jobs_queue_depth{queue=\"default\",state=\"waiting\"}") == 4.0);
      long tookMs = (System.nanoTime() - submitted) / 1_000_000;
      assertTrue(tookMs < QueueDepth.MAX_AGE_MS + 2_000, "read again after " + tookMs + " ms");
    }
  }

  @Test
  void readinessFollowsRedisButLivenessDoesNot() throws Exception {
    try (RedisProcess redis = RedisProcess.start(false);
        JobsService service = JobsService.start(TestService.config(TestRedis.prefix(), "all", 1,
            Map.of("REDIS_URL", redis.url())))) {
      Http http = TestService.http(service);
      Await.until(Duration.ofSeconds(10), "ready", () -> http.get("/health/ready").status() == 200);

      redis.stop();
      Await.until(Duration.ofSeconds(10), "not ready", () -> http.get("/health/ready").status() == 503);
      Http.Reply down = http.get("/health/ready");
      assertEquals("DOWN", check(down.json(), "redis").getString("status"), down.body());
      assertEquals("DOWN", down.json().getString("status"), down.body());
      Http.Reply live = http.get("/health/live");
      assertEquals(200, live.status(), "a restart does not bring Redis back: " + live.body());
      Await.until(Duration.ofSeconds(10), "the queue depth to be unknown", () ->
          Double.isNaN(Prometheus.value(http.get("/metrics").body(), "jobs_queue_depth{queue=\"default\",state=\"waiting\"}")));

      redis.startProcess();
      Await.until(Duration.ofSeconds(20), "ready again", () -> http.get("/health/ready").status() == 200);
      assertEquals(200, http.get("/health/live").status());
    }
  }

  private static JsonObject check(JsonObject health, String id) {
    return health.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> id.equals(c.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no check " + id + " in " + health.encode()));
  }
}
