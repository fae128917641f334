package dev.jobsservice.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.AppConfig;
import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.RedisClusterProcesses;
import dev.jobsservice.testing.RedisProcess;
import dev.jobsservice.testing.Sse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service against a 3-master Redis Cluster (password-protected): the queue's keys on one
 * master, the dataset's on another, every API call and job kind working across them; then two
 * API processes and three worker processes from the jar complete every job exactly once.
 */
class ClusterIT {
  private static final String PASSWORD = "cluster-secret-1";
  private static RedisClusterProcesses cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = RedisClusterProcesses.start(3, "--requirepass", PASSWORD, "--masterauth", PASSWORD);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A prefix whose queue and default dataset live on different masters. */
  private static String splitPrefix(String base) {
    for (int i = 0; i < 100; i++) {
      String prefix = base + i;
      if (!cluster.urlOf("{" + prefix + "}", PASSWORD).equals(cluster.urlOf("{" + prefix + ":data:default}", PASSWORD))) {
        return prefix;
      }
    }
    throw new IllegalStateException("no prefix splits queue and dataset");
  }

  @Test
  void wholeLifecycleWorksOnAClusterWithQueueAndDatasetOnDifferentMasters() throws Exception {
    String prefix = splitPrefix("cl");
    Map<String, String> env = new HashMap<>(Map.of("REDIS_CLUSTER_NODES", cluster.seeds(), "REDIS_PASSWORD", PASSWORD,
        "HTTP_PORT", "0", "HTTP_HOST", "127.0.0.1", "JOBS_PREFIX", prefix, "JOBS_WORKERS", "2",
        "JOBS_WORKER_ID", "cl"));
    try (JobsService service = JobsService.start(AppConfig.from(new JsonObject(), env));
        RedisCli queueNode = new RedisCli(cluster.urlOf("{" + prefix + "}", PASSWORD));
        RedisCli dataNode = new RedisCli(cluster.urlOf("{" + prefix + ":data:default}", PASSWORD))) {
      Http http = new Http("http://127.0.0.1:" + service.httpPort());
      Sse events = Sse.open(http.base() + "/events", null);
      assertEquals(200, events.status());

      // A replace load: staging keys, then MULTI/RENAME on the dataset's master.
      Http.Reply load = http.post("/data", "[{\"id\":\"1\",\"year\":1990,\"mass\":5},{\"id\":\"2\",\"year\":1995,"
          + "\"mass\":7},{\"id\":\"3\",\"year\":2020,\"mass\":1}]", "application/json");
      assertEquals(201, load.status(), load.toString());
      assertEquals(3, load.json().getInteger("loaded"), load.toString());
      // An append: the merge script over the staging and live keys of one slot.
      Http.Reply append = http.post("/data?mode=append", "[{\"id\":\"4\",\"year\":1999,\"mass\":9}]", "application/json");
      assertEquals(201, append.status(), append.toString());
      assertEquals(4, append.json().getInteger("total"), append.toString());
      assertEquals(4, dataNode.send(Request.cmd(Command.HLEN).arg("{" + prefix + ":data:default}:records")).toInteger(),
          "the dataset lives on its own master");
      assertEquals(4, http.get("/data?limit=10").json().getInteger("total"));
      assertEquals(1, http.get("/data?year=1995").json().getJsonArray("data").size());

      String summary = Jobs.submit(http, "{\"start\":1990,\"end\":2000,\"params\":{\"value\":\"mass\"}}");
      String histogram = Jobs.submit(http, "{\"type\":\"histogram\",\"start\":1990,\"end\":2000,"
          + "\"params\":{\"value\":\"mass\",\"bins\":2}}");
      String slept = Jobs.submit(http, "{\"type\":\"sleep\",\"start\":0,\"end\":0,\"params\":{\"ms\":300}}");
      for (String id : List.of(summary, histogram, slept)) {
        Http.Reply waited = http.get("/jobs/" + id + "?wait=20");
        assertEquals("complete", waited.json().getString("status"), waited.toString());
      }
      assertTrue(queueNode.send(Request.cmd(Command.EXISTS).arg("{" + prefix + "}:job:" + summary)).toInteger() == 1,
          "the job lives on the queue's master");
      JsonObject result = http.get("/jobs/" + summary + "/results").json();
      assertEquals(3, result.getInteger("count"), result.encode());
      assertEquals(9.0, result.getDouble("max"), result.encode());
      assertEquals(200, http.get("/jobs/" + histogram + "/results?format=png").status());

      JsonArray listed = http.get("/jobs?limit=10").json().getJsonArray("jobs");
      assertEquals(3, listed.size(), listed.encode());
      assertEquals(slept, listed.getJsonObject(0).getString("id"), "newest first");
      assertEquals(3, http.get("/jobs?status=complete").json().getJsonArray("jobs").size());

      // Cancel and retry: scripts of ten keys, one slot.
      String cancelled = Jobs.submit(http, "{\"type\":\"sleep\",\"start\":0,\"end\":0,\"params\":{\"ms\":60000}}");
      Jobs.awaitStatus(http, cancelled, "in_progress");
      assertEquals(200, http.delete("/jobs/" + cancelled).status());
      assertEquals(200, http.post("/jobs/" + cancelled + "/retry", "").status());
      assertEquals(200, http.delete("/jobs/" + cancelled).status());

      // The event stream (XREAD BLOCK on its own connection, routed to the queue's master).
      List<String> seen = new ArrayList<>();
      while (!seen.contains(slept + ":complete")) {
        Sse.Event e = events.next(Duration.ofSeconds(10));
        assertNotNull(e, "an event within 10 s; seen " + seen);
        JsonObject data = new JsonObject(e.data());
        seen.add(data.getString("id") + ":" + data.getString("status"));
      }
      assertTrue(seen.contains(summary + ":submitted") && seen.contains(summary + ":complete"), seen.toString());
      events.close();

      assertEquals(200, http.get("/stats").status());
      assertEquals(200, http.get("/workers").status());
      assertEquals(200, http.get("/health/ready").status());
      assertEquals(204, http.delete("/data").status());
      assertEquals(0, http.get("/data").json().getInteger("total"));
      assertNotEquals(cluster.urlOf("{" + prefix + "}", PASSWORD), cluster.urlOf("{" + prefix + ":data:default}", PASSWORD));
    }
  }

