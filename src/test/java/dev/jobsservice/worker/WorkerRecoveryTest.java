package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.jobs.JobQueue;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A worker that died holding jobs gets them back when it starts again under the same id: the one
 * it had claimed runs again (attempt 2), the one it had only taken runs for the first time.
 */
class WorkerRecoveryTest {
  @Test
  void aRestartedWorkerPutsBackWhatItHeld() throws Exception {
    String prefix = TestRedis.prefix();
    String base = "crashy";
    Vertx vertx = Vertx.vertx();
    try (JobsService api = TestService.start(prefix, "api", 0); RedisCli cli = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(api);
      String claimed = http.post("/jobs", "{\"start\":1,\"end\":2}").json().getString("id");
      String taken = http.post("/jobs", "{\"start\":1,\"end\":2}").json().getString("id");

      // Play the dead worker: take both, claim the first, then vanish without finishing.
      Redis redis = Redis.createClient(vertx, TestRedis.url());
      JobQueue dead = JobQueue.acquire(redis, prefix, base, 0, 1).await(10, TimeUnit.SECONDS);
      RedisConnection conn = redis.connect().await(10, TimeUnit.SECONDS);
      assertEquals(claimed, dead.take(conn, 1).await(10, TimeUnit.SECONDS));
      assertNotNull(dead.claim(claimed).await(10, TimeUnit.SECONDS));
      assertEquals(taken, dead.take(conn, 1).await(10, TimeUnit.SECONDS));
      // Crashed processes hold their id until its lease lapses; let it lapse now.
      cli.send(Request.cmd(Command.DEL).arg("{" + prefix + "}:worker:" + dead.workerId()));
      assertEquals("in_progress", http.get("/jobs/" + claimed).json().getString("status"));
      assertEquals(2, cli.send(Request.cmd(Command.LLEN).arg("{" + prefix + "}:processing:crashy-0")).toInteger());

      try (JobsService restarted = JobsService.start(TestService.config(prefix, "worker", 1,
          Map.of("JOBS_WORKER_ID", base)))) {
        JsonObject first = Jobs.awaitTerminal(http, claimed);
        JsonObject second = Jobs.awaitTerminal(http, taken);
        assertEquals("complete", first.getString("status"));
        assertEquals(2, first.getInteger("attempts"), "claimed once by the dead worker, once after");
        assertEquals("crashy-0", first.getString("worker"));
        assertEquals("complete", second.getString("status"));
        assertEquals(1, second.getInteger("attempts"));
      }
      assertEquals(0, cli.send(Request.cmd(Command.LLEN).arg("{" + prefix + "}:processing:crashy-0")).toInteger());
      conn.close();
      redis.close();
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void twoLiveProcessesNeverShareAWorkerId() throws Exception {
    String prefix = TestRedis.prefix();
    var config = TestService.config(prefix, "worker", 2, Map.of("JOBS_WORKER_ID", "same"));
    try (JobsService a = JobsService.start(config); JobsService b = JobsService.start(config);
         RedisCli cli = new RedisCli(TestRedis.url())) {
      Await.until(Duration.ofSeconds(10), "four slots held", () ->
          cli.send(Request.cmd(Command.KEYS).arg("{" + prefix + "}:worker:*")).size() == 4);
      var keys = cli.send(Request.cmd(Command.KEYS).arg("{" + prefix + "}:worker:*"));
      Set<String> names = new TreeSet<>();
      keys.forEach(k -> names.add(k.toString()));
      assertEquals(Set.of("{" + prefix + "}:worker:same-0", "{" + prefix + "}:worker:same-1",
          "{" + prefix + "}:worker:same-2", "{" + prefix + "}:worker:same-3"), names);
    }
  }
}
