package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.RawHttp;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A corpus of bad request bodies against the endpoints that take one (POST /jobs, POST /data):
 * malformed and truncated JSON, wrong types for every job field, bodies over the limit, huge
 * strings, deep nesting, odd Unicode and bytes, bad Content-Types and Idempotency-Keys. Every
 * answer must be the expected 4xx as a problem document naming no internals; after each group the
 * service must still run a job, and no key may have been made from what was sent.
 */
class BadBodyCorpusTest extends CorpusTestBase {
  /** A job that passes every check: the corpus breaks it one field at a time. */
  private static final String VALID_JOB =
      "{\"start\":2000,\"end\":2010,\"type\":\"summary\",\"params\":{\"field\":\"year\"},\"max_attempts\":2,"
          + "\"timeout_ms\":1000}";
  private static final Map<String, String> VALID_FIELDS = new LinkedHashMap<>();

  static {
    new JsonObject(VALID_JOB).forEach(e -> VALID_FIELDS.put(e.getKey(), io.vertx.core.json.Json.encode(e.getValue())));
  }

  private static final String VALID_DATA = "[{\"id\":\"r1\",\"year\":2001,\"v\":1.5},{\"id\":\"r2\",\"year\":2002}]";
  private Http.Reply post(String path, String contentType, byte[] body, String... headers) {
    return corpus.send("POST", path, contentType, body, headers);
  }

  /**
   * A request over the body limit. Over HTTP/1.1 the service closes the connection after its 413
   * (the only way to stop a client sending); a client still sending can then see the reset
   * before the answer, as RFC 9112 9.6 warns, and sends again: so does this, up to 4 times (once
   * was not always enough on a loaded CI machine; a server that never answers 413 still fails).
   */
  private static Http.Reply overLimit(java.util.function.Supplier<Http.Reply> send) {
    for (int attempt = 1; ; attempt++) {
      try {
        return send.get();
      } catch (java.io.UncheckedIOException e) {
        if (attempt == 4) {
          throw e;
        }
      }
    }
  }

