package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.app.JobsService;
import dev.jobsservice.jobs.StreamIds;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.Sse;
import dev.jobsservice.testing.StoredEvents;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /events and GET /jobs/{id}/events: status changes in order, with ids to resume from. */
class EventStreamTest {
  private static final Duration SOON = Duration.ofSeconds(20);
  private static final String QUICK = "{\"start\":0,\"end\":0,\"type\":\"sleep\",\"params\":{\"ms\":0}}";
  private static String prefix;
  private static JobsService service;
  private static Http http;
  private static RedisCli redis;

  @BeforeAll
  static void start() throws Exception {
    prefix = TestRedis.prefix();
    service = TestService.start(prefix, "all", 2);
    http = TestService.http(service);
    redis = new RedisCli(TestRedis.url());
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
    redis.close();
  }

  @Test
  void everyStatusChangeArrivesInOrderWithIncreasingIds() {
    try (Sse sse = Sse.open(http.base() + "/events", null)) {
      assertEquals(200, sse.status());
      assertEquals("text/event-stream", sse.header("Content-Type"));
      assertEquals("no-cache", sse.header("Cache-Control"));
      List<String> ids = List.of(Jobs.submit(http, QUICK), Jobs.submit(http, QUICK), Jobs.submit(http, QUICK));
      Map<String, List<String>> seen = new HashMap<>();
      String previous = null;
      while (!ids.stream().allMatch(id -> seen.getOrDefault(id, List.of()).contains("complete"))) {
        Sse.Event event = sse.next(SOON);
        assertEquals("message", event.event());
        assertNotNull(event.id());
        if (previous != null) {
          assertTrue(StreamIds.compare(previous, event.id()) < 0, previous + " then " + event.id());
        }
        previous = event.id();
        JsonObject data = new JsonObject(event.data());
        assertNotNull(Instant.parse(data.getString("time")));
        seen.computeIfAbsent(data.getString("id"), k -> new ArrayList<>()).add(data.getString("status"));
      }
      for (String id : ids) {
        assertEquals(List.of("submitted", "in_progress", "complete"), seen.get(id), id);
      }
    }
  }

  @Test
  void aClientResumingWithLastEventIdMissesNothing() {
    String lastId;
    try (Sse sse = Sse.open(http.base() + "/events", null)) {
      String first = Jobs.submit(http, QUICK);
      Sse.Event event = sse.next(SOON);
      while (!event.data().contains(first)) {
        event = sse.next(SOON);
      }
      lastId = event.id();
    }
    // While the client is away, more jobs run their whole course.
    List<String> later = List.of(Jobs.submit(http, QUICK), Jobs.submit(http, QUICK));
    later.forEach(id -> Jobs.awaitTerminal(http, id));
    List<String> stored = storedIdsAfter(lastId);
    assertTrue(stored.size() >= 6, "at least the two later jobs' three changes each: " + stored);

    try (Sse sse = Sse.open(http.base() + "/events", lastId)) {
      List<String> got = new ArrayList<>();
      while (got.size() < stored.size()) {
        Sse.Event event = sse.next(SOON);
        assertEquals("message", event.event(), "no reset: " + lastId + " is still stored");
        got.add(event.id());
      }
      // Exactly what the stream holds after lastId, in its order: nothing missed, nothing twice.
      assertEquals(stored, got);
      // And live from there on.
      String live = Jobs.submit(http, QUICK);
      Sse.Event next = sse.next(SOON);
      while (!next.data().contains(live)) {
        next = sse.next(SOON);
      }
      assertTrue(StreamIds.compare(stored.get(stored.size() - 1), next.id()) < 0);
    }
  }

