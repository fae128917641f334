package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jobsservice.testing.Http;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A corpus of bad requests other than bodies, against every endpoint: odd ids in every {id}
 * (path traversal, NUL, braces that look like our key tag, glob characters, CR LF, very long,
 * unicode), wrong methods, bad query parameters, and bad credentials when a token is set. Every
 * answer must be the expected 4xx as a problem document; no id may reach a Redis key. Requests
 * that the JDK client refuses to send are in {@link RawRequestCorpusTest}.
 */
class BadRequestCorpusTest extends CorpusTestBase {
  private static final String SOME_ID = "0b7f1bd0-0000-4000-8000-000000000000";
  /** Every route with an {id}, and the method it takes. */
  private static final String[][] ID_ROUTES = {
      {"GET", "/jobs/{id}"}, {"HEAD", "/jobs/{id}"}, {"DELETE", "/jobs/{id}"}, {"GET", "/jobs/{id}/results"},
      {"POST", "/jobs/{id}/cancel"}, {"POST", "/jobs/{id}/retry"}, {"GET", "/data/{id}"}};
  /** Each path, with the methods it allows (as the Allow header lists them). */
  private static final Map<String, String> ALLOWED = new LinkedHashMap<>();

  static {
    ALLOWED.put("/", "GET, HEAD");
    ALLOWED.put("/jobs", "GET, HEAD, POST");
    ALLOWED.put("/jobs/" + SOME_ID, "DELETE, GET, HEAD");
    ALLOWED.put("/jobs/" + SOME_ID + "/results", "GET, HEAD");
    ALLOWED.put("/jobs/" + SOME_ID + "/cancel", "POST");
    ALLOWED.put("/jobs/" + SOME_ID + "/retry", "POST");
    ALLOWED.put("/data", "DELETE, GET, HEAD, POST");
    ALLOWED.put("/data/r1", "GET, HEAD");
  }

  /** Percent-encodes every byte of {@code id} but letters, digits, '-' and '_'. */
  static String encode(String id) {
    StringBuilder out = new StringBuilder();
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return out.toString();
  }

  /** Odd ids, each as it goes in the path (encoded), all holding the marker. */
  private List<String> oddIds() {
    String p = corpus.prefix;
    List<String> ids = new ArrayList<>();
    for (String id : new String[] {"../zqx/../../etc/passwd", "..\\zqx\\..\\win.ini", "zqx/../../jobs",
        "{zqx}:queue", "{" + p + "}:queue", "{" + p + "}:job:zqx", "{jobs}:zqx", "zqx}:{" + p, "*zqx*", "zqx*", "zqx?",
        "zqx[a-z]", "zqx\\*", "zqx with spaces", " zqx", "zqx\r\nSET zqx 1", "zqx\r\n", "zqx\u0000", "\u0000zqx",
        "zqx\t", "zqx😀", "zqx\u05e9\u05dc\u05d5\u05dd", "zqx\u202egnp.exe", "zqx\u200b", "zqx\ufeff", "zqx;DROP TABLE jobs",
        "zqx'\"<script>alert(1)</script>", "zqx$(id)", "zqx`id`", "zqx%", "zqx%00", "zqx:job", "zqx:", ":zqx", "zqx.",
        "zqx" + "a".repeat(61), "zqx" + "a".repeat(62), "zqx" + "a".repeat(3900), "zqx-" + SOME_ID}) {
      ids.add(encode(id));
    }
    // Escapes that decode to bytes that are not UTF-8, or to a NUL.
    for (String raw : new String[] {"zqx%00", "zqx%FF", "zqx%C0%AF", "zqx%ED%A0%80", "zqx%F4%90%80%80", "zqx%E2%82",
        "zqx%2e%2e%2f%2e%2e", "%2e%2e%2fzqx", "zqx%2F..%2F..", "zqx%5C", "zqx%25", "zqx%2500"}) {
      ids.add(raw);
    }
    return ids;
  }

  @Test
  void oddIdsAreUnknownOnEveryRoute() {
    for (String id : oddIds()) {
      for (String[] route : ID_ROUTES) {
        String path = route[1].replace("{id}", id);
        Http.Reply reply = corpus.send(route[0], path, null, null);
        String what = route[0] + " " + (path.length() > 120 ? path.substring(0, 120) + "…" : path);
        if (route[0].equals("HEAD")) {
          corpus.expectHead(what, reply, 404);
        } else {
          corpus.expect(what, reply, 404);
        }
      }
    }
    corpus.assertNoFailures();
  }

  @Test
  void pathsThatAreNoRouteAre404() {
    for (String path : new String[] {"/jobs/" + SOME_ID + "/results/x", "/jobs/" + SOME_ID + "/cancel/x",
        "/jobs/" + SOME_ID + "/nope", "/jobs//results", "/jobs//cancel", "/data/x/y", "/nope", "/jobsx", "/JOBS",
        "/jobs/" + SOME_ID + "/RESULTS", "/%6Aobs%2Fzqx", "/index.html", "/.env", "/health/zqx", "/..%2f..%2fetc"}) {
      for (String method : new String[] {"GET", "POST", "DELETE"}) {
        corpus.expect(method + " " + path, corpus.send(method, path, null, null), 404, 405);
      }
    }
    corpus.assertNoFailures();
  }

