package dev.jobsservice.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.Prometheus;
import dev.jobsservice.testing.RedisProcess;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees of a split deployment: an API process and worker processes of the built
 * jar against one Redis, watched only through their /health/* and /metrics endpoints and logs, as
 * Kubernetes probes and Prometheus would.
 */
class OpsIT {
  private static final String WAITING = "jobs_queue_depth{queue=\"default\",state=\"waiting\"}";
  private static final String RUNNING = "jobs_queue_depth{queue=\"default\",state=\"running\"}";
  private static final String COMPLETE = "jobs_processed_total{outcome=\"complete\"}";
  private final List<JarProcess> processes = new ArrayList<>();
  private RedisProcess redis;

  @BeforeEach
  void startRedis() throws Exception {
    redis = RedisProcess.start(false);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (JarProcess p : processes) {
      p.close();
    }
    redis.close();
  }

  @Test
  void healthAndMetricsFollowTheJobsAndRedis() throws Exception {
    String prefix = prefix();
    int apiPort = RedisProcess.freePort();
    start("api", JarProcess.env(prefix, apiPort, "REDIS_URL", redis.url(), "JOBS_ROLE", "api")).waitForStarted();
    Http api = new Http("http://127.0.0.1:" + apiPort);
    assertEquals(200, api.get("/health/live").status());
    assertEquals(200, api.get("/health/ready").status());
    assertEquals(0.0, metric(api, WAITING));

    // Jobs wait while no worker runs: the API's gauge shows them.
    int jobs = 30;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      ids.add(Jobs.submit(api, "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":50}}"));
    }
    Await.until(Duration.ofSeconds(10), "the API to report 30 waiting", () -> metric(api, WAITING) == jobs);

    int workerPort = RedisProcess.freePort();
    JarProcess workerProcess = start("worker", JarProcess.env(prefix, workerPort, "REDIS_URL", redis.url(),
        "JOBS_ROLE", "worker", "JOBS_WORKERS", "2", "LOG_FORMAT", "json"));
    workerProcess.waitForStarted();
    Http worker = new Http("http://127.0.0.1:" + workerPort);
    Await.until(Duration.ofSeconds(10), "the worker process to be ready", () -> worker.get("/health/ready").status() == 200);
    assertEquals(200, worker.get("/health/live").status());

    // The counters rise on the worker as the queue drains, and the API's gauge falls.
    Await.until(Duration.ofSeconds(30), "30 jobs complete", () -> metric(worker, COMPLETE) == jobs);
    Await.until(Duration.ofSeconds(10), "the API to report none waiting or running",
        () -> metric(api, WAITING) == 0 && metric(api, RUNNING) == 0);
    for (String id : ids) {
      assertEquals("complete", api.get("/jobs/" + id).json().getString("status"), id);
    }
    String workerMetrics = worker.get("/metrics").body();
    String apiMetrics = api.get("/metrics").body();
    assertAll(
        () -> assertEquals(jobs, Prometheus.value(workerMetrics,
            "jobs_duration_seconds_count{outcome=\"complete\",type=\"sleep\"}")),
        // Each ran 50 ms or a little more: none in the 25 ms bucket, all within 1 s.
        () -> assertEquals(0, Prometheus.value(workerMetrics,
            "jobs_duration_seconds_bucket{outcome=\"complete\",type=\"sleep\",le=\"0.025\"}")),
        () -> assertEquals(jobs, Prometheus.value(workerMetrics,
            "jobs_duration_seconds_bucket{outcome=\"complete\",type=\"sleep\",le=\"1.0\"}")),
        () -> assertEquals(jobs, Prometheus.value(workerMetrics, "jobs_queue_wait_seconds_count")),
        () -> assertTrue(Prometheus.value(workerMetrics, "jobs_queue_wait_seconds_sum") > 0, workerMetrics),
        () -> assertEquals(0, Prometheus.value(workerMetrics, "jobs_processed_total{outcome=\"failed\"}")),
        () -> assertEquals(jobs, Prometheus.value(apiMetrics,
            "vertx_http_server_requests_total{code=\"201\",method=\"POST\",route=\"/jobs\"}")),
        () -> assertFalse(apiMetrics.contains("jobs_processed_total"), "no worker meters in an API process"));

    // The image's HEALTHCHECK script, against both processes and a port nobody listens on.
    assertEquals(0, healthcheck(apiPort));
    assertEquals(0, healthcheck(workerPort));
    assertNotEquals(0, healthcheck(RedisProcess.freePort()));