  private Http.Reply postJson(String path, String body) {
    return post(path, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  /** Both endpoints that take a body. */
  private void bothRefuse(String what, String body, int status) {
    corpus.expect("POST /jobs " + what, postJson("/jobs", body), status);
    corpus.expect("POST /data " + what, postJson("/data", body), status);
  }

  private long jobCount() {
    try (RedisCli redis = new RedisCli(TestRedis.url())) {
      return redis.send(Request.cmd(Command.ZCARD).arg("{" + corpus.prefix + "}:index")).toLong();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void malformedJsonIsRefused() {
    String[] malformed = {"", " ", "\n", "{", "}", "[", "]", "{{}}", "{\"start\":}", "{\"start\" 1}", "{start:1,end:2}",
        "{'start':1,'end':2}", "{\"start\":1,\"end\":2,}", "{\"start\":1 \"end\":2}", "{\"start\":1,,\"end\":2}",
        "{\"start\":01,\"end\":2}", "{\"start\":+1,\"end\":2}", "{\"start\":.5,\"end\":2}", "{\"start\":1.,\"end\":2}",
        "{\"start\":0x10,\"end\":2}", "{\"start\":NaN,\"end\":2}", "{\"start\":Infinity,\"end\":2}",
        "{\"start\":-Infinity,\"end\":2}", "{\"start\":undefined,\"end\":2}", "{\"start\":tru,\"end\":2}",
        "{\"start\":\"1,\"end\":2}", "{\"start\":\"\\x41\",\"end\":2}", "{\"start\":\"\\u12\",\"end\":2}",
        "{\"start\":1,\"end\":2}}", "{\"start\":1,\"end\":2}{\"start\":1,\"end\":2}", "{\"start\":1,\"end\":2} x",
        "{\"start\":1,\"end\":2}#", "{\"start\":1,\"end\":2}/", "# {\"start\":1}", "start=2000&end=2010",
        "<job><start>1</start></job>", "start: 1\nend: 2", "\"{\\\"start\\\":1}\"", "{\"start\":1,\"end\":2,\"params\":{]}",
        "[{\"id\":1},]", "[{\"id\":1}", "{\"data\":[}", "{\"start\":\"a\nb\",\"end\":2}", "{\"start\":1e99999,\"end\":2}",
        "{\"start\":" + "9".repeat(1200) + ",\"end\":2}", "\u0000", "{\"start\":1,\"end\":2,\"type\":\"sl\u0001eep\"}"};
    for (String body : malformed) {
      bothRefuse("malformed " + body.replace("\n", "\\n"), body, 400);
    }
    corpus.assertNoFailures();
  }

  @Test
  void everyTruncationOfAValidBodyIsRefused() {
    for (int cut = 0; cut < VALID_JOB.length(); cut++) {
      String body = VALID_JOB.substring(0, cut);
      corpus.expect("POST /jobs truncated at " + cut + ": " + body, postJson("/jobs", body), 400);
    }
    for (int cut = 0; cut < VALID_DATA.length(); cut++) {
      String body = VALID_DATA.substring(0, cut);
      corpus.expect("POST /data truncated at " + cut + ": " + body, postJson("/data", body), 400);
    }
    corpus.assertNoFailures();
  }

  @Test
  void wrongTypesForEveryJobFieldAreRefused() {
    String huge = "\"" + "x".repeat(40_000) + "\"";
    String[] anyContainer = {"true", "false", "[]", "[2000]", "{}", "{\"y\":2000}"};
    Map<String, List<String>> wrong = new LinkedHashMap<>();
    wrong.put("start", list(anyContainer, "\"\"", "\"   \"", "1e400", "-1e400", "\"" + "9".repeat(300) + "\"", huge,
        "\"2001-01-01\""));
    wrong.put("end", list(anyContainer, "\"\"", "1e400", huge, "\"2010-01-01\"", "1999"));
    wrong.put("type", list(anyContainer, "1", "\"\"", "\"SLEEP\"", "\"nope\"", "\"sleep \"", "\" sleep\"",
        "\"../sleep\"", "\"" + "s".repeat(65) + "\"", "\"sl\\u0000eep\"", "\"sleep\\u0000\"", "\"😀\"", "\"שינה\"", huge));
    wrong.put("params", list(new String[] {"1", "\"field\"", "[]", "[{}]", "true"}, "{\"field\":1}",
        "{\"field\":\"\"}", "{\"field\":[]}", "{\"value\":{}}", "{\"field\":\"" + "f".repeat(300) + "\"}",
        "{\"pad\":" + huge + "}", "{\"deep\":{\"n\":1e400}}", "{\"n\":[1,-1e999]}"));
    wrong.put("max_attempts", list(anyContainer, "0", "-1", "101", "1.5", "1.0", "1e1", "\"3\"", "2147483648",
        "4294967297", "4294967396", "-4294967295", "9223372036854775807", "99999999999999999999", "null1"));
    wrong.put("timeout_ms", list(anyContainer, "0", "-1", "86400001", "1.5", "1e3", "\"1000\"",
        "9223372036854775807", "-9223372036854775808", "18446744073709551617"));
    wrong.forEach((field, values) -> {
      for (String value : values) {
        corpus.expect("POST /jobs " + field + "=" + abbreviate(value), postJson("/jobs", validJobWith(field, value)), 400);
      }
    });
    // The sleep kind's own parameter.
    for (String ms : new String[] {"-1", "\"5\"", "1.5", "3600001", "1e400", "1e300", "{}", "[1]", "null1",
        "18446744073709551621", "-18446744073709551611", "9".repeat(900)}) {
      corpus.expect("POST /jobs sleep ms=" + abbreviate(ms),
          postJson("/jobs", "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":" + ms + "}}"), 400);
    }
    // Required fields missing, and bodies that are not objects at all.
    for (String body : new String[] {"{}", "{\"end\":2}", "{\"start\":1}", "{\"start\":null,\"end\":2}", "[]",
        "[" + VALID_JOB + "]", "\"" + VALID_JOB.replace("\"", "\\\"") + "\"", "null", "42", "true"}) {
      corpus.expect("POST /jobs " + body, postJson("/jobs", body), 400);
    }
    // A dataset is an array of objects, or {"data": [...]}: any other shape is a 400.
    for (String body : new String[] {"{}", "{\"data\":{}}", "{\"data\":1}", "{\"rows\":[]}", "\"x\"", "42", "null",
        "true"}) {
      corpus.expect("POST /data " + body, postJson("/data", body), 400);
    }
    // That shape with no object in it: elements that are not objects are skipped, so no record
    // is found: 422, and the dataset is left as it was.
    for (String body : new String[] {"[]", "[1]", "[\"a\"]", "[null]", "[[]]", "{\"data\":[1]}", "{\"data\":[]}"}) {
      corpus.expect("POST /data " + body, postJson("/data", body), 422);
    }
    corpus.assertNoFailures();
    // Objects beside them load, and the others are reported by line, not dropped silently.
    Http.Reply mixed = postJson("/data", "[{},1]");
    assertEquals(201, mixed.status(), mixed.toString());
    assertEquals(1, mixed.json().getInteger("loaded"), mixed.toString());
    assertEquals(1, mixed.json().getInteger("skipped"), mixed.toString());
  }

  private static List<String> list(String[] head, String... tail) {
    List<String> all = new ArrayList<>(List.of(head));
    all.addAll(List.of(tail));
    return all;
  }

  /** VALID_JOB with {@code field} set to the JSON text {@code value}. */
  private static String validJobWith(String field, String value) {
    Map<String, String> fields = new LinkedHashMap<>(VALID_FIELDS);
    if (fields.put(field, value) == null) {
      throw new IllegalArgumentException("no field " + field);
    }
    StringBuilder body = new StringBuilder("{");
    fields.forEach((k, v) -> body.append(body.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
    return body.append('}').toString();
  }

  @Test
  void bodiesOverTheLimitAre413AndHugeStringsUnderItAre400() {
    byte[] over = ("{\"start\":1,\"end\":2,\"params\":{\"pad\":\"" + "x".repeat(Corpus.BODY_LIMIT) + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
    byte[] farOver = new byte[3 * 1024 * 1024];
    java.util.Arrays.fill(farOver, (byte) '[');
    byte[] overData = ("[" + "{\"id\":\"r\",\"year\":2001},".repeat(Corpus.BODY_LIMIT / 20) + "{}]")
        .getBytes(StandardCharsets.UTF_8);
    for (String path : new String[] {"/jobs", "/data"}) {
      corpus.expect("POST " + path + " just over the limit", overLimit(() -> post(path, "application/json", over)),
          413);
      corpus.expect("POST " + path + " 3 MiB of [", overLimit(() -> post(path, "application/json", farOver)), 413);
      corpus.expect("POST " + path + " a big dataset", overLimit(() -> post(path, "application/json", overData)), 413);
      corpus.expect("POST " + path + " over the limit as text/plain", overLimit(() -> post(path, "text/plain", over)),
          413);
      // Chunked: no Content-Length to refuse up front; the limit applies as the bytes arrive.
      corpus.expect("POST " + path + " over the limit, chunked", overLimit(() -> corpus.send(
          HttpRequest.newBuilder(URI.create(corpus.http.base() + path)).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(farOver))))), 413);
    }
    String nearLimit = "x".repeat(Corpus.BODY_LIMIT - 200);
    for (String body : new String[] {
        "{\"start\":\"" + nearLimit + "\",\"end\":\"" + "y" + "\"}",
        "{\"start\":1,\"end\":\"" + nearLimit + "\"}",
        "{\"start\":1,\"end\":2,\"type\":\"" + nearLimit + "\"}",
        "{\"start\":1,\"end\":2,\"params\":{\"field\":\"" + nearLimit + "\"}}",
        "{\"start\":1,\"end\":2,\"params\":{\"" + nearLimit + "\":1}}",
        "{\"start\":1,\"end\":2,\"type\":\"sleep\",\"params\":{\"ms\":" + "1".repeat(900) + "}}",
        "{\"start\":1,\"end\":2,\"max_attempts\":" + "1".repeat(900) + "}"}) {
      corpus.expect("POST /jobs huge string " + abbreviate(body), postJson("/jobs", body), 400);
    }
    corpus.assertNoFailures();
  }

  @Test
  void nestingOverTheDepthLimitIsRefusedHoweverItIsWritten() {
    int limit = Requests.DEFAULT_MAX_JSON_DEPTH;
    String justOver = "[".repeat(limit - 1) + "1" + "]".repeat(limit - 1);
    String farOver = "[".repeat(20_000) + "]".repeat(20_000);
    for (String inner : new String[] {justOver, farOver, "{\"a\":".repeat(limit) + "1" + "}".repeat(limit)}) {
      corpus.expect("POST /jobs params nested " + abbreviate(inner),
          postJson("/jobs", "{\"start\":1,\"end\":2,\"params\":{\"a\":" + inner + "}}"), 400);
      // An upload is bounded by the parser's 1000 levels, not http.max_json_depth: a record
      // under that is refused or comes back exactly as sent.
      String record = "{\"id\":\"deep\",\"a\":" + inner + "}";
      Http.Reply data = postJson("/data", "[" + record + "]");
      if (data.status() == 201) {
        Http.Reply stored = corpus.send("GET", "/data/deep", null, null);
        if (stored.status() != 200 || !new JsonObject(record).equals(stored.json())) {
          corpus.fail("POST /data nested " + abbreviate(inner) + ": stored as " + abbreviate(stored.body()));
        }
      } else {
        corpus.expect("POST /data nested " + abbreviate(inner), data, 400);
      }
    }
    bothRefuse("unclosed [ x 60000", "[".repeat(60_000), 400);
    bothRefuse("unclosed {\"a\": x 10000", "{\"a\":".repeat(10_000), 400);
    // The parser takes comments: a quote inside one must not hide the brackets after it.
    String hidden = "/*\"*/" + "[".repeat(200) + "]".repeat(200) + "/*\"*/";
    corpus.expect("POST /jobs nesting behind a comment",
        postJson("/jobs", "{\"start\":1,\"end\":2,\"params\":{\"a\":" + hidden + "}}"), 400);
    corpus.expect("POST /data nesting behind a comment", postJson("/data", "[{\"a\":" + hidden + "}]"), 400);
    String lineComment = "//\"\n" + "[".repeat(200) + "]".repeat(200) + "//\"\n";
    corpus.expect("POST /jobs nesting behind a // comment",
        postJson("/jobs", "{\"start\":1,\"end\":2,\"params\":{\"a\":" + lineComment + "}}"), 400);
    // The parser detects UTF-16: U+2200 is the bytes 22 00, a quote to a byte-wise scan.
    String utf16 = "{\"start\":1,\"end\":2,\"params\":{\"f\":\"\u2200\",\"a\":" + "[".repeat(200) + "]".repeat(200)
        + ",\"g\":\"\u2200\"}}";
    corpus.expect("POST /jobs nesting in UTF-16",
        post("/jobs", "application/json", utf16.getBytes(StandardCharsets.UTF_16BE)), 400);
    corpus.assertNoFailures();

    // Brackets inside strings are text, not nesting: this one is a valid job.
    Http.Reply inString = postJson("/jobs",
        "{\"start\":1,\"end\":2,\"params\":{\"s\":\"\\\"" + "[".repeat(100) + "\",\"t\":\"{{{\"}}");
    assertEquals(201, inString.status(), inString.toString());
  }

  @Test
  void oddUnicodeAndBytesAreRefusedOrStoredFaithfully() {
    String[] badStrings = {"\\ud800", "\\udfff", "a\\ud800b", "\\udc00\\ud800", "\\ud83d\\ud83d"};
    for (String s : badStrings) {
      corpus.expect("POST /jobs lone surrogate in params " + s,
          postJson("/jobs", "{\"start\":1,\"end\":2,\"params\":{\"field\":\"" + s + "\"}}"), 400);
      corpus.expect("POST /jobs lone surrogate in a params key " + s,
          postJson("/jobs", "{\"start\":1,\"end\":2,\"params\":{\"" + s + "\":1}}"), 400);
      corpus.expect("POST /jobs lone surrogate in start and end " + s,
          postJson("/jobs", "{\"start\":\"" + s + "\",\"end\":\"\\uffff" + s + "\"}"), 400);
      // The one record is skipped (the text has no UTF-8 form to store), so no record is found.
      corpus.expect("POST /data lone surrogate " + s, postJson("/data", "[{\"id\":\"r\",\"name\":\"" + s + "\"}]"), 422);
    }
    String[] badTypes = {"😀", "\\u202eepeels", "שינה", "sleep\\u0000", "\\u0000", "sl\\u200beep", "ｓｌｅｅｐ"};
    for (String type : badTypes) {
      corpus.expect("POST /jobs type " + type, postJson("/jobs", "{\"start\":1,\"end\":2,\"type\":\"" + type + "\"}"), 400);
    }
    corpus.expect("POST /jobs emoji start, number end", postJson("/jobs", "{\"start\":\"😀\",\"end\":2}"), 400);
    // Bytes that are not UTF-8, where a string should be.
    int[][] invalid = {{0xFF}, {0xFE, 0xFF}, {0xC3, 0x28}, {0xC0, 0xAF}, {0xE0, 0x80, 0xAF}, {0xF8, 0x88, 0x80, 0x80, 0x80},
        {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0xE2, 0x82}, {0x80}};
    for (int[] raw : invalid) {
      String hex = java.util.Arrays.toString(raw);
      corpus.expect("POST /jobs bytes " + hex + " in params",
          post("/jobs", "application/json", Corpus.bytes("{\"start\":1,\"end\":2,\"params\":{\"x\":\"", raw, "\"}}")), 400);
      corpus.expect("POST /jobs bytes " + hex + " in type",
          post("/jobs", "application/json", Corpus.bytes("{\"start\":1,\"end\":2,\"type\":\"s", raw, "\"}")), 400);
      corpus.expect("POST /data bytes " + hex,
          post("/data", "application/json", Corpus.bytes("[{\"id\":\"r\",\"x\":\"", raw, "\"}]")), 400);
    }
    corpus.expect("POST /jobs a raw NUL byte in a string",
        post("/jobs", "application/json",
            Corpus.bytes("{\"start\":1,\"end\":2,\"params\":{\"x\":\"a", new int[] {0}, "b\"}}")), 400);
    corpus.expect("POST /jobs a raw NUL byte between tokens",
        post("/jobs", "application/json", Corpus.bytes("{\"start\":1,", new int[] {0}, "\"end\":2}")), 400);
    corpus.assertNoFailures();

    // Valid text, however odd, is kept exactly: emoji, RTL, an escaped NUL, a BOM-less mix.
    JsonObject params = new JsonObject().put("😀", "שלום עולם").put("nul", "a\u0000b").put("rtl", "\u202eabc")
        .put("zw", "a\u200bb").put("pair", "\ud83d\ude00");
    Http.Reply ok = postJson("/jobs", new JsonObject().put("start", 1).put("end", 2).put("params", params).encode());
    assertEquals(201, ok.status(), ok.toString());
    JsonObject stored = corpus.send("GET", "/jobs/" + ok.json().getString("id"), null, null).json();
    assertEquals(params, stored.getJsonObject("params"), "odd but valid text is stored as sent");
  }

  @Test
  void badContentTypesAreRefused() {
    byte[] job = VALID_JOB.getBytes(StandardCharsets.UTF_8);
    assertEquals(201, postJson("/data", VALID_DATA).status(), "a dataset the bad uploads must leave as it is");
    for (String path : new String[] {"/jobs", "/data"}) {
      for (String type : new String[] {"multipart/form-data; boundary=x", "Multipart/Mixed; boundary=y",
          "multipart/form-data"}) {
        corpus.expect("POST " + path + " as " + type, post(path, type,
            "--x\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n{}\r\n--x--\r\n".getBytes(StandardCharsets.UTF_8)),
            415);
      }
      // Vert.x would parse form encoding as a form; the label is replaced, and the bytes are not JSON.
      for (String type : new String[] {"application/x-www-form-urlencoded", "text/plain", "application/xml",
          "application/octet-stream", "application/json; charset=utf-16", "application/json; charset=bogus",
          ";;;", "application/json, text/plain", "a".repeat(3000), "ápplication/json"}) {
        int status = path.equals("/jobs") ? 400 : dataStatusFor(type);
        corpus.expect("POST " + path + " form fields as " + abbreviate(type),
            post(path, type, "start=2000&end=2010&type=summary".getBytes(StandardCharsets.UTF_8)), status);
        corpus.expect("POST " + path + " XML as " + abbreviate(type),
            post(path, type, "<job><start>1</start></job>".getBytes(StandardCharsets.UTF_8)), status);
      }
      corpus.expect("POST " + path + " with no Content-Type and no body", post(path, null, new byte[0]), 400);
      corpus.expect("POST " + path + " gzip-labelled bytes that are not JSON",
          post(path, "application/json", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3},
              "Content-Encoding", "gzip"), 400);
    }
    corpus.expect("POST /jobs multipart with a valid job inside", post("/jobs", "multipart/form-data; boundary=x", job),
        415);
    corpus.assertNoFailures();
    assertEquals(2, corpus.send("GET", "/data", null, null).json().getInteger("total"), "the dataset is as it was");
  }

  /** POST /data's answer to form fields or XML under {@code type}: it reads CSV and TSV too. */
  private static int dataStatusFor(String type) {
    return switch (type) {
      // Labels that leave the format to the bytes: sniffed as a CSV header with no rows, so no record.
      case "application/x-www-form-urlencoded", "text/plain", "application/octet-stream" -> 422;
      // JSON, but the bytes are not JSON in UTF-16.
      case "application/json; charset=utf-16" -> 400;
      // No dataset format (or no media type at all), or a charset there is no decoder for.
      default -> 415;
    };
  }

  @Test
  void badIdempotencyKeysAreRefusedAndMakeNoJob() {
    long before = jobCount();
    byte[] job = VALID_JOB.getBytes(StandardCharsets.UTF_8);
    for (String key : new String[] {"", " ", "zqx key", "zqx" + "k".repeat(253), "zqx" + "k".repeat(5000)}) {
      corpus.expect("POST /jobs Idempotency-Key " + abbreviate(key),
          post("/jobs", "application/json", job, "Idempotency-Key", key), 400);
    }
    // Bytes the JDK client will not put in a header: tab, DEL, NUL, Latin-1, UTF-8, invalid UTF-8.
    for (int[] odd : new int[][] {{0x09}, {0x7F}, {0x00}, {0x01}, {0xE9}, {0xC3, 0xA9}, {0xF0, 0x9F, 0x98, 0x80}, {0xFF}}) {
      byte[] request = Corpus.bytes(
          "POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: zqx",
          odd, "k\r\nContent-Length: " + job.length + "\r\n\r\n", VALID_JOB);
      corpus.expect("POST /jobs Idempotency-Key with bytes " + java.util.Arrays.toString(odd),
          RawHttp.send(corpus.port, request), 400);
    }
    corpus.expect("POST /jobs two Idempotency-Keys",
        post("/jobs", "application/json", job, "Idempotency-Key", "zqx-a", "Idempotency-Key", "zqx-b"), 400);
    Http.Reply tooLarge = post("/jobs", "application/json", job, "Idempotency-Key", "zqx" + "k".repeat(9000));
    if (version() == HttpClient.Version.HTTP_2) {
      // Netty's HTTP/2 codec answers this one itself, before any handler: a bare 431, no body.
      assertEquals(431, tooLarge.status(), tooLarge.toString());
    } else {
      corpus.expect("POST /jobs an Idempotency-Key over the header limit", tooLarge, 431);
    }
    // The body is checked first: a bad body with a good key is the body's 400, and stores no key.
    corpus.expect("POST /jobs a bad body with a key",
        post("/jobs", "application/json", "{\"start\":1}".getBytes(StandardCharsets.UTF_8), "Idempotency-Key", "zqx-ok"),
        400);
    corpus.assertNoFailures();
    assertEquals(before, jobCount(), "a refused request must not make a job");
  }

  private static String abbreviate(String s) {
    String one = s.replace("\n", "\\n");
    return one.length() > 60 ? one.substring(0, 60) + "…(" + one.length() + " chars)" : one;
  }
}
