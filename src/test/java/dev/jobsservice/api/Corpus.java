package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RawHttp;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the bad-input corpus tests share: a service of their own (API and one worker, a 64 KiB
 * limit on job bodies and dataset uploads alike, its own key prefix) to throw bad requests at, the check every answer must pass, and
 * the checks that the service came through: it still runs jobs, and no odd id became a Redis key.
 * Failures are collected, so one run lists every case that went wrong, not just the first.
 */
final class Corpus implements AutoCloseable {
  static final int BODY_LIMIT = 64 * 1024;
  /** In every odd id and key the corpus sends, so a key made from one can be found. */
  static final String MARKER = "zqx";
  /** Anything that names the code's insides: a stack frame, a package, an exception class. */
  private static final Pattern INTERNALS = Pattern.compile(
      "\\tat |\\bat (dev|io|java|jdk|sun|com|org)\\.|dev\\.jobsservice|io\\.vertx|io\\.netty|java\\.(lang|io|util|net)"
          + "|com\\.fasterxml|[A-Z]\\w+(Exception|Error)\\b|\\w+Feature\\.[A-Z_]+|\\w+Constraints\\.|NullPointer");
  /** Every key name the service makes under the prefix {@code p}; anything else is a leak. */
  private static final String KEY_SHAPES = "\\{PREFIX\\}:(queue|index|seq|events|delayed|leases|retention|workers"
      + "|recover-pass|data-version:default|status:[a-z_]+|job:[0-9a-f-]{36}|result:[0-9a-f-]{36}"
      + "|processing:[A-Za-z0-9_.-]+"
      + "|worker:[A-Za-z0-9_.-]+|idem:[0-9a-f]{64})"
      + "|\\{PREFIX:data:default\\}:(records|text|order|version|ids|staging:[0-9a-f-]{36}:(records|text|order))";

  final String prefix;
  final JobsService service;
  final Http http;
  final int port;
  /** The protocol every request is sent with: HTTP/1.1, or h2c (the JDK client's default). */
  final HttpClient.Version version;
  private final List<String> failures = new ArrayList<>();
  private final Map<Integer, Integer> statuses = new TreeMap<>();

  private Corpus(String prefix, JobsService service, HttpClient.Version version) {
    this.prefix = prefix;
    this.service = service;
    this.http = TestService.http(service);
    this.port = service.httpPort();
    this.version = version;
  }

  /** A service with one worker; {@code extra} are more env-style settings (a token, say). */
  static Corpus start(HttpClient.Version version, Map<String, String> extra) throws Exception {
    String prefix = TestRedis.prefix();
    // POST /data streams to a file under a limit of its own; the same one here, so both 413.
    Map<String, String> env = new HashMap<>(Map.of("JOBS_BODY_LIMIT", Integer.toString(BODY_LIMIT),
        "JOBS_DATA_LIMIT", Integer.toString(BODY_LIMIT)));
    env.putAll(extra);
    return new Corpus(prefix, JobsService.start(TestService.config(prefix, "all", 1, env)), version);
  }

