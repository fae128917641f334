package dev.jobsservice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sorted sets written for every job that stay small (submitted, in_progress, leases) are
 * skiplists, not listpacks whose every write scans the set: each holds a member that is not a job
 * at +inf (lib/batched.lua). Listings, counts and the running jobs never show it.
 */
class SkiplistKeeperTest {
  private final String prefix = TestRedis.prefix();
  private final QueueSettings settings = new QueueSettings(prefix, 10_000, 3, 3600, 0, 3, 60_000);
  private final Keys keys = new Keys(prefix);
  private final Vertx vertx = Vertx.vertx();
  private final Redis redis = Redis.createClient(vertx, TestRedis.url());
  private final JobStore store = JobStore.create(redis, settings);
  private final QueueView view = QueueView.create(redis, prefix);

  @AfterEach
  void close() throws Exception {
    redis.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private <T> T await(Future<T> f) throws Exception {
    return f.await(10, TimeUnit.SECONDS);
  }

  private Response send(Request request) throws Exception {
    return await(redis.send(request));
  }

  private String encoding(String key) throws Exception {
    return send(Request.cmd(Command.OBJECT).arg("ENCODING").arg(key)).toString();
  }

  private String submit(int start) throws Exception {
    return await(store.submit(new JobRequest("summary", start, 2010, new JsonObject()))).id();
  }

  /** Takes and claims the next job as a worker of its own; its id. */
  private String claimNext(JobQueue worker) throws Exception {
    RedisConnection conn = await(redis.connect());
    try {
      String id = await(worker.take(conn, 1));
      assertNotNull(await(worker.claim(id)), "claim of " + id);
      return id;
    } finally {
      conn.close();
    }
  }

  private List<String> listed(JobStatus status) throws Exception {
    List<String> ids = new ArrayList<>();
    await(store.list(status, null, 100)).jobs().forEach(j -> ids.add(j.id()));
    return ids;
  }

  /** The members at +inf: only the keeper. */
  private List<String> atInfinity(String key) throws Exception {
    List<String> members = new ArrayList<>();
    send(Request.cmd(Command.ZRANGE).arg(key).arg("+inf").arg("+inf").arg("BYSCORE")).forEach(r -> members.add(r.toString()));
    return members;
  }

  @Test
  void theSmallBusySetsAreSkiplistsAndTheirKeeperIsNoJob() throws Exception {
    String first = submit(2000);
    String second = submit(2001);
    String third = submit(2002);
    assertEquals("skiplist", encoding(keys.byStatus(JobStatus.SUBMITTED)));

    JobQueue a = await(JobQueue.acquire(redis, settings, "a", 0, 1));
    JobQueue b = await(JobQueue.acquire(redis, settings, "b", 0, 1));
    assertEquals(first, claimNext(a));
    assertEquals(second, claimNext(b));
    assertEquals("skiplist", encoding(keys.byStatus(JobStatus.IN_PROGRESS)));
    assertEquals("skiplist", encoding(keys.leases()));
    for (String key : List.of(keys.byStatus(JobStatus.SUBMITTED), keys.byStatus(JobStatus.IN_PROGRESS), keys.leases())) {
      List<String> keeper = atInfinity(key);
      assertEquals(1, keeper.size(), key + " holds " + keeper);
      assertTrue(keeper.get(0).length() > 64, "longer than zset-max-listpack-value: " + keeper.get(0));
    }

    // Newest first, and nothing but jobs.
    assertEquals(List.of(second, first), listed(JobStatus.IN_PROGRESS));
    assertEquals(List.of(third), listed(JobStatus.SUBMITTED));
    assertEquals(List.of(third, second, first), listed(null));
    // A page of one is a job, and its cursor leads to the next.
    JobPage page = await(store.list(JobStatus.IN_PROGRESS, null, 1));
    assertEquals(List.of(second), page.jobs().stream().map(Job::id).toList());
    assertEquals(List.of(first), await(store.list(JobStatus.IN_PROGRESS, page.nextCursor(), 1)).jobs().stream()
        .map(Job::id).toList());
    QueueCounts depth = await(store.counts());
    assertEquals(new QueueCounts(1, 2, 0, 0), depth);
    QueueView.Counts counts = await(view.counts());
    assertEquals(2L, counts.byStatus().get(JobStatus.IN_PROGRESS));
    assertEquals(1L, counts.byStatus().get(JobStatus.SUBMITTED));
    Set<String> running = new HashSet<>();
    await(view.workers()).forEach(w -> w.running().forEach(r -> running.add(r.id())));
    assertEquals(Set.of(first, second), running);

    // Finished, the jobs leave the sets; the keeper stays, so the sets stay skiplists.
    assertTrue(await(a.complete(first, "{}", false)).written());
    assertTrue(await(b.complete(second, "{}", false)).written());
    assertEquals(List.of(), listed(JobStatus.IN_PROGRESS));
    assertEquals(new QueueCounts(1, 0, 0, 0), await(store.counts()));
    assertEquals(0L, await(view.counts()).byStatus().get(JobStatus.IN_PROGRESS));
    assertEquals(1L, send(Request.cmd(Command.ZCARD).arg(keys.byStatus(JobStatus.IN_PROGRESS))).toLong());
    assertEquals("skiplist", encoding(keys.byStatus(JobStatus.IN_PROGRESS)));
    // The reaper reads leases up to now: the keeper's +inf is never due, and nothing is recovered.
    assertEquals(0, await(a.reap()));
    assertEquals(List.of(third), listed(JobStatus.SUBMITTED));
  }

  @Test
  void aSetLeftAListpackByAnEarlierVersionBecomesASkiplist() throws Exception {
    String old = submit(2000);
    // As an earlier version left it: the job alone, a listpack.
    String submitted = keys.byStatus(JobStatus.SUBMITTED);
    String seq = send(Request.cmd(Command.ZSCORE).arg(submitted).arg(old)).toString();
    send(Request.cmd(Command.DEL).arg(submitted));
    send(Request.cmd(Command.ZADD).arg(submitted).arg(seq).arg(old));
    assertEquals("listpack", encoding(submitted));

    String added = submit(2001);
    assertEquals("skiplist", encoding(submitted));
    assertEquals(List.of(added, old), listed(JobStatus.SUBMITTED));
    assertEquals(2L, await(view.counts()).byStatus().get(JobStatus.SUBMITTED));
  }
}
