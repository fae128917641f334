package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Failed attempts: retried after a growing, jittered backoff while attempts remain; then failed. */
class RetryTest {
  private static final long RETRY_BASE_MS = 300;
  /** Runs per job id of the analyses below. */
  private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
  private static final String PREFIX = TestRedis.prefix();
  private static JobsService service;
  private static Http http;
  private static RedisCli cli;

  @BeforeAll
  static void start() throws Exception {
    Analyses analyses = Analyses.builder().addBuiltIns()
        // Fails the first params.failures runs of each job (keyed by params.key), then succeeds.
        .add("shaky", (request, ctx) -> {
          int run = RUNS.computeIfAbsent(request.params().getString("key"), k -> new AtomicInteger()).incrementAndGet();
          return run <= request.params().getInteger("failures")
              ? Future.failedFuture(new IllegalStateException("run " + run + " failed"))
              : Future.succeededFuture(new JsonObject().put("runs", run));
        })
        .add("bad_input", (request, ctx) -> Future.failedFuture(new IllegalArgumentException("field 'x' is not numeric")))
        .build();
    service = TestService.start(TestService.config(PREFIX, "all", 2, Map.of(
        "JOBS_RETRY_BASE_MS", Long.toString(RETRY_BASE_MS), "JOBS_RETRY_MAX_MS", "5000")), analyses);
    http = TestService.http(service);
    cli = new RedisCli(TestRedis.url());
  }

  @AfterAll
  static void stop() throws Exception {
    cli.close();
    service.close();
  }

  private static String shaky(String key, int failures, int maxAttempts) {
    return Jobs.submit(http, "{\"start\":1,\"end\":2,\"type\":\"shaky\",\"max_attempts\":" + maxAttempts
        + ",\"params\":{\"key\":\"" + key + "\",\"failures\":" + failures + "}}");
  }

  @Test
  void aFailedAttemptWaitsItsBackoffThenRunsAgain() {
    String id = shaky("twice", 2, 3);
    JsonObject done = Jobs.awaitTerminal(http, id);
    assertEquals("complete", done.getString("status"), done.encode());
    assertEquals(3, done.getInteger("attempts"));
    assertEquals(3, RUNS.get("twice").get(), "ran exactly three times");
    assertEquals(3, http.get("/jobs/" + id + "/results").json().getInteger("runs"));
    assertNull(done.getString("error"), "a job that completed carries no error: " + done.encode());
    JsonArray history = done.getJsonArray("history");
    assertEquals(3, history.size(), done.encode());
    assertEquals("run 1 failed", history.getJsonObject(0).getString("error"));
    assertEquals("run 2 failed", history.getJsonObject(1).getString("error"));
    assertNull(history.getJsonObject(2).getString("error"));
    assertEquals(done.getString("finished_at"), history.getJsonObject(2).getString("finished_at"),
        "the last attempt ended when the job finished");
    assertEquals(List.of("submitted", "in_progress", "delayed", "submitted", "in_progress", "delayed", "submitted",
        "in_progress", "complete"), Jobs.statusEvents(cli, PREFIX, id));
    // The backoff doubles per attempt and jitter takes at most half of it: the second wait is at
    // least the base, the first at least half of it.
    long firstWait = gap(history, 0);
    long secondWait = gap(history, 1);
    assertTrue(firstWait >= RETRY_BASE_MS / 2, "first backoff " + firstWait + " ms");
    assertTrue(secondWait >= RETRY_BASE_MS, "second backoff " + secondWait + " ms");
  }

  /** Time from attempt {@code i}'s end to attempt {@code i + 1}'s start. */
  private static long gap(JsonArray history, int i) {
    return Duration.between(Instant.parse(history.getJsonObject(i).getString("finished_at")),
        Instant.parse(history.getJsonObject(i + 1).getString("started_at"))).toMillis();
  }

