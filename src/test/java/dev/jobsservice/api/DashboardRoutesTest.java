package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.RedisProcess;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What GET / answers whom, the dashboard's files, and the reads it needs. */
class DashboardRoutesTest {
  private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  @Test
  void browsersGetThePageAndEveryoneElseTheJson() throws Exception {
    try (JobsService service = TestService.start(TestRedis.prefix(), "all", 1)) {
      Http http = TestService.http(service);
      for (String accept : new String[] {null, "*/*", "application/json", "application/json, text/html;q=0.5"}) {
        Http.Reply reply = accept == null ? http.get("/") : get(http, "/", accept);
        assertEquals(200, reply.status());
        assertEquals("application/json", reply.header("Content-Type"), "Accept: " + accept);
        assertEquals("jobs-service", reply.json().getString("service"));
        assertEquals("Accept", reply.header("Vary"));
      }
      Http.Reply page = get(http, "/", BROWSER);
      assertEquals(200, page.status());
      assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
      assertTrue(page.body().contains("<title>jobs-service dashboard</title>"));
      assertEquals("Accept", page.header("Vary"));
      assertTrue(get(http, "/ui/app.js", "*/*").header("Content-Type").contains("javascript"));
      assertTrue(get(http, "/ui/style.css", "*/*").header("Content-Type").startsWith("text/css"));
      assertTrue(get(http, "/ui/api.html", BROWSER).body().contains("API reference"));
      // Nothing on the page comes from elsewhere.
      for (String file : new String[] {"/ui/index.html", "/ui/app.js", "/ui/api.html", "/ui/api.js", "/ui/style.css"}) {
        String body = http.get(file).body();
        assertTrue(!body.contains("http://") && !body.contains("https://") || body.contains("www.w3.org/2000/svg")
            && !body.replace("http://www.w3.org/2000/svg", "").contains("http"), file + " refers to another host");
      }
      Http.Reply missing = http.get("/ui/nope.js");
      assertEquals(404, missing.status());
      assertEquals("application/problem+json", missing.header("Content-Type"));

      Jobs.awaitTerminal(http, Jobs.submit(http, "{\"start\":0,\"end\":0,\"type\":\"sleep\",\"params\":{\"ms\":0}}"));
      var stats = http.get("/stats").json();
      assertEquals(1, stats.getJsonObject("by_status").getLong("complete"));
      assertEquals(0, stats.getLong("queue_depth"));
      long finished = stats.getJsonObject("throughput").getJsonArray("buckets").stream()
          .mapToLong(b -> ((io.vertx.core.json.JsonObject) b).getLong("complete")).sum();
      assertEquals(1, finished, stats.encode());
      var workers = http.get("/workers").json().getJsonArray("workers");
      assertEquals(1, workers.size());
      assertTrue(workers.getJsonObject(0).getBoolean("alive"));
    }
  }

  @Test
  void withATokenForEverythingThePageStillLoadsAndItsDataNeedsTheToken() throws Exception {
    try (JobsService service = TestService.start(TestService.config(TestRedis.prefix(), "api", 0,
        Map.of("JOBS_API_TOKEN", "a-token-of-16-chars-or-more", "JOBS_AUTH_SCOPE", "all")), Analyses.builtIn())) {
      Http http = TestService.http(service);
      assertEquals(200, get(http, "/", BROWSER).status());
      assertEquals(200, http.get("/ui/app.js").status());
      assertEquals(200, http.get("/openapi.yaml").status());
      for (String path : new String[] {"/stats", "/workers", "/events", "/jobs"}) {
        assertEquals(401, http.get(path).status(), path);
      }
      assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(http.base() + "/stats"))
          .header("Authorization", "Bearer a-token-of-16-chars-or-more")).status());
    }
  }

  @Test
  void jobsRunWithNobodyListeningCostNoEventReadsAndStatsCountsThemFromTheStream() throws Exception {
    try (RedisProcess redis = RedisProcess.start(false);
         RedisCli cli = new RedisCli(redis.url());
         JobsService service = JobsService.start(TestService.config(TestRedis.prefix(), "all", 2,
             Map.of("REDIS_URL", redis.url())))) {
      Http http = TestService.http(service);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ids.add(Jobs.submit(http, "{\"start\":0,\"end\":0,\"type\":\"sleep\",\"params\":{\"ms\":0}}"));
      }
      ids.forEach(id -> Jobs.awaitTerminal(http, id));
      assertEquals(0, cli.calls("xread") + cli.calls("xrevrange"), "the events were read with nobody listening");

      var throughput = http.get("/stats").json().getJsonObject("throughput");
      assertEquals(20, sum(throughput, "submitted"), throughput.encode());
      assertEquals(20, sum(throughput, "complete"), throughput.encode());
      // Counting from here on takes the follower.
      Await.until(Duration.ofSeconds(5), "the follower to read", () -> cli.clientsIn("xread") == 1);
    }
  }

  private static long sum(io.vertx.core.json.JsonObject throughput, String status) {
    return throughput.getJsonArray("buckets").stream()
        .mapToLong(b -> ((io.vertx.core.json.JsonObject) b).getLong(status)).sum();
  }

  private static Http.Reply get(Http http, String path, String accept) {
    return http.send(HttpRequest.newBuilder(URI.create(http.base() + path)).header("Accept", accept));
  }
}
