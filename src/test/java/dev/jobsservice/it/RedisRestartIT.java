package dev.jobsservice.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.RedisProcess;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis killed (SIGKILL) and restarted from its append-only file while clients submit through an
 * API process and a worker process runs jobs. Nobody restarts the service: it must find Redis
 * again by itself. Every job accepted with a 2xx must complete, its result written once; every
 * refusal must be a 503 with Retry-After, never a 500 or a hang. Prints the outage as the clients
 * saw it.
 *
 * <p>appendfsync is {@code always} by default ({@code -Dchaos.appendfsync=everysec} to compare):
 * Redis then writes and fsyncs each change before it replies, so an acknowledged job survives even
 * a machine crash. With {@code everysec} it is written to the kernel before the reply too, and so
 * survives a kill of the Redis process, except when a slow disk has made Redis postpone the write
 * (up to 2 s); a crash of the machine loses up to about a second of acknowledged jobs.
 */
class RedisRestartIT {
  private static final String APPENDFSYNC = System.getProperty("chaos.appendfsync", "always");
  /** How long Redis stays down. */
  private static final long DOWN_MS = 2000;
  private final Chaos chaos = new Chaos();
  private RedisProcess redis;

  @AfterEach
  void stopAll() throws Exception {
    chaos.close();
  }

  @Test
  void theServiceComesBackByItselfAndEveryAcceptedJobCompletes() throws Exception {
    redis = chaos.redis(true, "--appendfsync", APPENDFSYNC);
    String prefix = "rr" + UUID.randomUUID().toString().substring(0, 8);
    int port = RedisProcess.freePort();
    JarProcess api = chaos.start("api", JarProcess.env(prefix, port, "REDIS_URL", redis.url(), "JOBS_ROLE", "api"));
    JarProcess worker = chaos.start("worker", JarProcess.env(prefix, 0, "REDIS_URL", redis.url(),
        "JOBS_ROLE", "worker", "JOBS_WORKERS", "2", "JOBS_WORKER_ID", "rw", "JOBS_WORKER_LEASE_MS", "5000"));
    api.waitForStarted();
    worker.waitForStarted();
    Http http = new Http("http://127.0.0.1:" + port);
    Chaos.loadData(http);

    long killedAt;
    long upAt;
    List<Submitter.Post> posts;
    try (Submitter client = new Submitter(http, 2, 20, n -> Chaos.job(n, 50, 200))) {
      Thread.sleep(3000);
      redis.kill();
      killedAt = System.currentTimeMillis();
      Thread.sleep(DOWN_MS);
      redis.startProcess();
      upAt = System.currentTimeMillis();
      Thread.sleep(4000);
      client.close();
      posts = client.posts();
    }

    try (RedisCli cli = new RedisCli(redis.url())) {
      JobAudit audit = new JobAudit(cli, prefix);
      List<String> accepted = posts.stream().filter(Submitter.Post::accepted).map(Submitter.Post::id).toList();
      // A job the API saved just as Redis died, whose reply never came back: the client was
      // told 503 but the job exists. It must finish too; it is counted apart.
      Set<String> all = new HashSet<>();
      cli.send(Request.cmd(Command.ZRANGE).arg("{" + prefix + "}:index").arg(0).arg(-1))
          .forEach(r -> all.add(r.toString()));
      all.removeAll(accepted);
      List<String> everyJob = new ArrayList<>(accepted);
      everyJob.addAll(all);
      audit.awaitFinished(everyJob, Duration.ofSeconds(60));
      JobAudit.Outcome outcome = audit.outcome(accepted);

      List<Submitter.Post> refused = posts.stream().filter(p -> !p.accepted()).toList();
      Submitter.Post firstRefusal = refused.stream().min(Comparator.comparingLong(Submitter.Post::startMs))
          .orElse(null);
      long lastRefusalStart = refused.stream().mapToLong(Submitter.Post::startMs).max().orElse(killedAt);
      long backAt = posts.stream().filter(p -> p.accepted() && p.startMs() >= lastRefusalStart)
          .mapToLong(Submitter.Post::endMs).min().orElse(-1);
      long firstCompleteAfter = everyJob.stream().mapToLong(id -> outcome.events().first(id, "complete", upAt))
          .filter(t -> t > 0).min().orElse(-1);

      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("appendfsync", APPENDFSYNC);
      figures.put("submitted", posts.size());
      figures.putAll(outcome.figures());
      figures.put("refused_503", refused.stream().filter(p -> p.status() == 503).count());
      figures.put("other_answers", refused.stream().filter(p -> p.status() != 503).count());
      figures.put("created_despite_503", all.size());
      figures.put("redis_down_ms", upAt - killedAt);
      figures.put("client_outage_ms", firstRefusal == null || backAt < 0 ? -1 : backAt - firstRefusal.startMs());
      figures.put("api_back_after_redis_ms", backAt < 0 ? -1 : backAt - upAt);
      figures.put("workers_back_after_redis_ms", firstCompleteAfter < 0 ? -1 : firstCompleteAfter - upAt);
      figures.put("slowest_answer_ms", posts.stream().mapToLong(p -> p.endMs() - p.startMs()).max().orElse(0));
      JobAudit.print("redis-restart", figures);
      audit.printReruns(outcome);

      assertAll(
          () -> assertTrue(refused.stream().allMatch(p -> p.status() == 503 && "2".equals(p.retryAfter())),
              "every refusal a 503 with Retry-After: " + refused.stream().filter(p -> p.status() != 503).toList()),
          () -> assertTrue(refused.size() > 0, "the clients saw the outage"),
          () -> assertTrue(backAt > 0, "the API accepted jobs again after the restart"),
          () -> assertTrue(posts.stream().allMatch(p -> p.endMs() - p.startMs() < 12_000), "no answer took 12 s"),
          () -> assertEquals(List.of(), outcome.lost(), "accepted jobs not complete"),
          () -> assertEquals(List.of(), outcome.writtenTwice(), "results written more than once"),
          () -> assertEquals(List.of(), outcome.attemptsMismatch(), "attempts disagree with the executions"),
          () -> assertEquals(List.of(), outcome.unexplained(), "executions without a recorded cause"),
          () -> assertEquals(List.of(), outcome.leftovers(), "ids left behind"),
          () -> assertTrue(firstCompleteAfter > 0, "the workers ran jobs again after the restart"));
      for (String id : all) {
        assertEquals("complete", audit.status(id), "a job created despite its 503: " + id);
      }
    }
  }
}
