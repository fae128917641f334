package dev.jobsservice.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /data in every format it takes, through HTTP against the real Redis, and what it refuses. */
class DataUploadTest {
  private static JobsService service;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    service = TestService.start(TestRedis.prefix(), "api", 0);
    http = TestService.http(service);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static Http.Reply upload(String path, byte[] body, String contentType) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request);
  }

  private static Http.Reply upload(String path, String body, String contentType) {
    return upload(path, body.getBytes(StandardCharsets.UTF_8), contentType);
  }

  private static void assertProblem(Http.Reply reply, int status) {
    assertEquals(status, reply.status(), reply.body());
    assertEquals("application/problem+json", reply.header("Content-Type"));
    assertEquals(status, reply.json().getInteger("status"));
  }

  @Test
  void csvAsCurlSendsItLabelledOrNot() {
    String csv = "id,name,mass,fall\r\n1,\"Aachen, DE\",21,Fell\r\n2,Zürich,,Found\r\n3,x\r\n4,Abee,107000,Fell\r\n";
    for (String type : new String[] {"text/csv", "text/csv; charset=utf-8", "application/x-www-form-urlencoded", null}) {
      Http.Reply load = upload("/data", csv, type);
      assertEquals(201, load.status(), type + ": " + load.body());
      JsonObject report = load.json();
      assertEquals("csv", report.getString("format"));
      assertEquals(3, report.getInteger("loaded"));
      assertEquals(1, report.getInteger("skipped"));
      assertEquals(new JsonObject().put("line", 4).put("reason", "the row has 2 fields; the header has 4"),
          report.getJsonArray("skipped_rows").getJsonObject(0));
      assertEquals(3, report.getInteger("total"));
      assertTrue(report.getLong("took_ms") >= 0);
    }
    JsonObject aachen = http.get("/data/1").json();
    assertEquals(21, aachen.getValue("mass"), "numbers stay numbers");
    assertEquals("Aachen, DE", aachen.getString("name"));
    assertTrue(http.get("/data/2").json().containsKey("mass"));
    assertNull(http.get("/data/2").json().getValue("mass"), "an empty cell is null");
  }

  @Test
  void ndjsonAndJsonLabelledOrSniffed() {
    String ndjson = "{\"id\": \"a\", \"n\": 1}\n{\"id\": \"b\", \"n\": 2}\nnot json\n";
    for (String type : new String[] {"application/x-ndjson", "application/jsonl", null}) {
      Http.Reply load = upload("/data", ndjson, type);
      assertEquals(201, load.status(), load.body());
      assertEquals("ndjson", load.json().getString("format"));
      assertEquals(2, load.json().getInteger("loaded"));
      assertEquals(3, load.json().getJsonArray("skipped_rows").getJsonObject(0).getInteger("line"));
    }
    Http.Reply json = upload("/data", "{\"data\": [{\"id\": \"j\"}]}", "application/vnd.api+json");
    assertEquals("json", json.json().getString("format"));
    assertEquals(1, json.json().getInteger("total"));
  }

  @Test
  void anIdFieldNamedByTheClient() {
    Http.Reply load = upload("/data?id=code", "code,name\nX1,a\n,b\nX2,c\nX1,d\n", "text/csv");
    assertEquals(201, load.status(), load.body());
    assertEquals(2, load.json().getInteger("loaded"));
    assertEquals(1, load.json().getInteger("duplicate_ids"));
    assertEquals(new JsonObject().put("line", 3).put("reason", "no value in the id field 'code'"),
        load.json().getJsonArray("skipped_rows").getJsonObject(0));
    assertEquals("d", http.get("/data/X1").json().getString("name"), "the later record wins");
    assertEquals(JsonArray.of("X1", "X2"), new JsonArray(http.get("/data").json().getJsonArray("data").stream()
        .map(r -> ((JsonObject) r).getString("code")).toList()), "in the order first seen");
  }

  @Test
  void appendAddsNewIdsAtTheEndAndReplacesKnownOnesInPlace() {
    assertEquals(201, upload("/data", "id,v\n1,a\n2,b\n", "text/csv").status());
    Http.Reply append = upload("/data?mode=append", "id,v\n2,B\n3,c\n", "text/csv");
    assertEquals(201, append.status(), append.body());
    JsonObject report = append.json();
    assertEquals("append", report.getString("mode"));
    assertEquals(2, report.getInteger("loaded"));
    assertEquals(1, report.getInteger("added"));
    assertEquals(1, report.getInteger("replaced"));
    assertEquals(3, report.getInteger("total"));
    JsonArray data = http.get("/data").json().getJsonArray("data");
    assertEquals("a B c", data.stream().map(r -> ((JsonObject) r).getString("v")).reduce((x, y) -> x + " " + y).get());
    JsonArray found = http.get("/data?search=b").json().getJsonArray("data");
    assertEquals(1, found.size(), "the search copy follows the append");
    assertEquals("B", found.getJsonObject(0).getString("v"));
  }

  @Test
  void anUploadWithNothingReadableLeavesTheDatasetAsItWas() {
    assertEquals(201, upload("/data", "id,v\n1,a\n", "text/csv").status());
    Http.Reply none = upload("/data?id=nope", "id,v\n2,b\n3,c\n", "text/csv");
    assertProblem(none, 422);
    assertEquals(2, none.json().getInteger("skipped"));
    assertTrue(none.json().getBoolean("unchanged"));
    assertEquals(1, http.get("/data").json().getInteger("total"));
    assertEquals("a", http.get("/data/1").json().getString("v"));
  }

  @Test
  void aBrokenFileIsA400NamingTheLineAndChangesNothing() {
    assertEquals(201, upload("/data", "id,v\n1,a\n", "text/csv").status());
    Http.Reply broken = upload("/data", "id,v\n2,b\n3,\"never closed\n", "text/csv");
    assertProblem(broken, 400);
    assertTrue(broken.json().getString("detail").startsWith("line 3: "), broken.body());
    Http.Reply json = upload("/data", "[{\"id\": 9},\n{\"id\": }]", "application/json");
    assertProblem(json, 400);
    assertTrue(json.json().getString("detail").startsWith("line 2, column "), json.body());
    assertProblem(upload("/data", "", "text/csv"), 400);
    assertProblem(upload("/data", "{\"id\": 1}", "application/json"), 400);
    byte[] latin1 = "id,name\n1,Zürich\n".getBytes(StandardCharsets.ISO_8859_1);
    assertProblem(upload("/data", latin1, "text/csv"), 400);
    assertEquals(201, upload("/data", latin1, "text/csv; charset=ISO-8859-1").status());
    assertEquals("Zürich", http.get("/data/1").json().getString("name"));
  }

  @Test
  void badContentTypesAndParametersAre4xxProblems() {
    assertProblem(upload("/data", "<a/>", "application/xml"), 415);
    assertProblem(upload("/data", "--x\r\n", "multipart/form-data; boundary=x"), 415);
    assertProblem(upload("/data", "id\n1\n", "text/csv; charset=klingon"), 415);
    assertProblem(upload("/data?mode=merge", "id\n1\n", "text/csv"), 400);
    assertProblem(upload("/data?mode=append&mode=replace", "id\n1\n", "text/csv"), 400);
  }

  @Test
  void filtersAndSearchPageThroughMatches() {
    StringBuilder csv = new StringBuilder("id,class,year,name\n");
    for (int i = 0; i < 300; i++) {
      csv.append(i).append(',').append(i % 3 == 0 ? "L6" : "H5").append(',').append(1900 + i % 10).append(',')
          .append(i % 50 == 0 ? "Big Falls " + i : "town " + i).append('\n');
    }
    assertEquals(201, upload("/data", csv.toString(), "text/csv").status());
    // class L6: i % 3 == 0 (100 records); year 1905: i % 10 == 5; both: i % 30 == 15 (10 records).
    JsonObject first = http.get("/data?class=l6&year=1905.0&limit=4").json();
    assertEquals(4, first.getJsonArray("data").size());
    assertEquals(15, first.getJsonArray("data").getJsonObject(0).getInteger("id"));
    int seen = 4;
    String cursor = first.getString("next_cursor");
    while (cursor != null) {
      JsonObject page = http.get("/data?class=l6&year=1905&limit=4&cursor=" + cursor).json();
      seen += page.getJsonArray("data").size();
      cursor = page.getString("next_cursor");
    }
    assertEquals(10, seen);
    assertEquals(6, http.get("/data?search=FALLS&limit=100").json().getJsonArray("data").size());
    assertEquals(2, http.get("/data?search=falls&class=L6&limit=100").json().getJsonArray("data").size(),
        "0 and 150 are L6");
    assertEquals(0, http.get("/data?search=name").json().getJsonArray("data").size(), "keys do not match");
    assertEquals(300, http.get("/data?search=falls").json().getInteger("total"));
    assertProblem(http.get("/data?class=L6&class=H5"), 400);
    assertProblem(http.get("/data?search=%01"), 400);
  }

  @Test
  void uploadsOverTheLimitGet413AndNothingIsLoaded() throws Exception {
    try (JobsService small = TestService.start(TestService.config(TestRedis.prefix(), "api", 0,
        Map.of("JOBS_DATA_LIMIT", "4096")), dev.jobsservice.analysis.Analyses.builtIn())) {
      Http smallHttp = TestService.http(small);
      String big = "id,text\n1," + "x".repeat(5000) + "\n";
      // Declared up front, and streamed without a length (chunked): both are cut off.
      Http.Reply declared = smallHttp.send(HttpRequest.newBuilder(URI.create(smallHttp.base() + "/data"))
          .version(HttpClient.Version.HTTP_1_1)
          .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(big)));
      assertEquals(413, declared.status(), declared.body());
      assertEquals("application/problem+json", declared.header("Content-Type"));
      Http.Reply chunked = smallHttp.send(HttpRequest.newBuilder(URI.create(smallHttp.base() + "/data"))
          .version(HttpClient.Version.HTTP_1_1)
          .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofInputStream(
              () -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))));
      assertEquals(413, chunked.status(), chunked.body());
      assertEquals(0, smallHttp.get("/data").json().getInteger("total"));
      assertEquals(201, smallHttp.post("/data", "id,text\n1,fits\n", "text/csv").status());
    }
  }
}
