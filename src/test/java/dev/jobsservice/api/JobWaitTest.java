package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /jobs/{id}?wait=: answers when the job finishes, or with its state at the deadline. */
class JobWaitTest {
  private static JobsService service;
  private static JobsService idle;
  private static Http http;
  private static Http idleHttp;

  @BeforeAll
  static void start() throws Exception {
    service = TestService.start(TestRedis.prefix(), "all", 2);
    http = TestService.http(service);
    // No workers, and waits capped at 1 s: jobs stay submitted.
    idle = TestService.start(TestService.config(TestRedis.prefix(), "api", 0,
        Map.of("JOBS_MAX_WAIT_SECONDS", "1")), dev.jobsservice.analysis.Analyses.builtIn());
    idleHttp = TestService.http(idle);
  }

  @AfterAll
  static void stop() {
    service.close();
    idle.close();
  }

  @Test
  void answersAsSoonAsTheJobCompletes() {
    String id = Jobs.submit(http, "{\"start\":0,\"end\":0,\"type\":\"sleep\",\"params\":{\"ms\":1500}}");
    long started = System.nanoTime();
    Http.Reply reply = http.get("/jobs/" + id + "?wait=30");
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertEquals(200, reply.status(), reply.body());
    assertEquals("complete", reply.json().getString("status"), reply.body());
    assertEquals(1500, http.get("/jobs/" + id + "/results").json().getInteger("slept_ms"));
    // It waited for the job (1.5 s), not for the deadline (30 s).
    assertTrue(tookMs >= 1000 && tookMs < 15_000, "took " + tookMs + " ms");
  }

  @Test
  void aFinishedJobIsAnsweredAtOnce() {
    String id = Jobs.submit(http, "{\"start\":0,\"end\":0,\"type\":\"sleep\",\"params\":{\"ms\":0}}");
    Jobs.awaitTerminal(http, id);
    long started = System.nanoTime();
    assertEquals("complete", http.get("/jobs/" + id + "?wait=30").json().getString("status"));
    assertTrue((System.nanoTime() - started) / 1_000_000 < 5_000);
  }

  @Test
  void answersWithTheCurrentStateAtTheDeadline() {
    String id = Jobs.submit(idleHttp, "{\"start\":0,\"end\":0,\"type\":\"sleep\",\"params\":{\"ms\":10}}");
    long started = System.nanoTime();
    // Asks for 30 s; this service caps waits at 1 s.
    Http.Reply reply = idleHttp.get("/jobs/" + id + "?wait=30");
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertEquals(200, reply.status(), reply.body());
    assertEquals("submitted", reply.json().getString("status"));
    assertTrue(tookMs >= 900 && tookMs < 10_000, "took " + tookMs + " ms");
  }

  @Test
  void badWaitsAndUnknownJobsAreAnsweredAtOnce() {
    Http.Reply bad = http.get("/jobs/x?wait=soon");
    assertEquals(400, bad.status());
    assertEquals("application/problem+json", bad.header("Content-Type"));
    assertTrue(bad.json().getString("detail").contains("wait"), bad.body());
    assertEquals(400, http.get("/jobs/x?wait=-1").status());
    long started = System.nanoTime();
    Http.Reply unknown = http.get("/jobs/00000000-0000-0000-0000-000000000000?wait=30");
    assertEquals(404, unknown.status());
    assertTrue((System.nanoTime() - started) / 1_000_000 < 5_000);
  }

  @Test
  void manyWaitersCostNoThreadEach() throws Exception {
    String id = Jobs.submit(http, "{\"start\":0,\"end\":0,\"type\":\"sleep\",\"params\":{\"ms\":3000}}");
    long vertxThreadsBefore = vertxThreads();
    // One connection per waiter, as 200 separate clients would have.
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<HttpResponse<String>>> waiters = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      waiters.add(client.sendAsync(HttpRequest.newBuilder(URI.create(http.base() + "/jobs/" + id + "?wait=30"))
          .timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    Thread.sleep(1000);
    long vertxThreadsWhileWaiting = vertxThreads();
    for (var waiter : waiters) {
      HttpResponse<String> r = waiter.get(30, TimeUnit.SECONDS);
      assertEquals(200, r.statusCode());
      assertTrue(r.body().contains("\"status\":\"complete\""), r.body());
    }
    // 200 requests waiting on the service in this JVM: no thread was started for them.
    assertTrue(vertxThreadsWhileWaiting <= vertxThreadsBefore + 2,
        vertxThreadsBefore + " Vert.x threads before, " + vertxThreadsWhileWaiting + " while 200 wait");
  }

  private static long vertxThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("vert.x-")).count();
  }
}
