package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The queue's contract: every job runs on one consumer, exactly once, none lost. */
class ExactlyOnceTest {
  private final Map<Integer, AtomicInteger> executions = new ConcurrentHashMap<>();
  private final Set<String> threads = ConcurrentHashMap.newKeySet();

  private Analyses counting() {
    return Analyses.builder().addBuiltIns().add("count", (request, ctx) -> {
      executions.computeIfAbsent(request.params().getInteger("n"), n -> new AtomicInteger()).incrementAndGet();
      threads.add(Thread.currentThread().getName());
      // A little real waiting, so four workers overlap.
      return ctx.vertx().timer(1).map(v -> new JsonObject().put("n", request.params().getInteger("n")));
    }).build();
  }

  @Test
  void aThousandJobsOverFourWorkersRunExactlyOnceEach() throws Exception {
    String prefix = TestRedis.prefix();
    int jobs = 1000;
    try (JobsService service = TestService.start(TestService.config(prefix, "all", 4, Map.of()), counting());
         RedisCli redis = new RedisCli(TestRedis.url())) {
      Http http = TestService.http(service);
      // 16 clients submitting at once, while the workers already run.
      ExecutorService clients = Executors.newFixedThreadPool(16);
      List<Future<Http.Reply>> posts = new ArrayList<>();
      for (int n = 0; n < jobs; n++) {
        String body = "{\"start\":0,\"end\":1,\"type\":\"count\",\"params\":{\"n\":" + n + "}}";
        posts.add(clients.submit(() -> http.post("/jobs", body)));
      }
      List<String> ids = new ArrayList<>();
      for (var post : posts) {
        Http.Reply r = post.get();
        assertEquals(201, r.status(), r.body());
        ids.add(r.json().getString("id"));
      }
      clients.shutdown();
      String completeKey = "{" + prefix + "}:status:complete";
      Await.until(Duration.ofSeconds(60), "all jobs complete",
          () -> redis.send(Request.cmd(Command.ZCARD).arg(completeKey)).toInteger() == jobs);

      // Duplicate deliveries of finished jobs must not run them again.
      for (int i = 0; i < 20; i++) {
        redis.send(Request.cmd(Command.LPUSH).arg("{" + prefix + "}:queue").arg(ids.get(i)));
      }
      Await.until(Duration.ofSeconds(10), "duplicates drained",
          () -> redis.send(Request.cmd(Command.LLEN).arg("{" + prefix + "}:queue")).toInteger() == 0);
      Thread.sleep(200);

      assertEquals(jobs, executions.size(), "every job ran");
      executions.forEach((n, count) -> assertEquals(1, count.get(), "job n=" + n + " ran " + count + " times"));
      Set<String> workers = new HashSet<>();
      for (String id : ids) {
        JsonObject job = http.get("/jobs/" + id).json();
        assertEquals("complete", job.getString("status"));
        assertEquals(1, job.getInteger("attempts"), job.encode());
        workers.add(job.getString("worker"));
      }
      assertTrue(workers.size() >= 2, "work was shared by the four workers: " + workers);
      assertTrue(threads.stream().allMatch(t -> t.startsWith("vert.x-eventloop")), "run on event loops: " + threads);
      for (String w : workers) {
        assertEquals(0, redis.send(Request.cmd(Command.LLEN).arg("{" + prefix + "}:processing:" + w)).toInteger(),
            "nothing left in " + w + "'s processing list");
      }
    }
  }
}
