package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint's errors: one problem+json shape, the right 4xx, never a 500 or a stack trace. */
class ApiErrorsTest {
  private static JobsService service;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    service = JobsService.start(TestService.config(TestRedis.prefix(), "api", 0,
        Map.of("JOBS_BODY_LIMIT", "4096", "JOBS_DATA_LIMIT", "4096")));
    http = TestService.http(service);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  /** Asserts the status and the problem shape; returns the problem's detail. */
  static String problem(Http.Reply reply, int status) {
    assertEquals(status, reply.status(), reply.body());
    assertEquals("application/problem+json", reply.header("Content-Type"), reply.body());
    JsonObject p = reply.json();
    assertEquals(status, p.getInteger("status"));
    assertTrue(p.getString("title") != null && p.getString("detail") != null, reply.body());
    assertFalse(reply.body().contains("Exception") || reply.body().contains("at dev.")
        || reply.body().contains("io.vertx"), "no internals: " + reply.body());
    return p.getString("detail");
  }

  @Test
  void badJobBodiesAre400WithTheReason() {
    Map<String, String> cases = Map.ofEntries(
        Map.entry("", "empty"),
        Map.entry("{\"start\": 2000", "not valid JSON"),
        Map.entry("start=2000&end=2010", "not valid JSON"),
        Map.entry("[1, 2]", "must be a JSON object"),
        Map.entry("\"2000\"", "must be a JSON object"),
        Map.entry("null", "must be a JSON object"),
        Map.entry("{}", "'start' is required"),
        Map.entry("{\"start\": 2000}", "'end' is required"),
        Map.entry("{\"start\": {}, \"end\": 1}", "'start' must be a number or a string"),
        Map.entry("{\"start\": 1, \"end\": 2, \"type\": \"nope\"}", "unknown job type 'nope'"),
        Map.entry("{\"start\": 1, \"end\": 2, \"type\": \"sleep\", \"params\": {\"ms\": -1}}", "'params.ms'"),
        Map.entry("{\"start\": 1, \"end\": 2, \"type\": \"sleep\", \"params\": {\"ms\": \"10\"}}", "'params.ms'"),
        Map.entry("{\"start\": 2010, \"end\": 2000}", "'start' must not be after 'end'"),
        Map.entry("{\"start\": 1, \"end\": \"2020-01-01\"}", "both be numbers or both be dates"),
        Map.entry("{\"start\": 1, \"end\": 2, \"params\": {\"value\": 7}}", "'params.value'"),
        Map.entry("{\"start\": \"" + "9".repeat(300) + "\", \"end\": 2}", "at most 256"));
    cases.forEach((body, reason) -> {
      String detail = problem(http.post("/jobs", body, "application/json"), 400);
      assertTrue(detail.contains(reason), body + " -> " + detail);
    });
  }