  @Test
  void aJobIsFailedWithItsLastErrorWhenItsAttemptsAreUsedUp() {
    String id = shaky("always", 100, 2);
    JsonObject done = Jobs.awaitTerminal(http, id);
    assertEquals("failed", done.getString("status"), done.encode());
    assertEquals(2, done.getInteger("attempts"));
    assertEquals(2, RUNS.get("always").get());
    assertEquals("run 2 failed", done.getString("error"));
    assertNotNull(done.getString("finished_at"));
  }

  @Test
  void badInputForTheAnalysisIsNotRetried() {
    String id = Jobs.submit(http, "{\"start\":1,\"end\":2,\"type\":\"bad_input\",\"max_attempts\":5}");
    JsonObject done = Jobs.awaitTerminal(http, id);
    assertEquals("failed", done.getString("status"), done.encode());
    assertEquals(1, done.getInteger("attempts"));
    assertEquals("field 'x' is not numeric", done.getString("error"));
  }

  @Test
  void anAttemptPastItsTimeoutIsStoppedAndCountsAsAFailure() {
    long began = System.nanoTime();
    String id = Jobs.submit(http,
        "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":60000},\"timeout_ms\":300,\"max_attempts\":2}");
    JsonObject done = Jobs.awaitTerminal(http, id);
    long tookMs = (System.nanoTime() - began) / 1_000_000;
    assertEquals("failed", done.getString("status"), done.encode());
    assertEquals("timed out after 300 ms", done.getString("error"));
    assertEquals(2, done.getInteger("attempts"), "a timeout is retried like any failure");
    assertEquals(300, done.getInteger("timeout_ms"));
    assertTrue(tookMs < 20_000, "stopped long before the 60 s sleep ended: " + tookMs + " ms");
    // The worker is free again: a short job runs at once.
    String next = Jobs.submit(http, "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":1}}");
    assertEquals("complete", Jobs.awaitTerminal(http, next).getString("status"));
  }

  @Test
  void retryQueuesAFailedJobAgainWithFreshAttempts() {
    String id = shaky("retried", 1, 1);
    JsonObject failed = Jobs.awaitTerminal(http, id);
    assertEquals("failed", failed.getString("status"), failed.encode());
    var retried = http.post("/jobs/" + id + "/retry", "");
    assertEquals(200, retried.status(), retried.body());
    // A worker may have taken it already by the time the reply reads it back.
    assertTrue(List.of("submitted", "in_progress", "complete").contains(retried.json().getString("status")),
        retried.body());
    assertTrue(retried.json().getInteger("attempts") <= 1, retried.body());
    assertEquals(List.of("failed", "submitted"), Jobs.statusEvents(cli, PREFIX, id).subList(2, 4), "failed, then queued again");
    JsonObject done = Jobs.awaitTerminal(http, id);
    assertEquals("complete", done.getString("status"), done.encode());
    assertEquals(1, done.getInteger("attempts"));
    assertEquals(2, done.getJsonArray("history").size(), "the failed attempt stays in the history");
    assertEquals(2, http.get("/jobs/" + id + "/results").json().getInteger("runs"));

    var again = http.post("/jobs/" + id + "/retry", "");
    assertEquals(409, again.status(), again.body());
    assertEquals("complete", again.json().getString("job_status"));
    assertEquals(404, http.post("/jobs/no-such-job/retry", "").status());
  }

  @Test
  void aDelayedJobShowsWhenItRunsAgain() {
    String id = Jobs.submit(http, "{\"start\":1,\"end\":2,\"type\":\"shaky\",\"max_attempts\":2,"
        + "\"params\":{\"key\":\"delayed\",\"failures\":1}}");
    Await.until(Duration.ofSeconds(10), "delayed", () -> Jobs.statusEvents(cli, PREFIX, id).contains("delayed"));
    JsonObject job = http.get("/jobs/" + id).json();
    if ("delayed".equals(job.getString("status"))) {
      assertNotNull(job.getString("run_at"), job.encode());
      assertEquals("run 1 failed", job.getString("error"));
    }
    assertEquals("complete", Jobs.awaitTerminal(http, id).getString("status"));
  }
}