  /**
   * The scripts write several changes to one entry; a client may have stopped in the middle of
   * one. Written here as the scripts write it (fields id, status, id, status, ...), so the test
   * does not depend on how submits happened to be grouped.
   */
  @Test
  void aClientThatStoppedInTheMiddleOfAnEntryGetsTheRestOfIt() {
    String entry = redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.XADD)
        .arg("{" + prefix + "}:events").arg("*").arg("id").arg("mid-a").arg("status").arg("submitted")
        .arg("id").arg("mid-b").arg("status").arg("submitted").arg("id").arg("mid-c").arg("status").arg("submitted"))
        .toString();
    List<StoredEvents.Event> stored = StoredEvents.all(redis, prefix);
    StoredEvents.Event b = stored.stream().filter(e -> "mid-b".equals(e.jobId())).findFirst().orElseThrow();
    assertTrue(b.eventId().startsWith(entry.substring(0, entry.indexOf('-') + 1)), b + " of " + entry);
    try (Sse sse = Sse.open(http.base() + "/events", b.eventId())) {
      Sse.Event next = sse.next(SOON);
      assertEquals("message", next.event(), "no reset: " + b.eventId() + " is stored");
      assertEquals("mid-c", new JsonObject(next.data()).getString("id"), "mid-a and mid-b were sent before");
      assertTrue(StreamIds.compare(b.eventId(), next.id()) < 0, b.eventId() + " then " + next.id());
      String live = Jobs.submit(http, QUICK);
      Sse.Event then = sse.next(SOON);
      assertTrue(then.data().contains(live), "then live: " + then.data());
    }
  }

  @Test
  void aLastEventIdOlderThanTheStreamGetsAResetFirst() {
    Jobs.awaitTerminal(http, Jobs.submit(http, QUICK));
    try (Sse sse = Sse.open(http.base() + "/events?last_event_id=1-0", null)) {
      Sse.Event reset = sse.next(SOON);
      assertEquals("reset", reset.event());
      assertNull(reset.id(), "a reset does not move the client's position");
      assertTrue(new JsonObject(reset.data()).getString("reason").contains("older"));
      assertEquals("message", sse.next(SOON).event(), "then the stored events");
    }
  }

  @Test
  void aJobsStreamCarriesOnlyThatJob() {
    String id = Jobs.submit(http, "{\"start\":0,\"end\":0,\"type\":\"sleep\",\"params\":{\"ms\":300}}");
    // From the start of the stream (so a reset first), then live: only this job's changes.
    try (Sse sse = Sse.open(http.base() + "/jobs/" + id + "/events?last_event_id=1-0", null)) {
      assertEquals(200, sse.status());
      Jobs.submit(http, QUICK);
      List<String> statuses = new ArrayList<>();
      while (!statuses.contains("complete")) {
        Sse.Event event = sse.next(SOON);
        if (event.event().equals("reset")) {
          continue;
        }
        JsonObject data = new JsonObject(event.data());
        assertEquals(id, data.getString("id"));
        statuses.add(data.getString("status"));
      }
      assertEquals(List.of("submitted", "in_progress", "complete"), statuses);
    }
  }

  @Test
  void badRequestsAreProblems() {
    Http.Reply unknown = http.get("/jobs/00000000-0000-0000-0000-000000000000/events");
    assertEquals(404, unknown.status());
    assertEquals("application/problem+json", unknown.header("Content-Type"));
    Http.Reply badId = http.get("/events?last_event_id=yesterday");
    assertEquals(400, badId.status());
    assertTrue(badId.json().getString("detail").contains("Last-Event-ID"));
  }

  @Test
  void streamsBeyondTheLimitAre503UntilOneCloses() throws Exception {
    try (JobsService small = TestService.start(TestService.config(TestRedis.prefix(), "api", 0,
        Map.of("JOBS_MAX_EVENT_CLIENTS", "1")), Analyses.builtIn())) {
      String base = TestService.http(small).base();
      Sse first = Sse.open(base + "/events", null);
      assertEquals(200, first.status());
      try (Sse second = Sse.open(base + "/events", null)) {
        assertEquals(503, second.status());
        assertEquals("application/problem+json", second.header("Content-Type"));
        assertNotNull(second.header("Retry-After"));
        assertTrue(second.errorBody().contains("too many event streams"));
      }
      first.close();
      Await.until(Duration.ofSeconds(10), "the closed stream's place to be free", () -> {
        try (Sse again = Sse.open(base + "/events", null)) {
          return again.status() == 200;
        }
      });
    }
  }

  /** Ids of the events the stream holds after {@code id}, read straight from Redis. */
  private static List<String> storedIdsAfter(String id) {
    return StoredEvents.all(redis, prefix).stream().map(StoredEvents.Event::eventId)
        .filter(e -> StreamIds.compare(e, id) > 0).toList();
  }
}
