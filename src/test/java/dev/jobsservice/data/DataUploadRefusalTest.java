package dev.jobsservice.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Uploads POST /data must refuse without harm, found by the bad-input corpus: an odd
 * Content-Type, a body that yields no record, text that is not Unicode, parser messages.
 */
class DataUploadRefusalTest {
  /** What a problem detail must never name: Jackson's switches and limits, Java types. */
  private static final Pattern INTERNALS = Pattern.compile("`|Feature|Constraints|Exception|java\\.");
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

  /** Every test starts from a dataset of one known record. */
  @BeforeEach
  void oneRecord() {
    assertEquals(201, upload("/data", "id,v\n1,a\n", "text/csv").status());
  }

  private static Http.Reply upload(String path, String body, String contentType) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request);
  }

  private static String problem(Http.Reply reply, int status) {
    assertEquals(status, reply.status(), reply.body());
    assertEquals("application/problem+json", reply.header("Content-Type"));
    assertEquals(status, reply.json().getInteger("status"));
    return reply.json().getString("detail");
  }

  private static void assertDatasetUntouched(String after) {
    assertEquals(1, http.get("/data").json().getInteger("total"), after + " changed the dataset");
    assertEquals("a", http.get("/data/1").json().getString("v"), after);
  }

  @Test
  void aContentTypeWithNoMediaTypeIs415NotA500() {
    for (String type : new String[] {";;;", ";", "; charset=utf-8", " ;x=y"}) {
      String detail = problem(upload("/data", "[{\"id\":2}]", type), 415);
      assertTrue(detail.contains("no media type"), type + " -> " + detail);
    }
    assertDatasetUntouched("an odd Content-Type");
  }

  @Test
  void anUploadThatYieldsNoRecordIs422AndLeavesTheDatasetAsItWas() {
    // Form fields and XML are sniffed as a CSV header row with no rows; [] holds nothing.
    String[][] empties = {{"a=1&b=2", "application/x-www-form-urlencoded"}, {"a=1&b=2", "text/plain"},
        {"<job><start>1</start></job>", "text/plain"}, {"<job/>", "application/octet-stream"}, {"a=1&b=2", null},
        {"id,v\n", "text/csv"}, {"id\tv\n", "text/tab-separated-values"}, {"[]", "application/json"},
        {"{\"data\": []}", null}};
    for (String[] empty : empties) {
      for (String mode : new String[] {"replace", "append"}) {
        String what = empty[0] + " as " + empty[1] + " (" + mode + ")";
        Http.Reply none = upload("/data?mode=" + mode, empty[0], empty[1]);
        String detail = problem(none, 422);
        assertTrue(detail.startsWith("no records found") && detail.contains("DELETE /data"), what + " -> " + detail);
        assertEquals(0, none.json().getInteger("loaded"), what);
        assertTrue(none.json().getBoolean("unchanged"), what);
        assertDatasetUntouched(what);
      }
    }
  }

  @Test
  void aRecordWithALoneSurrogateIsSkippedNotStoredChanged() {
    Http.Reply load = upload("/data", "[{\"id\":\"x\",\"name\":\"\\ud800\"},{\"id\":\"y\",\"n\\udfff\":1},"
        + "{\"id\":\"z\",\"name\":\"\\ud83d\\ude00 ok\",\"l\":[\"\\udc00\"]},{\"id\":\"ok\",\"name\":\"\\ud83d\\ude00\"}]",
        "application/json");
    assertEquals(201, load.status(), load.body());
    assertEquals(1, load.json().getInteger("loaded"), load.body());
    assertEquals(3, load.json().getInteger("skipped"), load.body());
    assertTrue(load.json().getJsonArray("skipped_rows").getJsonObject(0).getString("reason").contains("surrogate"));
    assertEquals("😀", http.get("/data/ok").json().getString("name"), "a pair is one character, kept");
    assertEquals(404, http.get("/data/x").status());
    // Only such rows: nothing to load, so nothing changes.
    assertEquals(201, upload("/data", "id,v\n1,a\n", "text/csv").status());
    problem(upload("/data", "{\"id\":\"x\",\"v\":\"a\\ud800b\"}\n", "application/x-ndjson"), 422);
    assertDatasetUntouched("an NDJSON line with a lone surrogate");
  }

  @Test
  void parserMessagesNameNoInternals() {
    for (String body : new String[] {"[{\"a\":+1}]", "[{\"a\":NaN}]", "[{\"a\":-Infinity}]",
        "[{\"a\":" + "9".repeat(1200) + "}]", "[" + "[".repeat(1100), "[{\"a\":" + "{\"a\":".repeat(1100)}) {
      String detail = problem(upload("/data", body, "application/json"), 400);
      assertFalse(INTERNALS.matcher(detail).find(), body.substring(0, Math.min(12, body.length())) + " -> " + detail);
    }
    // In NDJSON a bad line is skipped; its reason is cleaned the same way.
    Http.Reply skipped = upload("/data", "{\"id\":2}\n{\"a\":NaN}\n", "application/x-ndjson");
    assertEquals(201, skipped.status(), skipped.body());
    String reason = skipped.json().getJsonArray("skipped_rows").getJsonObject(0).getString("reason");
    assertFalse(INTERNALS.matcher(reason).find(), reason);
  }

  @Test
  void anUploadOverTheLimitIs413AndItsConnectionIsClosed() throws Exception {
    // HTTP/1.1: closing is the only way to stop a client that still sends the rest of its body.
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", service.httpPort()), 5_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /data HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 999999999\r\n\r\n[{").getBytes(StandardCharsets.ISO_8859_1));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), answer);
    }
    assertDatasetUntouched("an upload over the limit");
  }
}