  @Test
  void deepNestingAndOddUnicodeAreHandled() {
    String deep = "{\"start\":1,\"end\":2,\"params\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2000) + "}";
    assertEquals(413, http.post("/jobs", deep).status(), "over the 4 KiB test limit");
    String nested = "[".repeat(1500) + "]".repeat(1500);
    problem(http.post("/data", nested, "application/json"), 400);
    var unicode = http.post("/jobs", "{\"start\": \"二〇〇〇\", \"end\": \"二〇一〇\", \"type\": \"summary\"}");
    assertEquals(201, unicode.status(), unicode.body());
    assertEquals("二〇〇〇", unicode.json().getString("start"));
    problem(http.post("/jobs", "{\"start\": \"\\ud800\", \"end\": 1}", "application/json"), 400);
  }

  @Test
  void oversizedBodiesAre413() {
    String big = "{\"start\":1,\"end\":2,\"params\":{\"pad\":\"" + "x".repeat(8000) + "\"}}";
    problem(http.post("/jobs", big, "application/json"), 413);
    problem(http.post("/data", "[" + "{\"a\":1},".repeat(1000) + "{}]", "application/json"), 413);
  }

  @Test
  void unknownIdsAre404() {
    problem(http.get("/jobs/0b7f1bd0-0000-4000-8000-000000000000"), 404);
    problem(http.get("/jobs/0b7f1bd0-0000-4000-8000-000000000000/results"), 404);
    problem(http.get("/jobs/%7Bjobs%7D:queue"), 404);
    problem(http.get("/jobs/" + "a".repeat(500)), 404);
    problem(http.get("/data/no-such-record"), 404);
    problem(http.get("/no/such/path"), 404);
  }

  @Test
  void badQueryParametersAre400() {
    for (String q : new String[] {"limit=0", "limit=1001", "limit=ten", "status=done", "cursor=abc",
        "cursor=-1", "limit=1&limit=2"}) {
      problem(http.get("/jobs?" + q), 400);
    }
    for (String q : new String[] {"limit=0", "limit=x", "cursor=-5", "search=" + "a".repeat(300)}) {
      problem(http.get("/data?" + q), 400);
    }
  }

  @Test
  void wrongMethodsAre405() {
    Map<String, String> allowed = Map.of("/jobs", "GET, HEAD, POST", "/data", "DELETE, GET, HEAD, POST",
        "/jobs/abc", "DELETE, GET, HEAD", "/jobs/abc/results", "GET, HEAD", "/data/abc", "GET, HEAD");
    for (String method : new String[] {"PUT", "PATCH", "DELETE", "POST"}) {
      allowed.forEach((path, allow) -> {
        if (!allow.contains(method)) {
          var reply = http.method(method, path, "{}");
          problem(reply, 405);
          assertEquals(allow, reply.header("Allow"), method + " " + path);
        }
      });
    }
  }

  @Test
  void headAnswersLikeGetWithoutABody() {
    var head = http.method("HEAD", "/jobs", null);
    assertEquals(200, head.status());
    assertEquals("", head.body());
    assertEquals(404, http.method("HEAD", "/jobs/0b7f1bd0-0000-4000-8000-000000000000", null).status());
  }

  @Test
  void requestsTheHttpCodecRejectsGetAProblemToo() throws Exception {
    String tooLongUri = raw("GET /jobs/" + "x".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(tooLongUri.startsWith("HTTP/1.0 414") || tooLongUri.startsWith("HTTP/1.1 414"), tooLongUri);
    assertTrue(tooLongUri.contains("application/problem+json") && tooLongUri.contains("\"status\":414"), tooLongUri);
    String hugeHeader = raw("GET /jobs HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(10000) + "\r\n\r\n");
    assertTrue(hugeHeader.contains(" 431 ") && hugeHeader.contains("\"status\":431"), hugeHeader);
    String garbage = raw("BLAH\r\n\r\n");
    assertTrue(garbage.contains(" 400 ") && garbage.contains("\"status\":400"), garbage);
  }

  /** Sends bytes no well-behaved client would, and reads the answer until the server closes. */
  private static String raw(String request) throws Exception {
    URI base = URI.create(http.base());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void multipartUploadsAre415WithAHint() {
    String detail = problem(http.post("/data", "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n[]\r\n--b--\r\n",
        "multipart/form-data; boundary=b"), 415);
    assertTrue(detail.contains("--data-binary"), detail);
  }

  @Test
  void badDatasetsAre400() {
    for (String body : new String[] {"{\"records\": []}", "{\"data\": {}}", "not json", "[{\"a\": 1}, {\"a\": }]"}) {
      problem(http.post("/data", body, "application/json"), 400);
    }
    // Rows that are not records are skipped and reported; when none is left, the load is refused.
    problem(http.post("/data", "[1, 2, 3]", "application/json"), 422);
  }

  @Test
  void theServiceKeepsServingAfterAllThat() {
    badJobBodiesAre400WithTheReason();
    assertEquals(201, http.post("/jobs", "{\"start\": 1, \"end\": 2}").status());
    assertEquals(200, http.get("/jobs").status());
  }
}
