package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole life of a job through HTTP, as the teaching text's client sees it. */
class JobLifecycleTest {
  private static final String DATASET = """
      [{"id": "m1", "name": "Aachen", "year": 1880, "mass": 21},
       {"id": "m2", "name": "Aarhus", "year": "1951", "mass": "720"},
       {"id": "m3", "name": "Abee", "year": 1952, "mass": 107000},
       {"id": "m4", "name": "Acapulco", "year": 1976},
       {"id": "m5", "name": "Achiras", "year": 1902, "mass": 780}]""";
  private static final AtomicInteger FLAKY_RUNS = new AtomicInteger();
  private static JobsService service;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    Analyses analyses = Analyses.builder().addBuiltIns()
        .add("boom", (request, ctx) -> Future.failedFuture(new IllegalStateException("the analysis blew up")))
        .add("throws", (request, ctx) -> {
          throw new ArithmeticException("thrown, not returned");
        })
        // Meets a Redis outage on its first run: that is not the job's failure.
        .add("flaky", (request, ctx) -> FLAKY_RUNS.incrementAndGet() == 1
            ? Future.failedFuture(new ConnectException("Connection refused"))
            : Future.succeededFuture(new JsonObject().put("runs", FLAKY_RUNS.get())))
        // Its own I/O error is its failure, not an outage: failed at once, never run again.
        .add("io", (request, ctx) -> Future.failedFuture(new FileNotFoundException("/no/such/input.csv")))
        .build();
    service = TestService.start(TestService.config(TestRedis.prefix(), "all", 2, Map.of()), analyses);
    http = TestService.http(service);
    var load = http.post("/data", DATASET);
    assertEquals(201, load.status(), load.body());
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void theTextsRequestRunsToCompleteWithItsCount() {
    // Exactly what a reader of the text types: curl -d, so form encoding, start and end only.
    var submitted = http.post("/jobs", "{\"start\": \"1900\", \"end\": \"1960\"}");
    assertEquals(201, submitted.status(), submitted.body());
    JsonObject job = submitted.json();
    String id = job.getString("id");
    assertEquals("/jobs/" + id, submitted.header("Location"));
    assertEquals("submitted", job.getString("status"));
    assertEquals("summary", job.getString("type"));
    assertEquals("1900", job.getValue("start"), "start is kept as given");
    assertNotNull(job.getString("created_at"));
    assertEquals(0, job.getInteger("attempts"));

    JsonObject done = Jobs.awaitTerminal(http, id);
    assertEquals("complete", done.getString("status"), done.encode());
    assertEquals(1, done.getInteger("attempts"));
    Instant created = Instant.parse(done.getString("created_at"));
    Instant started = Instant.parse(done.getString("started_at"));
    Instant finished = Instant.parse(done.getString("finished_at"));
    assertTrue(!started.isBefore(created) && !finished.isBefore(started), done.encode());
    assertNull(done.getValue("error"));

    var results = http.get("/jobs/" + id + "/results");
    assertEquals(200, results.status());
    assertEquals("application/json", results.header("Content-Type"));
    assertEquals(3, results.json().getLong("count"), "1902, 1951 and 1952 lie in [1900, 1960]");
  }

  @Test
  void curlDashDBodiesOfAnySizeAndWithPercentSignsAreJson() {
    // curl -d labels these application/x-www-form-urlencoded; they are JSON all the same.
    StringBuilder records = new StringBuilder("[");
    for (int i = 0; i < 300; i++) {
      records.append(i == 0 ? "" : ",").append("{\"id\":\"p").append(i).append("\",\"share\":\"").append(i % 100)
          .append("%\",\"note\":\"a+b=c&d\"}");
    }
    String body = records.append("]").toString();
    assertTrue(body.length() > 10_000);
    var load = http.post("/data", body);
    assertEquals(201, load.status(), load.body());
    assertEquals(300, load.json().getInteger("loaded"));
    assertEquals("42%", http.get("/data/p42").json().getString("share"));
    assertEquals("a+b=c&d", http.get("/data/p42").json().getString("note"));
    var job = http.post("/jobs", "{\"start\": \"10%\", \"end\": \"90%\", \"params\": {\"field\": \"share\", \"pad\": \""
        + "x".repeat(2000) + "\"}}");
    assertEquals(201, job.status(), job.body());
    assertEquals("10%", job.json().getString("start"));
    // Put the lifecycle test's dataset back for the other tests.
    assertEquals(201, http.post("/data", DATASET).status());
  }

  @Test
  void summaryOfANumericField() {
    var submitted = http.post("/jobs",
        "{\"start\": 1800, \"end\": 2000, \"type\": \"summary\", \"params\": {\"value\": \"mass\"}}",
        "application/json");
    String id = submitted.json().getString("id");
    Jobs.awaitTerminal(http, id);
    JsonObject r = http.get("/jobs/" + id + "/results").json();
    assertEquals(5, r.getLong("count"));
    assertEquals(4, r.getLong("value_count"), "Acapulco has no mass");
    assertEquals(21.0, r.getDouble("min"));
    assertEquals(107000.0, r.getDouble("max"));
    assertEquals((21 + 720 + 107000 + 780) / 4.0, r.getDouble("mean"), 1e-9);
  }

  @Test
  void aSleepingJobIsSeenInProgressThenComplete() {
    String id = http.post("/jobs", "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":1500}}")
        .json().getString("id");
    Await.until(Duration.ofSeconds(10), "in_progress",
        () -> http.get("/jobs/" + id).json().getString("status").equals("in_progress"));
    JsonObject running = http.get("/jobs/" + id).json();
    assertNotNull(running.getString("started_at"));
    assertTrue(running.getString("worker").startsWith("test-"), running.encode());
    var early = http.get("/jobs/" + id + "/results");
    assertEquals(409, early.status());
    assertEquals("in_progress", early.json().getString("job_status"));
    assertNotNull(early.header("Retry-After"));
    assertEquals("complete", Jobs.awaitTerminal(http, id).getString("status"));
    assertEquals(1500, http.get("/jobs/" + id + "/results").json().getInteger("slept_ms"));
  }

  @Test
  void aJobThatMeetsARedisOutageRunsAgainInsteadOfFailing() {
    String id = http.post("/jobs", "{\"start\":1,\"end\":2,\"type\":\"flaky\"}").json().getString("id");
    JsonObject done = Jobs.awaitTerminal(http, id);
    assertEquals("complete", done.getString("status"), done.encode());
    assertEquals(2, done.getInteger("attempts"));
    assertEquals(2, http.get("/jobs/" + id + "/results").json().getInteger("runs"));
  }

  @Test
  void aFailingAnalysisMarksTheJobFailedWithItsMessage() {
    for (String type : new String[] {"boom", "throws", "io"}) {
      String id = http.post("/jobs", "{\"start\":1,\"end\":2,\"max_attempts\":1,\"type\":\"" + type + "\"}")
          .json().getString("id");
      JsonObject done = Jobs.awaitTerminal(http, id);
      assertEquals("failed", done.getString("status"), done.encode());
      String expected = Map.of("boom", "blew up", "throws", "thrown, not returned", "io", "/no/such/input.csv")
          .get(type);
      assertTrue(done.getString("error").contains(expected), done.encode());
      assertEquals(1, done.getInteger("attempts"), done.encode());
      assertNotNull(done.getString("finished_at"));
      var results = http.get("/jobs/" + id + "/results");
      assertEquals(409, results.status());
      assertEquals("failed", results.json().getString("job_status"));
      assertEquals(done.getString("error"), results.json().getString("error"));
    }
  }
}
