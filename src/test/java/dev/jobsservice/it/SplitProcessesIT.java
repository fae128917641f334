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
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The producer/consumer split as deployed: an API-only process and worker-only processes, each
 * its own JVM from the built jar, meeting only in one Redis.
 */
class SplitProcessesIT {
  private static final Duration EXIT = Duration.ofSeconds(30);
  private static RedisProcess redis;
  private static RedisCli cli;
  private final List<JarProcess> processes = new ArrayList<>();

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisProcess.start(false);
    cli = new RedisCli(redis.url());
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (cli != null) {
      cli.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @AfterEach
  void killProcesses() throws Exception {
    for (JarProcess p : processes) {
      p.close();
    }
  }

  @Test
  void apiQueuesJobsUntilAWorkerProcessRunsThemAndBothStopOnSigterm() throws Exception {
    String prefix = prefix();
    int port = RedisProcess.freePort();
    JarProcess api = start("api", JarProcess.env(prefix, port, "REDIS_URL", redis.url(), "JOBS_ROLE", "api"));
    String apiLog = api.waitForStarted();
    assertTrue(apiLog.contains("role=api workers=0 http=127.0.0.1:" + port), apiLog);
    Http http = new Http("http://127.0.0.1:" + port);
    assertEquals(200, http.get("/").status());

    // Half the default kind (summary), half short sleeps.
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String body = i % 2 == 0 ? "{\"start\":2000,\"end\":2010}"
          : "{\"start\":2000,\"end\":2010,\"type\":\"sleep\",\"params\":{\"ms\":5}}";
      ids.add(Jobs.submit(http, body));
    }

    // No consumer yet: every job waits on the queue, untouched.
    assertEquals(200, queueLength(prefix));
    for (String id : ids) {
      assertEquals("submitted", job(http, id).getString("status"), id);
    }
    assertEquals(200, queueLength(prefix), "an API-only process must not consume jobs");

    JarProcess worker = start("worker", JarProcess.env(prefix, RedisProcess.freePort(), "REDIS_URL", redis.url(),
        "JOBS_ROLE", "worker", "JOBS_WORKERS", "2", "JOBS_WORKER_ID", "itworker"));
    String workerLog = worker.waitForStarted();
    assertTrue(workerLog.contains("role=worker workers=2 http=127.0.0.1:"), workerLog);
    assertTrue(workerLog.contains("(health and metrics only)"), workerLog);

    Await.until(Duration.ofSeconds(45), "the worker process to empty the queue", () -> queueLength(prefix) == 0);
    for (String id : ids) {
      Await.until(Duration.ofSeconds(10), "job " + id + " to complete",
          () -> "complete".equals(job(http, id).getString("status")));
      JsonObject job = job(http, id);
      assertTrue(job.getString("worker", "").startsWith("itworker-"), job.encode());
      assertEquals(1, job.getInteger("attempts"), job.encode());
    }
    assertEquals(0, queueLength(prefix));
    Http.Reply summary = http.get("/jobs/" + ids.get(0) + "/results");
    assertEquals(200, summary.status(), summary.toString());
    assertTrue(summary.json().containsKey("count"), summary.toString());
    Http.Reply slept = http.get("/jobs/" + ids.get(1) + "/results");
    assertEquals(200, slept.status(), slept.toString());
    assertEquals(5, slept.json().getInteger("slept_ms"), slept.toString());

    // SIGTERM while jobs run: the worker process must finish them before it exits.
    List<String> running = List.of(
        Jobs.submit(http, "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":1500}}"),
        Jobs.submit(http, "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":1500}}"));
    for (String id : running) {
      Await.until(Duration.ofSeconds(10), "job " + id + " to start",
          () -> "in_progress".equals(job(http, id).getString("status")));
    }
    int workerExit = worker.stop(EXIT);
    for (String id : running) {
      JsonObject job = job(http, id);
      assertEquals("complete", job.getString("status"), "a job running at SIGTERM must be finished: " + job.encode());
      assertEquals(1, job.getInteger("attempts"), job.encode());
    }
    int apiExit = api.stop(EXIT);

