package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.app.JobsService;
import dev.jobsservice.jobs.QueueSettings;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.Sse;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import dev.jobsservice.ops.Metrics;
import dev.jobsservice.ops.Ops;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.redis.client.RedisOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API and its OpenAPI document agree, in both directions:
 * <ol>
 *   <li>the document is valid OpenAPI 3.1, and is what /openapi.yaml and /openapi.json serve;</li>
 *   <li>every route mounted through {@link Endpoints} is in the document, and every documented
 *       operation is mounted;</li>
 *   <li>real answers, good and bad, have a documented status and content type and a body valid
 *       against the documented schema, and every mounted operation gets at least one such check.</li>
 * </ol>
 * Chosen over request validation driven by the document: routes are mounted by hand by several
 * engineers and keep their own precise 400s and problem bodies; this test fails the build as soon
 * as a route and the document part ways, whoever changed which.
 */
class OpenApiContractTest {
  private static final String DATASET = "[{\"id\":\"a\",\"year\":1950,\"mass\":3},{\"id\":\"b\",\"year\":1990,\"mass\":5}]";

  private static Vertx vertx;
  private static HttpVerticle api;
  private static JobsService workers;
  private static Http http;
  private static Contract contract;
  private static Set<String> routed;

  @BeforeAll
  static void start() throws Exception {
    String prefix = TestRedis.prefix();
    // The HTTP verticle deployed here (so the test can ask it for its routes) with the health and
    // metrics routes every process serves, as the service mounts them; the workers apart.
    Metrics metrics = new Metrics();
    vertx = metrics.install(Vertx.builder(), new VertxOptions()).build();
    Ops ops = Ops.create(vertx, metrics, new RedisOptions().setConnectionString(TestRedis.url()), prefix, 0);
    api = new HttpVerticle(new ApiSettings("127.0.0.1", 0,
        new RedisOptions().setConnectionString(TestRedis.url()).setMaxPoolSize(4), QueueSettings.defaults(prefix),
        64 * 1024, 32, "summary", null, false, 1024, LiveSettings.DEFAULTS), Analyses.builtIn(), ops.routes(),
        ops.httpMeters());
    vertx.deployVerticle(api).await(20, TimeUnit.SECONDS);
    workers = TestService.start(TestService.config(prefix, "worker", 2, Map.of()), Analyses.builtIn());
    http = new Http("http://127.0.0.1:" + api.actualPort());
    contract = new Contract(ApiDocument.load().json());
    routed = new TreeSet<>();
    api.routes().forEach((template, methods) -> methods.stream().filter(m -> !m.equals("HEAD"))
        .forEach(m -> routed.add(m + " " + template.replaceAll(":([A-Za-z_]+)", "{$1}"))));
  }