    // Redis goes away: neither process is ready, both stay live (a restart would not help).
    redis.stop();
    for (Http http : List.of(api, worker)) {
      Await.until(Duration.ofSeconds(10), http.base() + " not ready", () -> http.get("/health/ready").status() == 503);
      JsonObject down = http.get("/health/ready").json();
      assertTrue(down.encode().contains("\"id\":\"redis\",\"status\":\"DOWN\""), down.encode());
      assertEquals(200, http.get("/health/live").status(), http.base());
    }
    Await.until(Duration.ofSeconds(10), "the queue depth to be unknown", () -> Double.isNaN(metric(api, WAITING)));

    redis.startProcess();
    for (Http http : List.of(api, worker)) {
      Await.until(Duration.ofSeconds(20), http.base() + " ready again", () -> http.get("/health/ready").status() == 200);
    }
    String id = Jobs.submit(api, "{\"start\":1,\"end\":2}");
    Jobs.awaitStatus(api, id, "complete");
    Await.until(Duration.ofSeconds(10), "31 jobs complete", () -> metric(worker, COMPLETE) == jobs + 1);

    // LOG_FORMAT=json: every line the worker wrote is one JSON object.
    String log = workerProcess.log();
    int lines = 0;
    for (String line : log.split("\n")) {
      if (!line.isBlank()) {
        JsonObject json = new JsonObject(line);
        assertTrue(json.containsKey("level") && json.containsKey("message"), line);
        lines++;
      }
    }
    assertTrue(lines > 3 && log.contains("\"message\":\"jobs-service started: role=worker"), log);
  }

  /** A worker process killed mid-job: the one that puts its job back counts the recovery. */
  @Test
  void leaseRecoveriesAreCounted() throws Exception {
    String prefix = prefix();
    int apiPort = RedisProcess.freePort();
    Map<String, String> lease = Map.of("REDIS_URL", redis.url(), "JOBS_ROLE", "worker", "JOBS_WORKERS", "1",
        "JOBS_WORKER_LEASE_MS", "1500");
    // JVMs start in parallel where the test allows: each takes seconds on a busy machine.
    JarProcess apiProcess = start("api-r", JarProcess.env(prefix, apiPort, "REDIS_URL", redis.url(), "JOBS_ROLE", "api"));
    JarProcess victim = start("worker-victim", env(prefix, RedisProcess.freePort(), lease, "JOBS_WORKER_ID", "v"));
    apiProcess.waitForStarted();
    victim.waitForStarted();
    Http api = new Http("http://127.0.0.1:" + apiPort);
    String held = Jobs.submit(api, "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":3000}}");
    Jobs.awaitStatus(api, held, "in_progress");

    int port = RedisProcess.freePort();
    JarProcess rescuerProcess = start("worker-rescuer", env(prefix, port, lease, "JOBS_WORKER_ID", "r"));
    victim.kill();
    rescuerProcess.waitForStarted();
    Http rescuer = new Http("http://127.0.0.1:" + port);
    Await.until(Duration.ofSeconds(20), "the rescuer to put the job back",
        () -> metric(rescuer, "jobs_lease_recoveries_total") == 1.0);
    // It runs again; how often is the worker's business (see WorkerRecoveryTest), not this test's.
    JsonObject done = Jobs.awaitTerminal(api, held);
    System.out.println("the recovered job: " + done.encode());
    assertEquals("complete", done.getString("status"), done.encode());
    assertTrue(done.getInteger("attempts") >= 2, done.encode());
  }

  private static Map<String, String> env(String prefix, int port, Map<String, String> base, String... more) {
    Map<String, String> env = JarProcess.env(prefix, port, more);
    env.putAll(base);
    return env;
  }

  private static double metric(Http http, String series) {
    Http.Reply reply = http.get("/metrics");
    assertEquals(200, reply.status(), reply.toString());
    return Prometheus.value(reply.body(), series);
  }

  /** Runs docker/healthcheck.sh as the image does, for a service on {@code port}; its exit code. */
  private static int healthcheck(int port) throws Exception {
    Path script = Path.of("docker", "healthcheck.sh");
    assertTrue(Files.isRegularFile(script), "no " + script.toAbsolutePath());
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("HTTP_PORT", Integer.toString(port));
    Process process = builder.start();
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the healthcheck did not finish");
    return process.exitValue();
  }

  private JarProcess start(String name, Map<String, String> env) throws Exception {
    JarProcess p = JarProcess.start(name, env);
    processes.add(p);
    return p;
  }

  private static String prefix() {
    return "it" + UUID.randomUUID().toString().substring(0, 8);
  }
}
