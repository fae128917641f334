package dev.jobsservice.ops;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.Prometheus;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP server's meters, as a Prometheus scrape shows them, counted by HttpMeters. */
class HttpMetersTest {
  private static final String SERIES = "vertx_http_server_";

  @Test
  void eachAnswerIsCountedOnceUnderItsRouteTemplateMethodAndStatus() throws Exception {
    try (JobsService service = TestService.start(TestRedis.prefix(), "api", 0)) {
      Http http = TestService.http(service);
      String body = "{\"start\":1,\"end\":2}";
      String id = Jobs.submit(http, body);
      Http.Reply job = null;
      for (int i = 0; i < 3; i++) {
        job = http.get("/jobs/" + id);
        assertEquals(200, job.status());
      }
      assertEquals(404, http.get("/jobs/no-such-job").status());
      assertEquals(400, http.post("/jobs", "garbage").status());
      assertEquals(404, http.get("/no/such/path").status());
      assertEquals(405, http.method("BREW", "/jobs", "").status());
      // Refused by the router before any route: counted all the same.
      assertEquals(400, dev.jobsservice.testing.RawHttp.send(service.httpPort(), "GET /jobs HTTP/1.1\r\n",
          new byte[0]).status());

      String text = http.get("/metrics").body();
      String jobBody = job.body();
      assertAll(
          () -> assertEquals(1, requests(text, "201", "POST", "/jobs")),
          () -> assertEquals(3, requests(text, "200", "GET", "/jobs/:id")),
          () -> assertEquals(1, requests(text, "404", "GET", "/jobs/:id")),
          () -> assertEquals(1, requests(text, "400", "POST", "/jobs")),
          () -> assertEquals(1, requests(text, "404", "GET", "")),
          // A made-up method is "other": a client cannot add a series per method it invents.
          () -> assertEquals(1, requests(text, "405", "other", "")),
          () -> assertEquals(1, requests(text, "400", "GET", "")),
          () -> assertFalse(text.contains("BREW"), "no series for the made-up method"),
          // Templates, never paths: an id in a label would make a series per job.
          () -> assertFalse(text.contains(id), "the job's id is in a label"),
          () -> assertEquals(3, Prometheus.value(text, SERIES
              + "response_time_seconds_count{code=\"200\",method=\"GET\",route=\"/jobs/:id\"}")),
          () -> assertEquals(3, Prometheus.value(text, SERIES
              + "response_time_seconds_bucket{code=\"200\",method=\"GET\",route=\"/jobs/:id\",le=\"5.0\"}")),
          () -> assertEquals(3.0 * jobBody.getBytes(StandardCharsets.UTF_8).length, Prometheus.value(text, SERIES
              + "response_bytes_sum{code=\"200\",method=\"GET\",route=\"/jobs/:id\"}")),
          // Two bodies were posted: the job and "garbage".
          () -> assertEquals(body.length() + "garbage".length(),
              Prometheus.value(text, SERIES + "request_bytes_sum{method=\"POST\"}")),
          // The scrape itself is the one request in progress.
          () -> assertEquals(1, Prometheus.value(text, SERIES + "active_requests{method=\"GET\"}")),
          () -> assertEquals(0, Prometheus.value(text, SERIES + "active_requests{method=\"POST\"}")));
    }
  }

  @Test
  void aClientThatLeavesBeforeItsAnswerIsAResetNotARequestInProgress() throws Exception {
    try (JobsService service = TestService.start(TestRedis.prefix(), "api", 0)) {
      Http http = TestService.http(service);
      // No workers: the job stays queued, so a wait on it lasts its whole 30 s.
      String id = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      try (Socket waiter = connect(service)) {
        send(waiter, "GET /jobs/" + id + "?wait=30 HTTP/1.1\r\nHost: test\r\n\r\n");
        Await.until(Duration.ofSeconds(10), "the wait to be in progress",
            () -> active(http, "GET") == 2.0);
      }
      Await.until(Duration.ofSeconds(10), "the wait to end with its client",
          () -> active(http, "GET") == 1.0);
      String text = http.get("/metrics").body();
      assertEquals(1, Prometheus.value(text, SERIES + "request_resets_total{method=\"GET\",route=\"/jobs/:id\"}"));
      assertFalse(text.contains("requests_total{code=\"200\",method=\"GET\",route=\"/jobs/:id\"}"),
          "the wait was never answered, so it is not counted as answered");
    }
  }

  @Test
  void openConnectionsAreCounted() throws Exception {
    try (JobsService service = TestService.start(TestRedis.prefix(), "api", 0)) {
      Http http = TestService.http(service);
      double before = connections(http);
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket socket = connect(service);
          sockets.add(socket);
          send(socket, "GET /health/live HTTP/1.1\r\nHost: test\r\n\r\n");
          assertTrue(readHead(socket.getInputStream()).startsWith("HTTP/1.1 200"));
        }
        assertEquals(before + 3, connections(http));
      } finally {
        for (Socket socket : sockets) {
          socket.close();
        }
      }
      Await.until(Duration.ofSeconds(10), "the closed connections to be gone", () -> connections(http) == before);
    }
  }

  @Test
  void aWorkerOnlyProcessCountsItsProbesAndScrapes() throws Exception {
    try (JobsService service = TestService.start(TestRedis.prefix(), "worker", 1)) {
      Http http = TestService.http(service);
      assertEquals(200, http.get("/health/live").status());
      assertEquals(200, http.get("/health/live").status());
      assertEquals(404, http.get("/jobs").status());
      String text = http.get("/metrics").body();
      assertAll(
          () -> assertEquals(2, requests(text, "200", "GET", "/health/live")),
          () -> assertEquals(1, requests(text, "404", "GET", "")));
    }
  }

  private static double requests(String text, String code, String method, String route) {
    return Prometheus.value(text, SERIES + "requests_total{code=\"" + code + "\",method=\"" + method
        + "\",route=\"" + route + "\"}");
  }

  private static double active(Http http, String method) {
    return Prometheus.value(http.get("/metrics").body(), SERIES + "active_requests{method=\"" + method + "\"}");
  }

  private static double connections(Http http) {
    return Prometheus.value(http.get("/metrics").body(), SERIES + "active_connections");
  }

  private static Socket connect(JobsService service) throws Exception {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", service.httpPort()), 5_000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static void send(Socket socket, String request) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** The status line and headers of one answer; the connection stays open. */
  private static String readHead(InputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }
}
