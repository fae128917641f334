package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.jobs.JobEvent;
import dev.jobsservice.jobs.JobEvents;
import dev.jobsservice.jobs.JobRequest;
import dev.jobsservice.jobs.JobStore;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.OnContext;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hub follows the events stream only while someone listens: nothing before the first
 * subscriber, one follower while any, none again a linger after the last. On a redis-server of
 * its own, so its blocked XREAD clients are the hub's alone.
 */
class EventHubTest {
  private static final long LINGER_MS = 300;
  private static final String PREFIX = "hub";

  private final Vertx vertx = Vertx.vertx();
  private final OnContext loop = new OnContext(vertx.getOrCreateContext());
  private RedisProcess server;
  private RedisCli cli;
  private JobStore store;
  private JobEvents events;
  private EventHub hub;

  private void start() throws Exception {
    server = RedisProcess.start(false);
    cli = new RedisCli(server.url());
    Redis redis = Redis.createClient(vertx, server.url());
    store = JobStore.create(redis, PREFIX);
    events = JobEvents.create(vertx, new RedisOptions().setConnectionString(server.url()), redis, PREFIX);
    hub = new EventHub(vertx, List.of(events), LINGER_MS);
  }

  @AfterEach
  void stop() throws Exception {
    if (hub != null) {
      loop.await(() -> hub.close());
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    if (cli != null) {
      cli.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void nothingIsReadUntilSomeoneListensAndTheFollowerStopsALingerAfterTheLast() throws Exception {
    start();
    String before = submit();
    Thread.sleep(300);
    assertEquals(0, cli.clientsIn("xread"), "no XREAD with nobody listening");
    assertEquals(0, cli.calls("xrevrange") + cli.calls("xread"));
    assertFalse(loop.value(() -> hub.following()));

    Heard a = new Heard();
    EventHub.Watch watch = loop.value(() -> hub.watchAll(a));
    List<String> positions = loop.await(watch::live);
    assertEquals(List.of(newestEventId()), positions, "it starts after the newest stored event");
    String after = submit();
    Await.until(Duration.ofSeconds(10), "the new job's event", () -> a.jobs().contains(after));
    assertFalse(a.jobs().contains(before), "an event from before it listened");
    Await.until(Duration.ofSeconds(5), "the follower's XREAD to block", () -> cli.clientsIn("xread") == 1);

    loop.run(watch::cancel);
    Thread.sleep(LINGER_MS / 3);
    assertTrue(loop.value(() -> hub.following()), "it lingers");
    Await.until(Duration.ofSeconds(5), "the follower to stop", () -> !loop.value(() -> hub.following()));
    Await.until(Duration.ofSeconds(5), "its connection to close", () -> cli.clientsIn("xread") == 0);
    submit();
    Thread.sleep(300);
    assertEquals(List.of(after), a.jobs(), "nothing reaches a cancelled watch");
  }

  @Test
  void aLateSubscriberStartsAfterTheLastEventHandedOutAndHearsWhatFollows() throws Exception {
    start();
    Heard a = new Heard();
    loop.await(() -> hub.watchAll(a).live());
    List<String> first = List.of(submit(), submit(), submit());
    Await.until(Duration.ofSeconds(10), "three events", () -> a.events.size() == 3);

    Heard b = new Heard();
    List<String> positions = loop.await(() -> hub.watchAll(b).live());
    assertEquals(List.of(a.events.get(2).eventId()), positions);
    String next = submit();
    Await.until(Duration.ofSeconds(10), "the next job's event", () -> b.jobs().contains(next));
    assertEquals(first, a.jobs().subList(0, 3));
    assertEquals(List.of(next), b.jobs(), "only what came after it joined");
    assertEquals(1, cli.clientsIn("xread"), "one follower for both");
  }

  @Test
  void aSubscriberWithinTheLingerKeepsTheSameFollower() throws Exception {
    start();
    EventHub.Watch first = loop.value(() -> hub.watchAll(new Heard()));
    loop.await(first::live);
    Await.until(Duration.ofSeconds(5), "the follower's XREAD to block", () -> cli.clientsIn("xread") == 1);
    long starts = cli.calls("xrevrange");
    loop.run(first::cancel);
    Thread.sleep(LINGER_MS / 3);
    Heard second = new Heard();
    loop.await(() -> hub.watch("some-job", second).live());
    Thread.sleep(LINGER_MS * 2);
    assertTrue(loop.value(() -> hub.following()), "still following past the first linger");
    assertEquals(starts, cli.calls("xrevrange"), "the follower was not started again");
    assertEquals(1, cli.clientsIn("xread"));
  }

  @Test
  void watchesCancelledWhileRedisIsDownLeaveNothingBehind() throws Exception {
    start();
    server.stop();
    for (int i = 0; i < 50; i++) {
      String job = "job-" + i;
      EventHub.Watch gaveUp = loop.value(() -> hub.watch(job, new Heard()));
      loop.run(gaveUp::cancel);
    }
    Heard stays = new Heard();
    EventHub.Watch waiting = loop.value(() -> hub.watchAll(stays));
    assertEquals(1, loop.value(() -> hub.waitingForStart()), "only the watch not cancelled waits");
    assertFalse(loop.value(() -> waiting.live().isComplete()), "live with Redis down");

    server.startProcess();
    loop.await(waiting::live);
    assertEquals(0, loop.value(() -> hub.waitingForStart()));
    String next = submit();
    Await.until(Duration.ofSeconds(10), "the next job's event", () -> stays.jobs().contains(next));
  }

  /** Records what a subscriber hears (on the event loop; read from the test thread). */
  private static final class Heard implements EventHub.Subscriber {
    final List<JobEvent> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onEvent(JobEvent event) {
      events.add(event);
    }

    @Override
    public void onResync() {
    }

    List<String> jobs() {
      synchronized (events) {
        return events.stream().map(JobEvent::jobId).toList();
      }
    }
  }

  private String submit() throws Exception {
    return loop.await(() -> store.submit(new JobRequest("sleep", 0, 0, new JsonObject()))).id();
  }

  private String newestEventId() throws Exception {
    return loop.await(() -> events.newestId());
  }
}
