package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.jobs.JobEvents;
import dev.jobsservice.jobs.JobRequest;
import dev.jobsservice.jobs.JobStore;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.OnContext;
import dev.jobsservice.testing.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's counts: filled from the stored stream at the first read, kept by the live
 * events while read, let go a lease after the last read, and filled afresh (not added to) at the
 * next one. On a redis-server of its own.
 */
class ThroughputTest {
  private static final long LEASE_MS = 300;
  private static final long LINGER_MS = 200;
  private static final String PREFIX = "throughput";

  private final Vertx vertx = Vertx.vertx();
  private final OnContext loop = new OnContext(vertx.getOrCreateContext());
  private RedisProcess server;
  private JobStore store;
  private EventHub hub;
  private Throughput throughput;

  @BeforeEach
  void start() throws Exception {
    server = RedisProcess.start(false);
    Redis redis = Redis.createClient(vertx, server.url());
    store = JobStore.create(redis, PREFIX);
    JobEvents events = JobEvents.create(vertx, new RedisOptions().setConnectionString(server.url()), redis, PREFIX);
    hub = new EventHub(vertx, List.of(events), LINGER_MS);
    throughput = new Throughput(vertx, hub, List.of(events), LEASE_MS);
  }

  @AfterEach
  void stop() throws Exception {
    loop.await(() -> hub.close());
    vertx.close().await(10, TimeUnit.SECONDS);
    server.close();
  }

  @Test
  void countsStoredThenLiveEventsAndStartsAfreshAfterTheLease() throws Exception {
    submit(5);
    assertFalse(loop.value(() -> hub.following()), "nothing followed before the first read");
    assertEquals(5, submitted(), "the first read counts what is stored");
    assertTrue(loop.value(() -> hub.following()));

    submit(3);
    Await.until(Duration.ofSeconds(10), "the live events to be counted", () -> submittedOrZero() == 8);

    Await.until(Duration.ofSeconds(5), "the lease and the linger to run out", () -> !loop.value(() -> hub.following()));
    submit(2);
    Thread.sleep(100);
    assertEquals(10, submitted(), "filled again from the stream, not added to what was counted");
  }

  @Test
  void readsWithinTheLeaseKeepCounting() throws Exception {
    submit(1);
    assertEquals(1, submitted());
    for (int i = 0; i < 4; i++) {
      Thread.sleep(LEASE_MS / 2);
      submitted();
    }
    assertTrue(loop.value(() -> hub.following()), "read every half lease, it never let go");
  }

  private void submit(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      loop.await(() -> store.submit(new JobRequest("sleep", 0, 0, new JsonObject())));
    }
  }

  /** Jobs submitted over the window, as GET /stats would show them. */
  private long submitted() throws Exception {
    JsonObject json = loop.await(() -> throughput.read());
    return json.getJsonArray("buckets").stream().mapToLong(b -> ((JsonObject) b).getLong("submitted")).sum();
  }

  private long submittedOrZero() {
    try {
      return submitted();
    } catch (Exception e) {
      return 0;
    }
  }
}