  @AfterAll
  static void stop() throws Exception {
    workers.close();
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void theDocumentIsValidOpenApi31AndServedAsYamlAndJson() throws Exception {
    JsonObject doc = ApiDocument.load().json();
    assertEquals("3.1.0", doc.getString("openapi"));
    SchemaRepository repository = OpenAPIVersion.V3_1.getRepository(vertx, "app:///").await(20, TimeUnit.SECONDS);
    OutputUnit result = OpenAPIVersion.V3_1.validateContract(vertx, repository, doc).await(20, TimeUnit.SECONDS);
    assertTrue(result.getValid(), () -> result.toJson().encodePrettily());

    Http.Reply json = http.get("/openapi.json");
    contract.check("GET", "/openapi.json", json, 200);
    assertEquals(doc, json.json());
    Http.Reply yaml = http.get("/openapi.yaml");
    contract.check("GET", "/openapi.yaml", yaml, 200);
    assertTrue(yaml.body().startsWith("openapi: 3.1.0"));
  }

  @Test
  void theChecksCanFail() throws Exception {
    JsonObject job = new JsonObject(http.post("/jobs", "{\"start\": 1, \"end\": 2}").body());
    Contract.valid("a job", contract.schema("Job"), job);
    assertThrows(AssertionError.class, () -> Contract.valid("a job", contract.schema("Job"), job.copy().put("status", "done")));
    assertThrows(AssertionError.class, () -> Contract.valid("a job", contract.schema("Job"), job.copy().put("colour", "red")));
    assertThrows(AssertionError.class, () -> Contract.valid("a job", contract.schema("Job"), job.copy().put("attempts", "1")));
    assertThrows(AssertionError.class, () -> contract.check("GET", "/jobs", http.get("/jobs"), 400));
    assertThrows(AssertionError.class, () -> contract.checkAnswer("GET", "/jobs", 418, "application/json", "{}"));
    JsonObject broken = ApiDocument.load().json();
    broken.getJsonObject("paths").getJsonObject("/jobs").getJsonObject("get").getJsonArray("parameters")
        .getJsonObject(0).put("in", "body");
    SchemaRepository repository = OpenAPIVersion.V3_1.getRepository(vertx, "app:///").await(20, TimeUnit.SECONDS);
    assertFalse(OpenAPIVersion.V3_1.validateContract(vertx, repository, broken).await(20, TimeUnit.SECONDS).getValid());
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() {
    Set<String> undocumented = new TreeSet<>(routed);
    undocumented.removeAll(contract.operations());
    assertEquals(Set.of(), undocumented, "routes missing from openapi.yaml");
    Set<String> unrouted = new TreeSet<>(contract.operations());
    unrouted.removeAll(routed);
    assertEquals(Set.of(), unrouted, "operations in openapi.yaml that no route serves");
  }

  @Test
  void realAnswersMatchTheDocument() throws Exception {
    // The service's description, this document, and the dashboard.
    contract.check("GET", "/openapi.json", http.get("/openapi.json"), 200);
    contract.check("GET", "/openapi.yaml", http.get("/openapi.yaml"), 200);
    contract.check("GET", "/", http.get("/"), 200);
    contract.check("GET", "/", http.send(request("/").header("Accept", "text/html,*/*;q=0.8").GET()), 200);
    contract.check("GET", "/stats", http.get("/stats"), 200);
    contract.check("GET", "/workers", http.get("/workers"), 200);
    contract.check("GET", "/health/live", http.get("/health/live"), 200);
    contract.check("GET", "/health/ready", http.get("/health/ready"), 200);
    contract.check("GET", "/metrics", http.get("/metrics"), 200);

    // The dataset.
    contract.check("POST", "/data", http.post("/data", DATASET), 201);
    contract.check("POST", "/data", http.post("/data", "{\"rows\": []}"), 400);
    contract.check("POST", "/data", http.post("/data", "[]", "multipart/form-data; boundary=x"), 415);
    // Over the 1 KiB upload limit set above (small, so the client has sent it all before the 413).
    contract.check("POST", "/data", http.post("/data", "[" + "{},".repeat(1_000) + "{}]"), 413);
    contract.check("POST", "/data", http.post("/data?mode=append", "id,year,mass\nc,2001,7\n", "text/csv"), 201);
    contract.check("POST", "/data", http.post("/data?mode=sideways", DATASET, "application/json"), 400);
    contract.check("GET", "/data", http.get("/data?limit=1"), 200);
    contract.check("GET", "/data", http.get("/data?year=2001"), 200);
    contract.check("GET", "/data", http.get("/data?limit=0"), 400);
    contract.check("GET", "/data/{id}", http.get("/data/a"), 200);
    contract.check("GET", "/data/{id}", http.get("/data/nope"), 404);

    // Jobs: submit, list, read, wait, results.
    Http.Reply submitted = http.post("/jobs", "{\"start\": 1900, \"end\": 2000, \"params\": {\"value\": \"mass\"}}");
    contract.check("POST", "/jobs", submitted, 201);
    String id = submitted.json().getString("id");
    contract.check("POST", "/jobs", http.post("/jobs", "{\"start\": 1900}"), 400);
    contract.check("GET", "/jobs/{id}", http.get("/jobs/" + id + "?wait=20"), 200);
    contract.check("GET", "/jobs/{id}", http.get("/jobs/" + id), 200);
    contract.check("GET", "/jobs/{id}", http.get("/jobs/" + id + "?wait=later"), 400);
    contract.check("GET", "/jobs/{id}", http.get("/jobs/no-such-job"), 404);
    contract.check("GET", "/jobs/{id}/results", http.get("/jobs/" + id + "/results"), 200);
    contract.check("GET", "/jobs/{id}/results", http.get("/jobs/no-such-job/results"), 404);
    contract.check("GET", "/jobs/{id}/results", http.get("/jobs/" + id + "/results?format=png"), 406);
    contract.check("GET", "/jobs/{id}/results", http.get("/jobs/" + id + "/results?format=gif"), 400);
    String chart = Jobs.submit(http, "{\"type\":\"histogram\",\"start\":1900,\"end\":2100,\"params\":{\"value\":\"mass\"}}");
    assertEquals("complete", http.get("/jobs/" + chart + "?wait=20").json().getString("status"));
    contract.check("GET", "/jobs/{id}/results", http.get("/jobs/" + chart + "/results?format=png"), 200);
    contract.check("GET", "/jobs/{id}/results", http.get("/jobs/" + chart + "/results"), 200);
    // Short: closing the workers waits for the jobs they run.
    String running = Jobs.submit(http, "{\"start\":0,\"end\":0,\"type\":\"sleep\",\"params\":{\"ms\":3000}}");
    Jobs.awaitStatus(http, running, "in_progress");
    contract.check("GET", "/jobs/{id}/results", http.get("/jobs/" + running + "/results"), 409);
    contract.check("GET", "/jobs", http.get("/jobs?limit=5"), 200);
    contract.check("GET", "/jobs", http.get("/jobs?status=complete"), 200);
    contract.check("GET", "/jobs", http.get("/jobs?status=finished"), 400);
    contract.check("GET", "/stats", http.get("/stats"), 200);
    contract.check("GET", "/workers", http.get("/workers"), 200);

    // Event streams: the open answer's type, each event's data, and the refusals.
    try (Sse sse = Sse.open(http.base() + "/jobs/" + id + "/events?last_event_id=1-0", null)) {
      contract.checkAnswer("GET", "/jobs/{id}/events", sse.status(), sse.header("Content-Type"), null);
      Sse.Event event = sse.next(Duration.ofSeconds(10));
      event = event.event().equals("reset") ? sse.next(Duration.ofSeconds(10)) : event;
      Contract.valid("JobEvent", contract.schema("JobEvent"), new JsonObject(event.data()));
    }
    try (Sse sse = Sse.open(http.base() + "/events", null)) {
      contract.checkAnswer("GET", "/events", sse.status(), sse.header("Content-Type"), null);
    }
    contract.check("GET", "/events", http.get("/events?last_event_id=x"), 400);
    contract.check("GET", "/jobs/{id}/events", http.get("/jobs/no-such-job/events"), 404);

    // Cancel (both ways) and retry: a queued job cancels, a finished one does not; a cancelled one retries.
    String queued = Jobs.submit(http, "{\"start\":0,\"end\":0,\"type\":\"sleep\",\"params\":{\"ms\":60000}}");
    contract.check("POST", "/jobs/{id}/cancel", http.post("/jobs/" + queued + "/cancel", ""), 200);
    contract.check("POST", "/jobs/{id}/cancel", http.post("/jobs/" + id + "/cancel", ""), 409);
    contract.check("POST", "/jobs/{id}/cancel", http.post("/jobs/no-such-job/cancel", ""), 404);
    contract.check("POST", "/jobs/{id}/retry", http.post("/jobs/" + id + "/retry", ""), 409);
    contract.check("POST", "/jobs/{id}/retry", http.post("/jobs/no-such-job/retry", ""), 404);
    contract.check("POST", "/jobs/{id}/retry", http.post("/jobs/" + queued + "/retry", ""), 200);
    contract.check("DELETE", "/jobs/{id}", http.delete("/jobs/" + queued), 200);
    contract.check("DELETE", "/jobs/{id}", http.delete("/jobs/" + id), 409);

    contract.check("DELETE", "/data", http.delete("/data"), 204);

    // Answers outside any operation share the problem shape.
    Http.Reply wrongMethod = http.method("PUT", "/jobs", "{}");
    assertEquals(405, wrongMethod.status());
    assertEquals("GET, HEAD, POST", wrongMethod.header("Allow"));
    Contract.valid("405", contract.schema("Problem"), wrongMethod.json());
    Http.Reply unknown = http.get("/no/such/path");
    assertEquals(404, unknown.status());
    Contract.valid("404", contract.schema("Problem"), unknown.json());

    // Every routed operation was checked against a real answer at least once.
    Set<String> unchecked = new TreeSet<>(routed);
    contract.checked().forEach(c -> unchecked.remove(c.substring(0, c.lastIndexOf(' '))));
    assertEquals(Set.of(), unchecked, "routes no real answer was checked for");
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(http.base() + path));
  }

}