    assertAll(
        () -> assertTrue(worker.log().contains("stopped"), worker.log()),
        () -> assertTrue(api.log().contains("stopped"), api.log()),
        // 143 = 128 + SIGTERM: what the JVM reports after a signal even when the hook ran cleanly.
        () -> assertEquals(0, workerExit, "worker exit code after SIGTERM"),
        () -> assertEquals(0, apiExit, "api exit code after SIGTERM"));
  }

  @Test
  void workerProcessesWithTheSameIdBaseTakeDistinctIds() throws Exception {
    String prefix = prefix();
    int port = RedisProcess.freePort();
    JarProcess api = start("api", JarProcess.env(prefix, port, "REDIS_URL", redis.url(), "JOBS_ROLE", "api"));
    // Both started at once, so they race for the same ids.
    Map<String, String> workerEnv = JarProcess.env(prefix, 0, "REDIS_URL", redis.url(),
        "JOBS_ROLE", "worker", "JOBS_WORKERS", "2", "JOBS_WORKER_ID", "dup");
    JarProcess a = start("worker-a", workerEnv);
    JarProcess b = start("worker-b", workerEnv);
    api.waitForStarted();
    a.waitForStarted();
    b.waitForStarted();
    Await.until(Duration.ofSeconds(20), "2 workers started in each process",
        () -> a.workerIds().size() == 2 && b.workerIds().size() == 2);

    Set<String> idsA = new HashSet<>(a.workerIds());
    Set<String> idsB = new HashSet<>(b.workerIds());
    Set<String> all = new HashSet<>(idsA);
    all.addAll(idsB);
    assertEquals(4, all.size(), "worker ids must be distinct across processes: " + idsA + " " + idsB);
    assertTrue(all.stream().allMatch(id -> id.startsWith("dup-")), all.toString());

    Http http = new Http("http://127.0.0.1:" + port);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      ids.add(Jobs.submit(http, "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":50}}"));
    }
    Await.until(Duration.ofSeconds(45), "the queue to empty", () -> queueLength(prefix) == 0);
    Set<String> ranOn = new HashSet<>();
    for (String id : ids) {
      Await.until(Duration.ofSeconds(10), "job " + id + " to complete",
          () -> "complete".equals(job(http, id).getString("status")));
      JsonObject job = job(http, id);
      assertEquals(1, job.getInteger("attempts"), "a job must run once: " + job.encode());
      assertTrue(all.contains(job.getString("worker")), job.encode());
      ranOn.add(job.getString("worker"));
    }
    assertTrue(ranOn.stream().anyMatch(idsA::contains) && ranOn.stream().anyMatch(idsB::contains),
        "both processes should have run jobs: ran on " + ranOn + ", a=" + idsA + ", b=" + idsB);
    for (JarProcess p : List.of(a, b)) {
      assertFalse(p.log().contains("another process holds this worker id"), p.log());
    }
  }

  /**
   * kill -9 of a worker JVM in the middle of a job, under a stream of submissions, and a new one
   * started at once while the dead one's worker id is still leased: every job completes, none is
   * lost, none completes twice (a job's attempts are 1, or 2 for the one the dead worker held).
   */
  @Test
  void aWorkerKilledMidJobLosesNothing() throws Exception {
    String prefix = prefix();
    Http http = startApi("api-k", prefix);
    Map<String, String> workerEnv = JarProcess.env(prefix, RedisProcess.freePort(), "REDIS_URL", redis.url(),
        "JOBS_ROLE", "worker", "JOBS_WORKERS", "2", "JOBS_WORKER_ID", "kw", "JOBS_WORKER_LEASE_MS", "2000");
    JarProcess victim = start("worker-victim", workerEnv);
    victim.waitForStarted();

    List<String> ids = new ArrayList<>();
    // Long enough that the kill below comes while it runs, even on a loaded machine.
    String slow = Jobs.submit(http, "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":10000}}");
    ids.add(slow);
    Jobs.awaitStatus(http, slow, "in_progress");
    for (int i = 0; i < 100; i++) {
      ids.add(Jobs.submit(http, "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":20}}"));
    }
    victim.kill();
    long killedAt = System.nanoTime();
    JarProcess successor = start("worker-successor", workerEnv);
    successor.waitForStarted();
    for (int i = 0; i < 100; i++) {
      ids.add(Jobs.submit(http, "{\"start\":1,\"end\":2}"));
    }
    Await.until(Duration.ofSeconds(60), "every job complete", () -> ids.stream()
        .allMatch(id -> "complete".equals(http.get("/jobs/" + id).json().getString("status"))));
    long recoveredMs = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.println("all " + ids.size() + " jobs complete " + recoveredMs + " ms after kill -9");

    JsonObject slowJob = http.get("/jobs/" + slow).json();
    assertEquals(2, slowJob.getInteger("attempts"), "the job the dead worker held ran once more: " + slowJob);
    for (String id : ids) {
      int attempts = http.get("/jobs/" + id).json().getInteger("attempts");
      assertTrue(attempts == 1 || attempts == 2, id + " attempts " + attempts);
    }
    assertEquals(0, queueLength(prefix));
  }

  /**
   * A worker JVM frozen (SIGSTOP) mid-job past its lease, then thawed: its job runs again on
   * another worker, the thawed one writes nothing over it, notices its lease lapsed, takes an id
   * again and goes on working; nothing is left in progress or in any processing list.
   */
  @Test
  void aWorkerFrozenPastItsLeaseIsFencedAndRejoins() throws Exception {
    String prefix = prefix();
    Http http = startApi("api-f", prefix);
    JarProcess frozen = start("worker-frozen", JarProcess.env(prefix, RedisProcess.freePort(), "REDIS_URL",
        redis.url(), "JOBS_ROLE", "worker", "JOBS_WORKERS", "1", "JOBS_WORKER_ID", "fz", "JOBS_WORKER_LEASE_MS", "1500"));
    frozen.waitForStarted();
    String held = Jobs.submit(http, "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":2500}}");
    Jobs.awaitStatus(http, held, "in_progress");
    signal(frozen, "STOP");
    try {
      JarProcess other = start("worker-other", JarProcess.env(prefix, RedisProcess.freePort(), "REDIS_URL",
          redis.url(), "JOBS_ROLE", "worker", "JOBS_WORKERS", "1", "JOBS_WORKER_ID", "ot",
          "JOBS_WORKER_LEASE_MS", "1500"));
      other.waitForStarted();
      List<String> ids = new ArrayList<>(List.of(held));
      for (int i = 0; i < 30; i++) {
        ids.add(Jobs.submit(http, "{\"start\":1,\"end\":2}"));
      }
      Await.until(Duration.ofSeconds(30), "all complete while one worker is frozen", () -> ids.stream()
          .allMatch(id -> "complete".equals(http.get("/jobs/" + id).json().getString("status"))));
      JsonObject rerun = http.get("/jobs/" + held).json();
      assertEquals("ot-0", rerun.getString("worker"), rerun.encode());
      assertEquals(2, rerun.getInteger("attempts"), rerun.encode());
      String result = http.get("/jobs/" + held + "/results").body();

      signal(frozen, "CONT");
      frozen.waitForLog("lease lapsed", Duration.ofSeconds(20));
      // Its 2.5 s sleep ends after the thaw: its late result must not replace the stored one.
      Thread.sleep(3000);
      assertEquals(result, http.get("/jobs/" + held + "/results").body());
      for (int i = 0; i < 30; i++) {
        ids.add(Jobs.submit(http, "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":20}}"));
      }
      Await.until(Duration.ofSeconds(30), "all complete after the thaw", () -> ids.stream()
          .allMatch(id -> "complete".equals(http.get("/jobs/" + id).json().getString("status"))));
      Set<String> workers = new HashSet<>();
      for (String id : ids.subList(31, ids.size())) {
        workers.add(http.get("/jobs/" + id).json().getString("worker"));
        assertEquals(1, http.get("/jobs/" + id).json().getInteger("attempts"));
      }
      assertTrue(workers.stream().anyMatch(w -> w.startsWith("fz-")), "the thawed worker works again: " + workers);
      assertEquals(0, cli.send(Request.cmd(Command.ZCOUNT).arg("{" + prefix + "}:status:in_progress").arg("-inf").arg("(+inf")).toInteger());
      assertEquals(0, queueLength(prefix));
      for (var key : cli.send(Request.cmd(Command.KEYS).arg("{" + prefix + "}:processing:*"))) {
        assertEquals(0, cli.send(Request.cmd(Command.LLEN).arg(key.toString())).toInteger(), key.toString());
      }
    } finally {
      signal(frozen, "CONT");
    }
  }

  /** An api process on a free port; returns a client for it once it answers. */
  private Http startApi(String name, String prefix) throws Exception {
    int port = RedisProcess.freePort();
    start(name, JarProcess.env(prefix, port, "REDIS_URL", redis.url(), "JOBS_ROLE", "api")).waitForStarted();
    return new Http("http://127.0.0.1:" + port);
  }

  private static void signal(JarProcess p, String name) throws Exception {
    new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start().waitFor();
  }


  private JarProcess start(String name, Map<String, String> env) throws Exception {
    JarProcess p = JarProcess.start(name, env);
    processes.add(p);
    return p;
  }


  private static JsonObject job(Http http, String id) {
    Http.Reply reply = http.get("/jobs/" + id);
    assertEquals(200, reply.status(), reply.toString());
    return reply.json();
  }

  private static long queueLength(String prefix) {
    return cli.send(Request.cmd(Command.LLEN).arg("{" + prefix + "}:queue")).toLong();
  }

  private static String prefix() {
    return "it" + UUID.randomUUID().toString().substring(0, 8);
  }
}
