package dev.jobsservice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.StoredEvents;
import dev.jobsservice.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Submits made in one event-loop turn share one script call, and each keeps the outcome it would
 * have had alone: the queue cap, idempotency keys and the indexes, in submit order.
 */
class SubmitBatchTest {
  private final String prefix = TestRedis.prefix();
  private final Vertx vertx = Vertx.vertx();
  private final Redis redis = Redis.createClient(vertx, TestRedis.url());
  private final JobOptions options = new JobOptions(3, 60_000);

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static JobRequest request(int start) {
    return new JobRequest("summary", start, 2010, new JsonObject().put("value", "mass"));
  }

  /** Runs {@code submits} in one turn of an event loop; each one's result, or its failure. */
  private List<Object> inOneTurn(Function<Integer, Future<?>> submit, int count) throws Exception {
    CompletableFuture<List<Object>> done = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> {
      List<Future<Object>> all = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        all.add(submit.apply(i).map(s -> (Object) s).recover(Future::succeededFuture));
      }
      Future.all(all).onSuccess(f -> done.complete(f.list())).onFailure(done::completeExceptionally);
    });
    return done.get(10, TimeUnit.SECONDS);
  }

  /** Script calls so far: EVALSHA, and EVAL after a NOSCRIPT. */
  private static long evalCalls() throws Exception {
    try (RedisCli cli = new RedisCli(TestRedis.url())) {
      return cli.calls("evalsha") + cli.calls("eval");
    }
  }

  private long redisLong(Request request) throws Exception {
    return redisSend(request).toLong();
  }

  private Response redisSend(Request request) {
    try {
      return redis.send(request).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aFullQueueRefusesOnlyTheJobsPastItsCapInOneCall() throws Exception {
    QueueSettings capped = new QueueSettings(prefix, QueueSettings.DEFAULT_LEASE_MS, QueueSettings.DEFAULT_MAX_STALLS,
        QueueSettings.DEFAULT_RETENTION_SECONDS, 3, 3, 60_000);
    JobStore store = JobStore.create(redis, capped);
    long callsBefore = evalCalls();
    List<Object> out = inOneTurn(i -> store.submit(request(2000 + i), options, null), 5);
    long calls = evalCalls() - callsBefore;
    // Other tests may share this Redis: at most a few calls of theirs slip in meanwhile.
    assertTrue(calls < 5, "5 submits in one turn took " + calls + " script calls");
    // The count parsed at all (the parse this test had read failed_calls, always 0).
    assertTrue(calls >= 1, "5 submits took no script call");

    for (int i = 0; i < 3; i++) {
      Submitted s = assertInstanceOf(Submitted.class, out.get(i), String.valueOf(out.get(i)));
      assertFalse(s.replayed());
      assertEquals(2000 + i, s.job().request().start(), "in submit order");
    }
    for (int i = 3; i < 5; i++) {
      QueueFullException full = assertInstanceOf(QueueFullException.class, out.get(i), String.valueOf(out.get(i)));
      assertTrue(full.getMessage().contains("holds 3 jobs"), full.getMessage());
    }
    Keys keys = new Keys(prefix);
    assertEquals(3, redisLong(Request.cmd(Command.LLEN).arg(keys.queue())));
    assertEquals(3, redisLong(Request.cmd(Command.ZCARD).arg(keys.index())));
    assertEquals(3, redisLong(Keys.countJobs(keys.byStatus(JobStatus.SUBMITTED))));
    // One entry holds the three jobs' events (lib/batched.lua), in submit order.
    assertEquals(1, redisLong(Request.cmd(Command.XLEN).arg(keys.events())));
    List<StoredEvents.Event> events = StoredEvents.read(this::redisSend, prefix);
    assertEquals(List.of("submitted", "submitted", "submitted"), events.stream().map(StoredEvents.Event::status).toList());
    assertEquals(IntStream.range(0, 3).mapToObj(i -> ((Submitted) out.get(i)).job().id()).toList(),
        events.stream().map(StoredEvents.Event::jobId).toList());
    assertEquals(3, redisLong(Request.cmd(Command.GET).arg(keys.sequence())));
    Job first = ((Submitted) out.get(0)).job();
    Job stored = store.get(first.id()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(first.toJson(), stored.toJson(), "the job as saved is the job as answered");
  }

  /**
   * One call's events go to the stream eight to an entry (lib/batched.lua), so an entry never
   * holds more changes than its event ids can number, and a ninth change starts a new entry.
   */
  @Test
  void twentySubmitsInOneCallMakeEntriesOfEightEightAndFourEvents() throws Exception {
    JobStore store = JobStore.create(redis, prefix);
    List<Object> out = inOneTurn(i -> store.submit(request(1900 + i), options, null), 20);
    List<String> ids = out.stream().map(o -> assertInstanceOf(Submitted.class, o, String.valueOf(o)).job().id())
        .toList();
    Response entries = redisSend(Request.cmd(Command.XRANGE).arg(new Keys(prefix).events()).arg("-").arg("+"));
    List<Integer> changesPerEntry = new ArrayList<>();
    for (Response entry : entries) {
      changesPerEntry.add(entry.get(1).size() / 4);
    }
    assertEquals(List.of(8, 8, 4), changesPerEntry);
    assertEquals(ids, StoredEvents.read(this::redisSend, prefix).stream().map(StoredEvents.Event::jobId).toList(),
        "every job's event, in submit order");
  }

  @Test
  void anIdempotencyKeyRepeatedInOneCallReplaysTheFirstJob() throws Exception {
    JobStore store = JobStore.create(redis, prefix);
    List<Object> out = inOneTurn(i -> switch (i) {
      case 0, 1 -> store.submit(request(2000), options, "order-1");
      case 2 -> store.submit(request(2001), options, "order-1");
      default -> store.submit(request(2000), options, "order-2");
    }, 4);

    Submitted first = assertInstanceOf(Submitted.class, out.get(0), String.valueOf(out.get(0)));
    Submitted again = assertInstanceOf(Submitted.class, out.get(1), String.valueOf(out.get(1)));
    assertFalse(first.replayed());
    assertTrue(again.replayed());
    assertEquals(first.job().id(), again.job().id());
    assertInstanceOf(IdempotencyConflictException.class, out.get(2), String.valueOf(out.get(2)));
    Submitted other = assertInstanceOf(Submitted.class, out.get(3), String.valueOf(out.get(3)));
    assertFalse(other.replayed());
    assertNotEquals(first.job().id(), other.job().id());
    assertEquals(2, redisLong(Request.cmd(Command.LLEN).arg(new Keys(prefix).queue())), "two jobs, not four");
  }

  /**
   * The call asks once whether any new job's key is taken: a job whose key is taken, before the
   * call or by an earlier job of the same call, is refused and leaves that hash alone, and the
   * others of the call are saved.
   */
  @Test
  void aJobWhoseKeyIsTakenIsRefusedAndTheRestOfItsCallIsSaved() throws Exception {
    Keys keys = new Keys(prefix);
    GroupCommit.Target target = JobStore.create(redis, prefix).submits();
    String unused = keys.idempotency(Fingerprint.of(""));
    String spec = JobHash.spec(request(2000), options, Clock.now());
    Function<List<String>, List<Object>> submitInOneCall = ids -> {
      try {
        return inOneTurn(i -> SubmitBatch.add(target, keys.job(ids.get(i)), unused, List.of(ids.get(i), spec, "")),
            ids.size());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    String twice = "twice-" + prefix;
    String taken = "taken-" + prefix;
    // No key taken before the call: only the call's own first job can have taken one.
    List<Object> first = submitInOneCall.apply(List.of(twice, twice, "fresh-" + prefix));
    assertEquals(new SubmitBatch.Outcome(0, "1"), first.get(0));
    assertEquals(new SubmitBatch.Outcome(2, "JOB_EXISTS"), first.get(1), "a key an earlier job of the call took");
    assertEquals(new SubmitBatch.Outcome(0, "2"), first.get(2));
    assertEquals("1", redisSend(Request.cmd(Command.HGET).arg(keys.job(twice)).arg("seq")).toString(),
        "the first job with the key keeps it");

    redisSend(Request.cmd(Command.HSET).arg(keys.job(taken)).arg("status").arg("complete").arg("mine").arg("1"));
    List<Object> second = submitInOneCall.apply(List.of("other-" + prefix, taken));
    assertEquals(new SubmitBatch.Outcome(0, "3"), second.get(0));
    assertEquals(new SubmitBatch.Outcome(2, "JOB_EXISTS"), second.get(1), "a key taken before the call");
    assertEquals(List.of("complete", "1"), redisSend(Request.cmd(Command.HMGET).arg(keys.job(taken)).arg("status")
        .arg("mine")).stream().map(Response::toString).toList(), "the taken job's hash is left as it was");
    assertEquals(3, redisLong(Request.cmd(Command.LLEN).arg(keys.queue())), "three jobs queued, not five");
    assertEquals(3, redisLong(Keys.countJobs(keys.byStatus(JobStatus.SUBMITTED))));
  }
}