  /** {@code method path} with {@code body} (none if null) and header name/value pairs. */
  Http.Reply send(String method, String path, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + path)).version(version)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request);
  }

  Http.Reply send(HttpRequest.Builder request) {
    return http.send(request.version(version));
  }

  /** A reply to bad input: one of {@code allowed} (any 4xx if none), as a problem document. */
  void expect(String what, Http.Reply reply, int... allowed) {
    check(what, reply.status(), reply.header("Content-Type"), reply.body(), false, allowed);
  }

  void expect(String what, RawHttp.Reply reply, int... allowed) {
    check(what, reply.status(), reply.header("Content-Type"), reply.text(), false, allowed);
  }

  /** A HEAD reply: the status and type of the problem, without its body. */
  void expectHead(String what, Http.Reply reply, int... allowed) {
    check(what, reply.status(), reply.header("Content-Type"), reply.body(), true, allowed);
  }

  private void check(String what, int status, String contentType, String body, boolean head, int... allowed) {
    statuses.merge(status, 1, Integer::sum);
    String got = " -> " + status + " " + contentType + " " + abbreviate(body);
    if (allowed.length == 0 ? status < 400 || status > 499 : Arrays.stream(allowed).noneMatch(s -> s == status)) {
      failures.add(what + ": wanted " + (allowed.length == 0 ? "a 4xx" : Arrays.toString(allowed)) + got);
      return;
    }
    if (!"application/problem+json".equals(contentType)) {
      failures.add(what + ": not application/problem+json" + got);
      return;
    }
    if (head) {
      if (!body.isEmpty()) {
        failures.add(what + ": a HEAD reply with a body" + got);
      }
      return;
    }
    JsonObject problem;
    try {
      problem = new JsonObject(body);
    } catch (RuntimeException e) {
      failures.add(what + ": the body is not a JSON object" + got);
      return;
    }
    Object title = problem.getValue("title");
    Object detail = problem.getValue("detail");
    if (!Integer.valueOf(status).equals(problem.getValue("status")) || !(title instanceof String t) || t.isBlank()
        || !(detail instanceof String d) || d.isBlank()) {
      failures.add(what + ": not a problem with status, title and detail" + got);
      return;
    }
    if (INTERNALS.matcher(body).find()) {
      failures.add(what + ": names internals" + got);
    }
  }

  /** Strings (as UTF-8), byte arrays and int arrays (one byte each) joined into one array. */
  static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      } else if (part instanceof byte[] b) {
        out.writeBytes(b);
      } else if (part instanceof int[] raw) {
        for (int b : raw) {
          out.write(b);
        }
      } else {
        throw new IllegalArgumentException("not bytes: " + part);
      }
    }
    return out.toByteArray();
  }

  /** Records a failure found by the caller. */
  void fail(String what) {
    failures.add(what);
  }

  /** Asserts that every reply so far passed; lists all that did not. */
  void assertNoFailures() {
    if (!failures.isEmpty()) {
      StringBuilder out = new StringBuilder(failures.size() + " bad answer(s) (statuses seen " + statuses + "):");
      failures.stream().limit(60).forEach(f -> out.append("\n  ").append(f));
      failures.clear();
      throw new AssertionError(out.toString());
    }
  }

  /** Statuses seen so far, e.g. {400=120, 404=40}: printed, for the record. */
  Map<Integer, Integer> statuses() {
    return statuses;
  }

  /** The service still answers and still runs a normal job to the end. */
  void assertStillServes() {
    assertEquals(200, http.get("/").status(), "GET / after the corpus");
    String id = Jobs.submit(http, "{\"start\":2000,\"end\":2010}");
    Jobs.awaitStatus(http, id, "complete");
    assertEquals(200, http.get("/jobs/" + id + "/results").status());
  }

  /**
   * No key holds the marker (ids are checked before they reach a key; idempotency keys are
   * hashed), and every key under this corpus's prefix has a shape the service makes.
   */
  void assertNoStrayKeys() throws Exception {
    Pattern shapes = Pattern.compile(KEY_SHAPES.replace("PREFIX", Pattern.quote(prefix)));
    List<String> stray = new ArrayList<>();
    try (RedisCli redis = new RedisCli(TestRedis.url())) {
      for (String key : scan(redis, "*" + MARKER + "*")) {
        stray.add("holds the marker: " + key);
      }
      for (String key : scan(redis, "*" + prefix + "*")) {
        if (!shapes.matcher(key).matches()) {
          stray.add("not a key the service makes: " + key);
        }
      }
    }
    assertEquals(List.of(), stray, "keys made from bad input");
  }

  private static List<String> scan(RedisCli redis, String match) {
    List<String> keys = new ArrayList<>();
    String cursor = "0";
    do {
      Response reply = redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(match).arg("COUNT").arg(1000));
      cursor = reply.get(0).toString();
      reply.get(1).forEach(k -> keys.add(k.toString()));
    } while (!cursor.equals("0"));
    return keys;
  }

  private static String abbreviate(String s) {
    String one = s == null ? "" : s.replace("\n", "\\n");
    return one.length() > 300 ? one.substring(0, 300) + "…" : one;
  }

  @Override
  public void close() {
    service.close();
  }
}
