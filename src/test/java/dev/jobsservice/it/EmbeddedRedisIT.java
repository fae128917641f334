package dev.jobsservice.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.Ping;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.RedisProcess;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar} on a machine with no Redis configured: the jar starts its bundled redis-server,
 * persists to a local directory, and a restart finds the jobs again. The probe port is a free one,
 * so a Redis already running on this machine (6379) is not found instead.
 */
class EmbeddedRedisIT {
  private static final Duration EXIT = Duration.ofSeconds(30);
  private final List<JarProcess> processes = new ArrayList<>();
  private RedisProcess redis;
  private Path dataDir;
  private int redisPort;

  @BeforeEach
  void pickPortAndDir() throws Exception {
    dataDir = Files.createTempDirectory("jobs-it-embedded-");
    redisPort = RedisProcess.freePort();
    assertFalse(Ping.answers(redisPort), "the probe port must be free of any Redis");
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (JarProcess p : processes) {
      p.close();
    }
    if (redis != null) {
      redis.close();
    }
    JarProcess.deleteTree(dataDir);
  }

  @Test
  void startsAnEmbeddedRedisThatKeepsJobsAcrossRestarts() throws Exception {
    int port = RedisProcess.freePort();
    JarProcess first = start("embedded-1", embeddedEnv(port, "1"));
    String log = first.waitForStarted();
    assertTrue(log.contains("started an embedded Redis"), log);
    assertTrue(log.contains("redis=redis://127.0.0.1:" + redisPort + " (embedded)"), log);
    assertTrue(Ping.answers(redisPort), "the embedded Redis should answer on " + redisPort);

    Http http = new Http("http://127.0.0.1:" + port);
    String id = Jobs.submit(http, "{\"start\":2000,\"end\":2010}");
    Jobs.awaitStatus(http, id, "complete");
    assertEquals(200, http.get("/jobs/" + id + "/results").status());

    Path aof = dataDir.resolve("appendonly.aof");
    Await.until(Duration.ofSeconds(5), "a non-empty " + aof, () -> size(aof) > 0);

    // Exit codes are asserted in SplitProcessesIT; here only that SIGTERM stops it cleanly.
    first.stop(EXIT);
    assertTrue(first.log().contains("stopped"), first.log());
    // The embedded Redis goes with the process: else the restart would find it, not start one.
    Await.until(Duration.ofSeconds(10), "the embedded Redis to stop", () -> !Ping.answers(redisPort));

    JarProcess second = start("embedded-2", embeddedEnv(port, "1"));
    String log2 = second.waitForStarted();
    assertTrue(log2.contains("started an embedded Redis"), log2);
    Http.Reply again = http.get("/jobs/" + id);
    assertEquals(200, again.status(), "the job submitted before the restart: " + again);
    assertEquals("complete", again.json().getString("status"), again.toString());
    assertEquals(200, http.get("/jobs/" + id + "/results").status());
    second.stop(EXIT);
    assertTrue(second.log().contains("stopped"), second.log());
  }

  /**
   * A clean stop with the embedded Redis: the running job is finished and stored, and the worker
   * id is given back, so a restart gets the same id (JobQueue.acquire: "at once after a clean stop").
   */
  @Test
  void cleanStopFinishesTheRunningJobAndReleasesTheWorkerId() throws Exception {
    int port = RedisProcess.freePort();
    JarProcess first = start("embedded-drain-1", embeddedEnv(port, "1"));
    first.waitForStarted();
    Http http = new Http("http://127.0.0.1:" + port);
    String id = Jobs.submit(http, "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":2000}}");
    Jobs.awaitStatus(http, id, "in_progress");
    first.stop(EXIT);
    assertTrue(first.log().contains("stopped"), first.log());

    JarProcess second = start("embedded-drain-2", embeddedEnv(port, "1"));
    second.waitForStarted();
    Await.until(Duration.ofSeconds(10), "a worker to start", () -> !second.workerIds().isEmpty());
    Http.Reply job = http.get("/jobs/" + id);
    // Stopped, not killed: a SIGKILLed jar leaves its extracted redis-server binary in /tmp.
    second.stop(EXIT);
    assertEquals(200, job.status(), job.toString());
    assertAll(
        () -> assertEquals("complete", job.json().getString("status"),
            "the job was running at SIGTERM; the shutdown hook says it finishes running jobs: " + job),
        () -> assertEquals(1, job.json().getInteger("attempts"), job.toString()),
        () -> assertEquals(List.of("emb-0"), second.workerIds(), "worker id after a clean restart"));
  }

  /** The extracted redis-server binary and its config file go away with a clean stop. */
  @Test
  void cleanStopLeavesNoTemporaryFiles() throws Exception {
    JarProcess p = start("embedded-tmp", embeddedEnv(RedisProcess.freePort(), "1"));
    p.waitForStarted();
    try (Stream<Path> files = Files.list(p.tmpDir())) {
      assertTrue(files.findAny().isPresent(), "the binary should be extracted under " + p.tmpDir());
    }
    p.stop(EXIT);
    try (Stream<Path> files = Files.list(p.tmpDir())) {
      assertEquals(List.of(), files.map(f -> f.getFileName().toString()).toList(),
          "left in java.io.tmpdir after SIGTERM");
    }
  }

  @Test
  void noEmbeddedRedisWhenRedisUrlIsGiven() throws Exception {
    redis = RedisProcess.start(false);
    int port = RedisProcess.freePort();
    String prefix = prefix();
    Map<String, String> env = embeddedEnv(port, "1");
    env.put("JOBS_PREFIX", prefix);
    env.put("REDIS_URL", redis.url());
    JarProcess p = start("redis-url", env);
    String log = p.waitForStarted();
    assertFalse(log.contains("embedded"), log);
    assertTrue(log.contains("redis=" + redis.url()), log);
    assertFalse(Ping.answers(redisPort), "nothing should listen on the embedded port");

    Http http = new Http("http://127.0.0.1:" + port);
    String id = Jobs.submit(http, "{\"start\":2000,\"end\":2010}");
    Jobs.awaitStatus(http, id, "complete");
    // The job lives in the given Redis, and nothing was written to the embedded data dir.
    try (RedisCli cli = new RedisCli(redis.url())) {
      assertEquals(1, cli.send(Request.cmd(Command.EXISTS).arg("{" + prefix + "}:job:" + id)).toInteger());
    }
    try (var files = Files.list(dataDir)) {
      assertEquals(0, files.count(), "the embedded data dir should stay empty");
    }
    p.stop(EXIT);
    assertFalse(p.log().contains("embedded"), p.log());
  }

  /** From scratch: no REDIS_URL, no REDIS_IP; the embedded port and dir are this test's own. */
  private Map<String, String> embeddedEnv(int httpPort, String workers) {
    return JarProcess.env("emb", httpPort, "JOBS_WORKERS", workers, "JOBS_WORKER_ID", "emb",
        "REDIS_EMBEDDED_PORT", Integer.toString(redisPort), "REDIS_EMBEDDED_DIR", dataDir.toString());
  }

  private JarProcess start(String name, Map<String, String> env) throws Exception {
    JarProcess p = JarProcess.start(name, env);
    processes.add(p);
    return p;
  }



  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  private static String prefix() {
    return "it" + UUID.randomUUID().toString().substring(0, 8);
  }
}
