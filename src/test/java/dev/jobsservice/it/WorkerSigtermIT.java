package dev.jobsservice.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.RedisProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a worker JVM while it runs jobs, as a rolling deploy sends it. With a grace period
 * shorter than the jobs, it hands them back and exits 0 within the grace (plus the time to stop),
 * and another worker runs them; with a long grace, it finishes them first. Either way it takes no
 * new job once signalled, and no job is lost.
 */
class WorkerSigtermIT {
  /** How long the test allows past the grace period for a clean exit: closing connections, the JVM. */
  private static final long EXIT_SLACK_MS = 5000;
  private RedisProcess redis;
  private final Chaos chaos = new Chaos();

  @AfterEach
  void stopAll() throws Exception {
    chaos.close();
  }

  private JarProcess worker(String name, String prefix, String idBase, long graceMs) throws Exception {
    return chaos.start(name, JarProcess.env(prefix, 0, "REDIS_URL", redis.url(), "JOBS_ROLE", "worker",
        "JOBS_WORKERS", "2", "JOBS_WORKER_ID", idBase, "JOBS_SHUTDOWN_GRACE_MS", Long.toString(graceMs)));
  }

  private Http api(String prefix) throws Exception {
    int port = RedisProcess.freePort();
    chaos.start("api", JarProcess.env(prefix, port, "REDIS_URL", redis.url(), "JOBS_ROLE", "api")).waitForStarted();
    return new Http("http://127.0.0.1:" + port);
  }