  /** The first {@code reports<n>} whose queue's slot (by CLUSTER KEYSLOT) is on another master than {@code {prefix}}. */
  private static String queueOnAnotherMaster(String prefix) {
    String defaultMaster = cluster.urlOf("{" + prefix + "}", PASSWORD);
    for (int i = 0; i < 100; i++) {
      String name = "reports" + i;
      if (!cluster.urlOf("{" + prefix + ":q:" + name + "}", PASSWORD).equals(defaultMaster)) {
        return name;
      }
    }
    throw new IllegalStateException("no queue name lands on another master");
  }

  @Test
  void twoNamedQueuesOnDifferentMastersBothCompleteTheirJobs() throws Exception {
    String prefix = "clq" + Long.toHexString(System.nanoTime());
    String reports = queueOnAnotherMaster(prefix);
    String reportsTag = "{" + prefix + ":q:" + reports + "}";
    assertNotEquals(cluster.urlOf("{" + prefix + "}", PASSWORD), cluster.urlOf(reportsTag, PASSWORD));
    Map<String, String> env = new HashMap<>(Map.of("REDIS_CLUSTER_NODES", cluster.seeds(), "REDIS_PASSWORD", PASSWORD,
        "HTTP_PORT", "0", "HTTP_HOST", "127.0.0.1", "JOBS_PREFIX", prefix, "JOBS_WORKERS", "2",
        "JOBS_WORKER_ID", "clq", "JOBS_QUEUES", "default," + reports));
    try (JobsService service = JobsService.start(AppConfig.from(new JsonObject(), env));
        RedisCli defaultNode = new RedisCli(cluster.urlOf("{" + prefix + "}", PASSWORD));
        RedisCli reportsNode = new RedisCli(cluster.urlOf(reportsTag, PASSWORD))) {
      Http http = new Http("http://127.0.0.1:" + service.httpPort());
      Sse events = Sse.open(http.base() + "/events", null);
      assertEquals(200, events.status());
      assertEquals(201, http.post("/data", "[{\"year\":1990},{\"year\":1995}]", "application/json").status());
      List<String> plain = new ArrayList<>();
      List<String> named = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        plain.add(Jobs.submit(http, "{\"start\":1990,\"end\":2000}"));
        named.add(Jobs.submit(http, "{\"start\":1990,\"end\":2000,\"queue\":\"" + reports + "\"}"));
      }
      for (String id : plain) {
        JsonObject job = http.get("/jobs/" + id + "?wait=20").json();
        assertEquals("complete", job.getString("status"), job.encode());
        assertEquals("default", job.getString("queue"));
        assertEquals(1, defaultNode.send(Request.cmd(Command.EXISTS).arg("{" + prefix + "}:job:" + id)).toInteger());
      }
      for (String id : named) {
        JsonObject job = http.get("/jobs/" + id + "?wait=20").json();
        assertEquals("complete", job.getString("status"), job.encode());
        assertEquals(reports, job.getString("queue"));
        assertEquals(2, http.get("/jobs/" + id + "/results").json().getInteger("count"));
        assertEquals(1, reportsNode.send(Request.cmd(Command.EXISTS).arg(reportsTag + ":job:" + id)).toInteger(),
            "the named queue's job lives on its own master");
      }
      assertEquals(10, http.get("/jobs?queue=" + reports).json().getJsonArray("jobs").size());
      // Both queues' event streams (on two masters) reach one SSE client, each event naming its queue.
      List<String> seen = new ArrayList<>();
      String lastNamed = named.get(named.size() - 1);
      String lastPlain = plain.get(plain.size() - 1);
      while (!seen.contains(lastNamed + ":complete:" + reports) || !seen.contains(lastPlain + ":complete:default")) {
        Sse.Event e = events.next(Duration.ofSeconds(10));
        assertNotNull(e, "an event within 10 s; seen " + seen);
        JsonObject data = new JsonObject(e.data());
        seen.add(data.getString("id") + ":" + data.getString("status") + ":" + data.getString("queue"));
      }
      events.close();
      JsonObject stats = http.get("/stats").json();
      assertEquals(10, stats.getJsonObject("queues").getJsonObject(reports).getJsonObject("by_status")
          .getInteger("complete"), stats.encode());
    }
  }

  @Test
  void twoApiProcessesAndThreeWorkerProcessesCompleteEveryJobOnce() throws Exception {
    String prefix = "clp" + Long.toHexString(System.nanoTime());
    List<JarProcess> processes = new ArrayList<>();
    try {
      List<Http> apis = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        int port = RedisProcess.freePort();
        processes.add(JarProcess.start("cluster-api-" + i, JarProcess.env(prefix, port, "REDIS_CLUSTER_NODES",
            cluster.seeds(), "REDIS_PASSWORD", PASSWORD, "JOBS_ROLE", "api")));
        apis.add(new Http("http://127.0.0.1:" + port));
      }
      for (int i = 0; i < 3; i++) {
        processes.add(JarProcess.start("cluster-worker-" + i, JarProcess.env(prefix, RedisProcess.freePort(),
            "REDIS_CLUSTER_NODES", cluster.seeds(), "REDIS_PASSWORD", PASSWORD, "JOBS_ROLE", "worker",
            "JOBS_WORKERS", "2", "JOBS_WORKER_ID", "cw" + i)));
      }
      for (JarProcess p : processes) {
        assertTrue(p.waitForStarted().contains("redis=cluster via"), p.log());
      }
      // Both APIs at once, half summaries half short sleeps, while all six workers take them.
      String body0 = "{\"start\":2000,\"end\":2010}";
      String body1 = "{\"start\":0,\"end\":0,\"type\":\"sleep\",\"params\":{\"ms\":2}}";
      Submitter a = new Submitter(apis.get(0), 2, 2, n -> n % 2 == 0 ? body0 : body1);
      Submitter b = new Submitter(apis.get(1), 2, 2, n -> n % 2 == 0 ? body1 : body0);
      // At least 4 s and 200 accepted jobs: on a loaded CI machine five fresh JVMs answer slowly at
      // first, so a fixed time alone gave too few jobs to show anything.
      long started = System.nanoTime();
      while (System.nanoTime() - started < Duration.ofSeconds(4).toNanos()
          || (a.acceptedIds().size() + b.acceptedIds().size() < 200
              && System.nanoTime() - started < Duration.ofSeconds(60).toNanos())) {
        Thread.sleep(100);
      }
      a.close();
      b.close();
      List<String> ids = new ArrayList<>(a.acceptedIds());
      ids.addAll(b.acceptedIds());
      assertEquals(Map.of(201, a.posts().size()), a.statuses());
      assertEquals(Map.of(201, b.posts().size()), b.statuses());
      try (RedisCli cli = new RedisCli(cluster.urlOf("{" + prefix + "}", PASSWORD))) {
        JobAudit audit = new JobAudit(cli, prefix);
        audit.awaitFinished(ids, Duration.ofSeconds(60));
        JobAudit.Outcome outcome = audit.outcome(ids);
        Map<String, Object> figures = outcome.figures();
        long workersUsed = ids.stream().map(id -> audit.job(id).get("worker")).map(w -> w.replaceAll("-\\d+$", ""))
            .distinct().count();
        figures.put("worker_processes_used", workersUsed);
        JobAudit.print("cluster-2-api-3-workers", figures);
        assertAll(
            () -> assertTrue(ids.size() > 100, "enough jobs to mean something: " + ids.size()),
            () -> assertEquals(ids.size(), outcome.complete(), "every job completes: " + outcome.lost()),
            () -> assertEquals(List.of(), outcome.writtenTwice(), "no result written twice"),
            () -> assertEquals(List.of(), outcome.reran(), "no job run twice"),
            () -> assertEquals(List.of(), outcome.attemptsMismatch(), "one attempt each"),
            () -> assertEquals(List.of(), outcome.leftovers(), "nothing left behind"),
            () -> assertEquals(3, workersUsed, "every worker process took jobs"));
      }
    } finally {
      for (JarProcess p : processes) {
        p.close();
      }
    }
  }
}