  @Test
  void wrongMethodsAre405WithAllow() {
    for (var e : ALLOWED.entrySet()) {
      Set<String> allowed = Set.of(e.getValue().split(", "));
      for (String method : new String[] {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FOO",
          "get", "M-SEARCH", "PROPFIND"}) {
        if (allowed.contains(method)) {
          continue;
        }
        Http.Reply reply = corpus.send(method, e.getKey(), "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        String what = method + " " + e.getKey();
        if (method.equals("HEAD")) {
          corpus.expectHead(what, reply, 405);
        } else {
          corpus.expect(what, reply, 405);
        }
        if (reply.status() == 405 && !e.getValue().equals(reply.header("Allow"))) {
          corpus.fail(what + ": Allow: " + reply.header("Allow") + ", wanted " + e.getValue());
        }
      }
    }
    corpus.assertNoFailures();
  }

  @Test
  void badQueryParametersAre400() {
    String[] jobs = {"limit=-1", "limit=0", "limit=1001", "limit=abc", "limit=1.5", "limit=1e2", "limit=%20",
        "limit=+5", "limit=0x10", "limit=99999999999999999999", "limit=2147483648", "limit=%00", "limit=1&limit=2",
        "limit=1&limit=", "status=bogus", "status=COMPLETE", "status=complete%00", "status=complete&status=failed",
        "status=in-progress", "status=" + "x".repeat(3000), "cursor=abc", "cursor=-1", "cursor=1.5", "cursor=%00",
        "cursor=" + "9".repeat(19), "cursor=" + "1".repeat(3000), "cursor=1&cursor=2", "cursor=%7Bzqx%7D", "cursor=*"};
    for (String q : jobs) {
      corpus.expect("GET /jobs?" + abbreviate(q), corpus.send("GET", "/jobs?" + q, null, null), 400);
    }
    String[] data = {"limit=-1", "limit=0", "limit=1001", "limit=abc", "limit=1&limit=2", "cursor=-1", "cursor=abc",
        "cursor=" + "9".repeat(3000), "cursor=1&cursor=2", "search=" + "s".repeat(257), "search=a&search=b"};
    for (String q : data) {
      corpus.expect("GET /data?" + abbreviate(q), corpus.send("GET", "/data?" + q, null, null), 400);
    }
    // Over the length of a request line: refused before routing, in the same shape. Over h2c the
    // path is a header, and Netty's HTTP/2 codec answers a bare 431 itself, before any handler.
    Http.Reply huge = corpus.send("GET", "/jobs?cursor=" + "1".repeat(9000), null, null);
    if (version() == HttpClient.Version.HTTP_2) {
      assertEquals(431, huge.status(), huge.toString());
    } else {
      corpus.expect("GET /jobs?cursor=(9000 digits)", huge, 414);
    }
    corpus.assertNoFailures();
  }

  /** With a token configured, every request that changes something needs it; 401 otherwise. */
  @Test
  void badCredentialsAre401() throws Exception {
    String token = "corpus-token-0123456789abcdef";
    try (Corpus guarded = Corpus.start(version(), Map.of("JOBS_API_TOKEN", token))) {
      byte[] job = "{\"start\":1,\"end\":2}".getBytes(StandardCharsets.UTF_8);
      String[][] writes = {{"POST", "/jobs"}, {"DELETE", "/jobs/" + SOME_ID}, {"POST", "/jobs/" + SOME_ID + "/cancel"},
          {"POST", "/jobs/" + SOME_ID + "/retry"}, {"POST", "/data"}, {"DELETE", "/data"}};
      String[] bad = {null, "", "Bearer", "Bearer ", "bearer", "Bearer  ", "Basic Y29ycHVzOnRva2Vu", "Token " + token,
          token, "Bearer " + token + "x", "Bearer " + token.substring(1), "Bearer " + token.toUpperCase(),
          "Bearer " + "t".repeat(6000), "Bearer zqx", "Bearer" + token, "Bearer " + token + " " + token,
          "Bearer \"" + token + "\""};
      for (String[] w : writes) {
        for (String authorization : bad) {
          Http.Reply reply = authorization == null
              ? guarded.send(w[0], w[1], "application/json", job)
              : guarded.send(w[0], w[1], "application/json", job, "Authorization", authorization);
          String what = w[0] + " " + w[1] + " Authorization: "
              + (authorization == null ? "(none)" : abbreviate(authorization));
          guarded.expect(what, reply, 401);
          if (reply.status() == 401 && reply.header("WWW-Authenticate") == null) {
            guarded.fail(what + ": no WWW-Authenticate header");
          }
        }
      }
      guarded.assertNoFailures();
      // The right token opens the door; reads need none (scope "writes").
      assertEquals(201, guarded.send("POST", "/jobs", "application/json", job, "Authorization", "Bearer " + token)
          .status());
      assertEquals(200, guarded.send("GET", "/jobs", null, null).status());
      guarded.assertNoStrayKeys();
    }
  }

  private static String abbreviate(String s) {
    String one = s.replace("\n", "\\n").replace("\r", "\\r");
    return one.length() > 60 ? one.substring(0, 60) + "…(" + one.length() + " chars)" : one;
  }
}