  private static String sleep(long ms) {
    return "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":" + ms + "}}";
  }

  /** The ids of the jobs in progress on a worker whose id starts with {@code base + "-"}. */
  private static List<String> runningOn(Http http, String base) {
    List<String> out = new ArrayList<>();
    http.get("/jobs?status=in_progress&limit=100").json().getJsonArray("jobs").forEach(j -> {
      if (((JsonObject) j).getString("worker", "").startsWith(base + "-")) {
        out.add(((JsonObject) j).getString("id"));
      }
    });
    return out;
  }

  /** SIGTERM; returns {exit code, ms from the signal to the exit}. */
  private static long[] sigterm(JarProcess p, long graceMs) throws Exception {
    long at = System.currentTimeMillis();
    int code = p.stop(Duration.ofMillis(graceMs + EXIT_SLACK_MS + 10_000));
    return new long[] {code, System.currentTimeMillis() - at};
  }

  @Test
  void aShortGraceHandsTheRunningJobsBackAndAnotherWorkerRunsThem() throws Exception {
    redis = chaos.redis(false);
    long grace = 1000;
    long jobMs = 4000;
    String prefix = "st" + UUID.randomUUID().toString().substring(0, 8);
    JarProcess leaving = worker("worker-leaving", prefix, "lv", grace);
    JarProcess staying = worker("worker-staying", prefix, "sy", grace);
    Http http = api(prefix);
    leaving.waitForStarted();
    staying.waitForStarted();
    // Four long jobs for four idle workers: each takes one, so the leaving process runs two.
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(Jobs.submit(http, sleep(jobMs)));
    }
    Await.until(Duration.ofSeconds(15), "two jobs running on the leaving worker",
        () -> runningOn(http, "lv").size() == 2);
    // Queued behind: the leaving worker must not take these once signalled.
    for (int i = 0; i < 2; i++) {
      ids.add(Jobs.submit(http, sleep(200)));
    }
    List<String> held = runningOn(http, "lv");
    long signalledAt = System.currentTimeMillis();
    long[] exit = sigterm(leaving, grace);

    try (RedisCli cli = new RedisCli(redis.url())) {
      JobAudit audit = new JobAudit(cli, prefix);
      audit.awaitFinished(ids, Duration.ofSeconds(30));
      JobAudit.Outcome outcome = audit.outcome(ids);
      Map<String, Object> figures = new LinkedHashMap<>(outcome.figures());
      figures.put("grace_ms", grace);
      figures.put("job_ms", jobMs);
      figures.put("exit_code", exit[0]);
      figures.put("exit_after_sigterm_ms", exit[1]);
      figures.put("handed_back", held.size());
      JobAudit.print("worker-sigterm-short-grace", figures);
      audit.printReruns(outcome);

      assertAll(
          () -> assertEquals(0, exit[0], "exit code"),
          () -> assertTrue(exit[1] >= grace - 100, "it waited for the grace period: " + exit[1] + " ms"),
          () -> assertTrue(exit[1] < grace + EXIT_SLACK_MS, "it exited within the grace + slack: " + exit[1] + " ms"),
          () -> assertTrue(leaving.log().contains("did not finish within the shutdown grace period"), leaving.log()),
          () -> assertEquals(List.of(), outcome.lost(), "jobs not complete"),
          () -> assertEquals(List.of(), outcome.writtenTwice(), "results written more than once"),
          () -> assertEquals(List.of(), outcome.attemptsMismatch(), "attempts disagree with the executions"),
          () -> assertEquals(List.of(), outcome.unexplained(), "executions without a recorded cause"),
          () -> assertEquals(List.of(), outcome.leftovers(), "ids left behind"));
      for (String id : held) {
        JsonObject job = http.get("/jobs/" + id).json();
        JsonArray history = job.getJsonArray("history");
        assertEquals("complete", job.getString("status"), job.encode());
        assertTrue(job.getString("worker").startsWith("sy-"), "finished by the other worker: " + job.encode());
        assertEquals(1, job.getInteger("attempts"), "a handback does not use up an attempt: " + job.encode());
        assertEquals(2, history.size(), job.encode());
        assertTrue(history.getJsonObject(0).getString("worker").startsWith("lv-"), job.encode());
        assertEquals("handed back: its worker stopped", history.getJsonObject(0).getString("error"), job.encode());
      }
      for (String id : ids) {
        for (Object h : http.get("/jobs/" + id).json().getJsonArray("history")) {
          JsonObject attempt = (JsonObject) h;
          if (attempt.getString("worker").startsWith("lv-")) {
            assertTrue(Instant.parse(attempt.getString("started_at")).toEpochMilli() < signalledAt,
                "the leaving worker took no job after SIGTERM: " + attempt);
          }
        }
      }
    }
  }

  @Test
  void aLongGraceFinishesTheRunningJobsBeforeExiting() throws Exception {
    redis = chaos.redis(false);
    long grace = 20_000;
    long jobMs = 2500;
    String prefix = "sl" + UUID.randomUUID().toString().substring(0, 8);
    JarProcess leaving = worker("worker-draining", prefix, "dr", grace);
    Http http = api(prefix);
    leaving.waitForStarted();
    List<String> running = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      running.add(Jobs.submit(http, sleep(jobMs)));
    }
    Await.until(Duration.ofSeconds(15), "both jobs running", () -> runningOn(http, "dr").size() == 2);
    List<String> queued = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      queued.add(Jobs.submit(http, sleep(10)));
    }
    long[] exit = sigterm(leaving, grace);

    try (RedisCli cli = new RedisCli(redis.url())) {
      JobAudit audit = new JobAudit(cli, prefix);
      JobAudit.Outcome outcome = audit.outcome(running);
      Map<String, Object> figures = new LinkedHashMap<>(outcome.figures());
      figures.put("grace_ms", grace);
      figures.put("job_ms", jobMs);
      figures.put("exit_code", exit[0]);
      figures.put("exit_after_sigterm_ms", exit[1]);
      JobAudit.print("worker-sigterm-long-grace", figures);

      assertAll(
          () -> assertEquals(0, exit[0], "exit code"),
          () -> assertTrue(exit[1] < jobMs + EXIT_SLACK_MS, "it exited once its jobs were done: " + exit[1] + " ms"),
          () -> assertEquals(List.of(), outcome.lost(), "the running jobs finished before the exit"),
          () -> assertEquals(List.of(), outcome.reran(), "and ran once"),
          () -> assertFalse(leaving.log().contains("did not finish within the shutdown grace period"), leaving.log()));
      for (String id : running) {
        JsonObject job = http.get("/jobs/" + id).json();
        assertTrue(job.getString("worker").startsWith("dr-"), job.encode());
        assertEquals(1, job.getJsonArray("history").size(), job.encode());
      }
      for (String id : queued) {
        JsonObject job = http.get("/jobs/" + id).json();
        assertEquals("submitted", job.getString("status"), "not taken while draining: " + job.encode());
        assertEquals(0, job.getInteger("attempts"), job.encode());
      }
    }
  }
}
