package dev.jobsservice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.StoredEvents;
import dev.jobsservice.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scripts write several status changes to one stream entry; JobEvents hands them out one by
 * one, each with an id of its own, and its ranges and follower work in those ids: a page or a
 * resume may start or end in the middle of an entry.
 */
class JobEventsTest {
  private final String prefix = TestRedis.prefix();
  private final Vertx vertx = Vertx.vertx();
  private final Redis redis = Redis.createClient(vertx, TestRedis.url());
  private final JobEvents events = JobEvents.create(vertx, new RedisOptions().setConnectionString(TestRedis.url()),
      redis, prefix);
  private final JobStore store = JobStore.create(redis, prefix);
  private volatile EventFollower follower;

  @AfterEach
  void close() throws Exception {
    if (follower != null) {
      follower.stop();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Response send(Request request) {
    try {
      return await(redis.send(request));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Submits {@code count} jobs in one event-loop turn (one script call); their ids in order. */
  private List<String> submitInOneTurn(int count) throws Exception {
    CompletableFuture<List<String>> done = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> {
      List<Future<String>> all = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        all.add(store.submit(new JobRequest("summary", 2000 + i, 2010, new JsonObject())).map(s -> s.id()));
      }
      Future.all(all).onSuccess(f -> done.complete(f.list())).onFailure(done::completeExceptionally);
    });
    return done.get(10, TimeUnit.SECONDS);
  }

  private static List<String> ids(List<JobEvent> list) {
    return list.stream().map(JobEvent::eventId).toList();
  }

  @Test
  void changesShareEntriesButEachIsAnEventWithAnIdOfItsOwn() throws Exception {
    List<String> jobs = submitInOneTurn(20);
    // Eight changes to an entry (lib/batched.lua): 8 + 8 + 4.
    assertEquals(3, send(Request.cmd(Command.XLEN).arg(new Keys(prefix).events())).toLong());
    List<JobEvent> all = await(events.range("-", "+", 100));
    assertEquals(jobs, all.stream().map(JobEvent::jobId).toList(), "one event per job, in submit order");
    assertTrue(all.stream().allMatch(e -> e.status().equals("submitted")));
    // The ids are what the README says they are, and ordered.
    assertEquals(StoredEvents.read(this::send, prefix).stream().map(StoredEvents.Event::eventId).toList(), ids(all));
    for (int i = 1; i < all.size(); i++) {
      assertTrue(StreamIds.compare(all.get(i - 1).eventId(), all.get(i).eventId()) < 0, ids(all).toString());
    }
    assertEquals(all.get(0).eventId(), await(events.oldestId()));
    assertEquals(all.get(19).eventId(), await(events.newestId()));
  }

  @Test
  void rangesStartAndEndInTheMiddleOfAnEntry() throws Exception {
    submitInOneTurn(20);
    List<JobEvent> all = await(events.range("-", "+", 100));
    assertEquals(ids(all.subList(4, 20)), ids(await(events.range("(" + all.get(3).eventId(), "+", 100))));
    assertEquals(ids(all.subList(5, 11)), ids(await(events.range(all.get(5).eventId(), all.get(10).eventId(), 100))));
    assertEquals(ids(all.subList(9, 10)), ids(await(events.range("(" + all.get(8).eventId(), "+", 1))));
    // Paging as SSE replays do: pages of 7 from the start, each from "(" and the last id.
    List<String> paged = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String from = "-";
    while (true) {
      List<JobEvent> page = await(events.range(from, "+", 7));
      paged.addAll(ids(page));
      sizes.add(page.size());
      if (page.size() < 7) {
        break;
      }
      from = "(" + page.get(page.size() - 1).eventId();
    }
    assertEquals(ids(all), paged);
    assertEquals(List.of(7, 7, 6), sizes);
  }

  @Test
  void theFollowerHandsOutEveryEventOnceInOrder() throws Exception {
    submitInOneTurn(3);
    List<JobEvent> heard = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<String> from = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> (follower = events.follow(new JobEvents.Listener() {
      @Override
      public void onEvent(JobEvent event) {
        heard.add(event);
      }

      @Override
      public void onResync() {
      }
    })).from().onSuccess(from::complete));
    String start = from.get(10, TimeUnit.SECONDS);
    assertEquals(await(events.newestId()), start, "it starts after the newest event");
    List<String> later = submitInOneTurn(12);
    Await.until(Duration.ofSeconds(10), "12 events", () -> heard.size() >= 12);
    Thread.sleep(200);
    assertEquals(later, heard.stream().map(JobEvent::jobId).toList(), "the later jobs only, once each, in order");
    assertEquals(ids(await(events.range("(" + start, "+", 100))), ids(heard));
  }

  @Test
  void anEntryOfOneChangeWrittenBeforeChangesWereGatheredIsOneEvent() throws Exception {
    String key = new Keys(prefix).events();
    String entry = send(Request.cmd(Command.XADD).arg(key).arg("*").arg("id").arg("old-1").arg("status")
        .arg("complete")).toString();
    List<String> jobs = submitInOneTurn(2);
    List<JobEvent> all = await(events.range("-", "+", 100));
    int dash = entry.indexOf('-');
    String expected = entry.substring(0, dash) + "-" + Long.parseLong(entry.substring(dash + 1)) * 1000;
    assertEquals(expected, all.get(0).eventId());
    assertEquals("old-1", all.get(0).jobId());
    assertEquals("complete", all.get(0).status());
    assertEquals(jobs, all.subList(1, 3).stream().map(JobEvent::jobId).toList());
    // A client resuming from the entry's own id, as sent before, misses nothing after it (this
    // entry is its millisecond's first, sequence 0; a later one's events would be sent again).
    assertEquals(ids(all.subList(1, 3)), ids(await(events.range("(" + entry, "+", 100))));
  }
}
