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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole life of a job through HTTP, as the teaching text's client sees it. */
class JobLifecycleTest {
  private static JobsService service;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    Analyses analyses = Analyses.builder().addBuiltIns()
        .add("boom", (request, ctx) -> Future.failedFuture(new IllegalStateException("the analysis blew up")))
        .add("throws", (request, ctx) -> {
          throw new ArithmeticException("thrown, not returned");
        })
        .build();
    service = TestService.start(TestService.config(TestRedis.prefix(), "all", 2, Map.of()), analyses);
    http = TestService.http(service);
    var load = http.post("/data", """
        [{"id": "m1", "name": "Aachen", "year": 1880, "mass": 21},
         {"id": "m2", "name": "Aarhus", "year": "1951", "mass": "720"},
         {"id": "m3", "name": "Abee", "year": 1952, "mass": 107000},
         {"id": "m4", "name": "Acapulco", "year": 1976},
         {"id": "m5", "name": "Achiras", "year": 1902, "mass": 780}]""");
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
  void aFailingAnalysisMarksTheJobFailedWithItsMessage() {
    for (String type : new String[] {"boom", "throws"}) {
      String id = http.post("/jobs", "{\"start\":1,\"end\":2,\"type\":\"" + type + "\"}").json().getString("id");
      JsonObject done = Jobs.awaitTerminal(http, id);
      assertEquals("failed", done.getString("status"), done.encode());
      assertTrue(done.getString("error").contains(type.equals("boom") ? "blew up" : "thrown, not returned"),
          done.encode());
      assertNotNull(done.getString("finished_at"));
      var results = http.get("/jobs/" + id + "/results");
      assertEquals(409, results.status());
      assertEquals("failed", results.json().getString("job_status"));
      assertEquals(done.getString("error"), results.json().getString("error"));
    }
  }
}
