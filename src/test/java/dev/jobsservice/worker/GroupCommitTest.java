package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.jobs.JobQueue;
import dev.jobsservice.jobs.QueueSettings;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Completions that workers make in one event-loop turn through one client go to Redis as one
 * call, and each keeps its own fence and its own worker id: the job that was cancelled meanwhile
 * is not overwritten, each result lands under its own job, and only workers whose id this process
 * still holds claim a next job, in the same call.
 */
class GroupCommitTest extends QueueFixture {
  private final String prefix = TestRedis.prefix();
  private final QueueSettings settings = new QueueSettings(prefix, 10_000, 3, 3600, 0, 3, 60_000);

  @Test
  void twoCompletionsOfOneTurnShareACallAndKeepTheirOwnFences() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      String cancelled = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      String kept = Jobs.submit(http, "{\"start\":1,\"end\":2}");
      JobQueue a = await(JobQueue.acquire(redis, settings, "a", 0, 1));
      JobQueue b = await(JobQueue.acquire(redis, settings, "b", 0, 1));
      assertEquals(cancelled, take(a));
      assertNotNull(await(a.claim(cancelled)));
      assertEquals(kept, take(b));
      assertNotNull(await(b.claim(kept)));
      assertEquals(200, http.post("/jobs/" + cancelled + "/cancel", "").status());

      long before = cli.calls("evalsha");
      Promise<List<JobQueue.Completion>> both = Promise.promise();
      vertx.getOrCreateContext().runOnContext(v -> Future.all(a.complete(cancelled, "{\"n\":1}", false),
              b.complete(kept, "{\"n\":2}", false))
          .onComplete(ar -> both.handle(ar.map(all -> List.of(all.resultAt(0), all.resultAt(1))))));
      List<JobQueue.Completion> done = await(both.future());
      long calls = cli.calls("evalsha") - before;

      assertFalse(done.get(0).written(), "the cancelled job's outcome must be refused");
      assertTrue(done.get(1).written());
      assertEquals(1, calls, "two completions of one turn took " + calls + " EVALSHA calls");
      assertEquals("cancelled", http.get("/jobs/" + cancelled).json().getString("status"));
      assertEquals(0, cli.send(Request.cmd(Command.EXISTS).arg("{" + prefix + "}:result:" + cancelled)).toLong());
      assertEquals("complete", http.get("/jobs/" + kept).json().getString("status"));
      assertEquals(2, http.get("/jobs/" + kept + "/results").json().getInteger("n"));
    }
  }

  /**
   * The call reads every worker's slot at once and writes every result at once: each job must
   * still get its own result and be judged by its own worker's slot, not a neighbour's.
   */
  @Test
  void eachCompletionOfOneCallStoresItsOwnResultAndClaimsUnderItsOwnWorkerId() throws Exception {
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ids.add(Jobs.submit(http, "{\"start\":1,\"end\":2}"));
      }
      List<JobQueue> workers = List.of(await(JobQueue.acquire(redis, settings, "a", 0, 1)),
          await(JobQueue.acquire(redis, settings, "b", 0, 1)), await(JobQueue.acquire(redis, settings, "c", 0, 1)));
      for (int w = 0; w < 3; w++) {
        assertEquals(ids.get(w), take(workers.get(w)));
        assertNotNull(await(workers.get(w).claim(ids.get(w))));
      }
      // The middle worker's id passes to another process (this one stalled past its lease).
      cli.send(Request.cmd(Command.SET).arg("{" + prefix + "}:worker:b-0").arg("someone-else"));

      long before = cli.calls("evalsha");
      Promise<List<JobQueue.Completion>> all = Promise.promise();
      vertx.getOrCreateContext().runOnContext(v -> Future.all(workers.get(0).complete(ids.get(0), "{\"n\":0}", true),
              workers.get(1).complete(ids.get(1), "{\"n\":1}", true),
              workers.get(2).complete(ids.get(2), "{\"n\":2}", true))
          .onComplete(ar -> all.handle(ar.map(f -> List.of(f.resultAt(0), f.resultAt(1), f.resultAt(2))))));
      List<JobQueue.Completion> done = await(all.future());
      assertEquals(1, cli.calls("evalsha") - before, "three completions of one turn, one call");

      for (int w = 0; w < 3; w++) {
        assertTrue(done.get(w).written(), "completion " + w);
        assertEquals("complete", http.get("/jobs/" + ids.get(w)).json().getString("status"));
        assertEquals(w, http.get("/jobs/" + ids.get(w) + "/results").json().getInteger("n"), "job " + w + "'s own result");
      }
      assertEquals(ids.get(3), done.get(0).next().job().id(), "a holds its id: it claims the next job");
      assertNull(done.get(1).next(), "b's id is another process's: nothing is claimed for it");
      assertEquals(ids.get(4), done.get(2).next().job().id(), "c holds its id: it claims the job after");
      assertEquals("in_progress", http.get("/jobs/" + ids.get(3)).json().getString("status"));
      assertEquals("in_progress", http.get("/jobs/" + ids.get(4)).json().getString("status"));
      assertEquals(0, cli.send(Request.cmd(Command.LLEN).arg("{" + prefix + "}:queue")).toLong());
    }
  }
}
