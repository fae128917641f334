package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bad requests no well-behaved client sends, written byte by byte on a socket: braces, '%'
 * alone, raw non-ASCII and NUL bytes in the path; broken escapes in the query; CONNECT; broken
 * framing (Content-Length, chunks), over-long lines and headers, other protocols on the port.
 * Every answer must be the expected 4xx as a problem document, except where Vert.x or Netty
 * answers before any handler of ours runs (said at each such case); the service must keep serving.
 */
class RawRequestCorpusTest extends CorpusTestBase {
  private RawHttp.Reply raw(Object... parts) {
    return RawHttp.send(corpus.port, Corpus.bytes(parts));
  }

  private static String show(byte[] b) {
    StringBuilder out = new StringBuilder();
    for (byte x : b) {
      int c = x & 0xFF;
      out.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02X", c));
    }
    return out.length() > 100 ? out.substring(0, 100) + "…" : out.toString();
  }

  @Test
  void oddIdsSentAsTheyAreAreUnknown() {
    String p = corpus.prefix;
    List<byte[]> ids = new ArrayList<>();
    for (String id : new String[] {"{zqx}:queue", "{" + p + "}:queue", "{" + p + "}:job:zqx", "*zqx", "zqx*", "zqx[0]",
        "zqx|x", "zqx^", "zqx\"", "zqx<>", "zqx`", "zqx\\"}) {
      ids.add(Corpus.bytes(id));
    }
    // Raw bytes: UTF-8 emoji and Hebrew, then bytes that are not UTF-8, NUL, DEL, a control.
    for (int[] raw : new int[][] {{0xF0, 0x9F, 0x98, 0x80}, {0xD7, 0xA9}, {0xFF}, {0xC0, 0xAF}, {0}, {0x7F}, {0x01}}) {
      ids.add(Corpus.bytes("zqx", raw));
    }
    String[][] routes = {{"GET", "/jobs/", ""}, {"DELETE", "/jobs/", ""}, {"GET", "/jobs/", "/results"},
        {"POST", "/jobs/", "/cancel"}, {"POST", "/jobs/", "/retry"}, {"GET", "/data/", ""}};
    for (byte[] id : ids) {
      for (String[] r : routes) {
        byte[] request = Corpus.bytes(r[0] + " " + r[1], id, r[2] + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        corpus.expect(show(request), RawHttp.send(corpus.port, request), 404);
      }
    }
    // Escapes that cannot be decoded: the router refuses the path.
    for (String id : new String[] {"zqx%", "zqx%Z", "zqx%ZZ", "zqx%G0", "%zqx"}) {
      for (String[] r : routes) {
        String request = r[0] + " " + r[1] + id + r[2] + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";
        corpus.expect(request.trim(), raw(request), 400);
      }
    }
    // A space or tab splits the request line: not HTTP any more.
    for (String id : new String[] {"zqx a", "zqx\ta", "zqx a b c"}) {
      corpus.expect("GET /jobs/" + id, raw("GET /jobs/" + id + " HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
    }
    corpus.assertNoFailures();
  }

  @Test
  void brokenQueryEscapesAre400() {
    for (String q : new String[] {"limit=%ZZ", "li%ZZmit=1", "limit=1%", "limit=%", "cursor=%G1", "status=%E2%82",
        "limit={zqx}", "cursor=[1]", "status=complete|failed"}) {
      corpus.expect("GET /jobs?" + q, raw("GET /jobs?" + q + " HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
    }
    corpus.expect("GET /jobs?limit=\\xFF",
        raw("GET /jobs?limit=", new byte[] {(byte) 0xFF}, " HTTP/1.1\r\nHost: x\r\n\r\n"),
        400);
    for (String q : new String[] {"search=%ZZ", "limit=%", "cursor=%G1"}) {
      corpus.expect("GET /data?" + q, raw("GET /data?" + q + " HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
    }
    corpus.assertNoFailures();
  }

  @Test
  void methodsNoClientLibrarySendsAreRefused() {
    for (String path : new String[] {"/", "/jobs", "/jobs/zqx", "/jobs/zqx/cancel", "/data", "127.0.0.1:6379",
        "localhost:22"}) {
      corpus.expect("CONNECT " + path, raw("CONNECT " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"), 404, 405);
    }
    for (String method : new String[] {"get", "Post", "DELETE\u0000", "G\u0001T", "BREW", "X".repeat(200)}) {
      corpus.expect(show(Corpus.bytes(method)) + " /jobs",
          raw(method + " /jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
          400, 405);
    }
    corpus.expect("OPTIONS *", raw("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"), 404, 405);
    corpus.assertNoFailures();
  }

  @Test
  void brokenFramingAndOversizedPartsAreRefused() {
    String job = "{\"start\":1,\"end\":2}";
    corpus.expect("a 9000-character request line", raw("GET /jobs/" + "x".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
        414);
    corpus.expect("a 10000-character header", raw("GET /jobs HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(10_000)
        + "\r\n\r\n"), 431);
    corpus.expect("200 headers of 60 characters", raw("GET /jobs HTTP/1.1\r\nHost: x\r\n"
        + "X-Many: 0123456789012345678901234567890123456789012345678901234567\r\n".repeat(200) + "\r\n"), 431);
    corpus.expect("a request line that is not HTTP", raw("BLAH\r\n\r\n"), 400);
    corpus.expect("HTTP/1.1 without a Host header", raw("GET /jobs HTTP/1.1\r\n\r\n"), 400);
    corpus.expect("HTTP/1.1 POST without a Host header", raw("POST /jobs HTTP/1.1\r\nContent-Type: application/json"
        + "\r\nContent-Length: " + job.length() + "\r\n\r\n" + job), 400);
    corpus.expect("an empty request line", raw("\r\n\r\nGARBAGE\r\n\r\n"), 400);
    for (String length : new String[] {"abc", "-1", "1.5", "0x10", "99999999999999999999", "", "1, 2"}) {
      corpus.expect("Content-Length: " + length, raw("POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
          + "\r\nContent-Length: " + length + "\r\n\r\n" + job), 400);
    }
    corpus.expect("two different Content-Lengths", raw("POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 19\r\n"
        + "Content-Length: 5\r\n\r\n" + job), 400);
    corpus.expect("a header without a colon", raw("GET /jobs HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n"), 400);
    corpus.expect("a space before the colon", raw("GET /jobs HTTP/1.1\r\nHost: x\r\nX-Bad : y\r\n\r\n"), 400);
    corpus.expect("a Content-Length over the body limit, with Expect: 100-continue",
        raw("POST /jobs HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/json\r\n"
            + "Content-Length: 999999999\r\n\r\n"), 413);
    corpus.expect("a Content-Length over the body limit, body not sent",
        raw("POST /data HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n[{"),
        413);
    // Chunked and Content-Length together: the chunks win (RFC 9112), and their body is not a job.
    corpus.expect("chunked with a Content-Length", raw("POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
        + "\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"), 400);
    corpus.assertNoFailures();
  }

  /**
   * What Vert.x answers before any handler of ours runs, so it is not in our problem shape: the
   * answer is bounded (a status line, or the connection closed), and the service serves on.
   */
  @Test
  void otherProtocolsOnThePortGetABoundedAnswer() {
    String[][] cases = {
        // Vert.x: a version it does not know is a bare 501 and a close (Http1xServerRequestHandler).
        {"GET / HTTP/9.9\r\nHost: x\r\n\r\n", "501"},
        {"GET / HTTP/2.0\r\nHost: x\r\n\r\n", "501"},
        // A chunk size that is not hex breaks the framing mid-body: Netty closes the connection.
        {"POST /jobs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", "closed"},
        // The HTTP/2 preface followed by junk: h2c with prior knowledge, ended by a GOAWAY frame.
        {"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + "\u0000\u0000\u0004\u00ff\u0000\u0000\u0000\u0000\u0000junk", "http/2"}};
    StringBuilder seen = new StringBuilder();
    for (String[] c : cases) {
      RawHttp.Reply reply = RawHttp.send(corpus.port, c[0].getBytes(StandardCharsets.ISO_8859_1));
      String got = reply.status() == -1 ? "closed" : reply.status() == 0 ? "http/2" : Integer.toString(reply.status());
      seen.append(show(c[0].getBytes(StandardCharsets.ISO_8859_1))).append(" -> ").append(got).append('\n');
      assertTrue(got.equals(c[1]) || got.equals("closed") || got.equals("400"), seen.toString());
    }
    System.out.println("answered before our handlers:\n" + seen);
  }
}
