package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.RedisProcess;
import dev.jobsservice.testing.StoredEvents;
import dev.jobsservice.testing.TestService;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Under a backlog a job costs the worker one Redis call: storing a result claims the next job,
 * and the dataset is read again only when it changed. Counted by Redis itself (INFO
 * commandstats) on a Redis of the test's own, while one worker drains a queue that an API
 * (stopped by then) filled, with a dataset loaded.
 */
class RoundTripsTest {
  private static final int JOBS = 400;
  private final String prefix = "rt";

  private static Map<String, Long> calls(RedisCli cli) {
    Map<String, Long> calls = new HashMap<>();
    for (String line : cli.send(Request.cmd(Command.INFO).arg("commandstats")).toString().split("\r?\n")) {
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        String count = line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls=")));
        calls.put(name, Long.parseLong(count));
      }
    }
    return calls;
  }

  /**
   * Fills a queue of JOBS jobs through an API (with {@code dataset} loaded first, if not null),
   * stops it, then lets {@code workers} workers drain it; returns Redis's command counts for the
   * drain alone.
   */
  private Map<String, Long> drain(RedisProcess redis, RedisCli cli, String dataset, int workers) throws Exception {
    Map<String, String> env = Map.of("REDIS_URL", redis.url());
    try (JobsService api = JobsService.start(TestService.config(prefix, "api", 0, env))) {
      Http http = TestService.http(api);
      if (dataset != null) {
        assertEquals(201, http.post("/data", dataset).status());
      }
      for (int i = 0; i < JOBS; i++) {
        Jobs.submit(http, "{\"start\":2000,\"end\":2001}");
      }
    }
    cli.send(Request.cmd(Command.CONFIG).arg("RESETSTAT"));
    // One group, whatever the cores: the counts below are those of workers sharing one loop.
    Map<String, String> workerEnv = Map.of("REDIS_URL", redis.url(), "JOBS_WORKER_GROUPS", "1");
    try (JobsService worker = JobsService.start(TestService.config(prefix, "worker", workers, workerEnv))) {
      Await.until(Duration.ofSeconds(30), "the backlog to drain", () ->
          cli.send(Request.cmd(Command.ZCARD).arg("{" + prefix + "}:status:complete")).toLong() == JOBS);
    }
    return calls(cli);
  }

  @Test
  void aWorkerDrainingABacklogMakesAboutOneCallPerJob() throws Exception {
    try (RedisProcess redis = RedisProcess.start(false); RedisCli cli = new RedisCli(redis.url())) {
      Map<String, Long> calls = drain(redis, cli, "[{\"year\":2000},{\"year\":2001},{\"year\":2002}]", 1);
      // commandstats also counts the commands scripts run inside, so round trips are counted
      // as what only a client sends: script calls (a NOSCRIPT EVALSHA and its EVAL are two
      // trips) and blocking takes; the worker sends nothing else but dataset reads.
      long trips = calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("eval", 0L)
          + calls.getOrDefault("blmove", 0L);
      double perJob = (double) trips / JOBS;
      // Start-up (worker id, recovery, the first take and claim), the once-a-second
      // housekeeping and the shutdown add a few dozen calls in all.
      assertTrue(perJob >= 1 && perJob <= 1.1, "Redis round trips per job: " + perJob + " " + calls);
      // A dataset read is a ZRANGE (and an HMGET); scripts use ZRANGE only for housekeeping.
      long zrange = calls.getOrDefault("zrange", 0L);
      assertTrue(zrange <= 10, "the dataset was read for each job: " + zrange + " ZRANGE " + calls);
    }
  }

  /**
   * Workers of one process share an event loop and store the jobs they finish in one turn with one
   * call (group commit): four workers draining a backlog make far fewer calls than jobs, and
   * every job is finished once (three events each: submitted, in_progress, complete).
   */
  @Test
  void fourWorkersOfAGroupStoreSeveralJobsPerCall() throws Exception {
    try (RedisProcess redis = RedisProcess.start(false); RedisCli cli = new RedisCli(redis.url())) {
      Map<String, Long> calls = drain(redis, cli, null, 4);
      long scripts = calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("eval", 0L);
      assertTrue(scripts < JOBS * 3 / 4, "script calls for " + JOBS + " jobs: " + scripts + " " + calls);
      List<StoredEvents.Event> events = StoredEvents.all(cli, prefix);
      assertEquals(3L * JOBS, events.size());
      // Several changes to an entry: far fewer entries than events.
      long entries = cli.send(Request.cmd(Command.XLEN).arg("{" + prefix + "}:events")).toLong();
      assertTrue(entries < JOBS * 3 / 2, entries + " entries for " + events.size() + " events");
    }
  }
}
