package dev.jobsservice.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.RedisProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of worker JVMs in the middle of their jobs, under a steady stream of submissions: two
 * worker processes share the queue; one is killed, replaced, then the other is killed and
 * replaced, while a client keeps submitting through an API process. Every accepted job must end
 * complete, its result written once; the jobs the dead workers were running run again elsewhere
 * (at-least-once execution), and nothing else does. Prints the time each recovery took.
 */
class WorkerKillIT {
  /**
   * The reaper puts a dead worker's jobs back once this lapses: 2 s here, so the test is quick
   * ({@code -Dchaos.lease.ms=15000} measures the default).
   */
  private static final long LEASE_MS = Long.getLong("chaos.lease.ms", 2000);
  private final Chaos chaos = new Chaos();
  private RedisProcess redis;

  @AfterEach
  void stopAll() throws Exception {
    chaos.close();
  }

  private JarProcess worker(String name, String prefix, String idBase) throws Exception {
    return chaos.start(name, JarProcess.env(prefix, 0, "REDIS_URL", redis.url(), "JOBS_ROLE", "worker",
        "JOBS_WORKERS", "2", "JOBS_WORKER_ID", idBase, "JOBS_WORKER_LEASE_MS", Long.toString(LEASE_MS)));
  }

  /** Job n: mostly sleeps of 200-600 ms (so a kill finds them running), some summaries over the data. */
  @Test
  void workersKilledMidJobUnderLoadLoseNothingAndWriteNoResultTwice() throws Exception {
    redis = chaos.redis(false);
    String prefix = "kill" + UUID.randomUUID().toString().substring(0, 8);
    int port = RedisProcess.freePort();
    JarProcess api = chaos.start("api", JarProcess.env(prefix, port, "REDIS_URL", redis.url(), "JOBS_ROLE", "api"));
    JarProcess a = worker("worker-a", prefix, "ka");
    JarProcess b = worker("worker-b", prefix, "kb");
    api.waitForStarted();
    a.waitForStarted();
    b.waitForStarted();
    Http http = new Http("http://127.0.0.1:" + port);
    Chaos.loadData(http);

    List<Long> recoveries = new ArrayList<>();
    List<String> killedIds = new ArrayList<>();
    try (RedisCli cli = new RedisCli(redis.url());
         Submitter client = new Submitter(http, 1, 60, n -> Chaos.job(n, 200, 400))) {
      JobAudit audit = new JobAudit(cli, prefix);
      Thread.sleep(2500);
      killMidJob(a, "worker-a2", prefix, "ka", http, audit, killedIds, recoveries);
      Thread.sleep(2500);
      killMidJob(b, "worker-b2", prefix, "kb", http, audit, killedIds, recoveries);
      Thread.sleep(2000);
      client.close();
      List<String> accepted = client.acceptedIds();
      long stoppedAt = System.currentTimeMillis();
      audit.awaitFinished(accepted, Duration.ofSeconds(60));
      long drainMs = System.currentTimeMillis() - stoppedAt;
      JobAudit.Outcome outcome = audit.outcome(accepted);

      // Run again but not found running on a killed worker: a claim still on its way to Redis
      // as the process died, or a live worker that missed its lease on this busy machine. Either
      // way a lapsed lease is the recorded cause, and the late outcome was fenced off.
      List<String> otherReruns = outcome.reran().stream().filter(id -> !killedIds.contains(id)).toList();

      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("submitted", client.posts().size());
      figures.putAll(outcome.figures());
      figures.put("killed_mid_job", killedIds.size());
      figures.put("executed_again_other_lapse", otherReruns.size());
      figures.put("recovery_ms", recoveries);
      figures.put("drained_after_last_submit_ms", drainMs);
      figures.put("http_statuses", client.statuses().toString().replace(" ", ""));
      JobAudit.print("worker-kill-9", figures);
      audit.printReruns(outcome);

      assertAll(
          () -> assertEquals(Map.of(201, client.posts().size()), client.statuses(), "every submission accepted"),
          () -> assertEquals(List.of(), outcome.lost(), "jobs not complete"),
          () -> assertEquals(List.of(), outcome.writtenTwice(), "results written more than once"),
          () -> assertEquals(List.of(), outcome.attemptsMismatch(), "attempts disagree with the executions"),
          () -> assertEquals(List.of(), outcome.unexplained(), "executions without a recorded cause"),
          () -> assertEquals(List.of(), outcome.leftovers(), "ids left behind"),
          () -> assertTrue(outcome.events().size() < 9000, "the events stream held every change"),
          () -> assertEquals(2, recoveries.size(), "both kills found running jobs"),
          () -> assertTrue(outcome.reran().containsAll(killedIds), "what the dead workers ran, ran again"));
      for (String id : killedIds) {
        assertEquals(2, outcome.events().count(id, "in_progress"), id + " " + outcome.events().of(id));
      }
      for (String id : outcome.reran()) {
        JsonArray history = audit.history(id);
        assertTrue(history.stream().anyMatch(h -> ((JsonObject) h).getString("error", "").contains("lease expired")),
            "run again because a lease lapsed: " + id + " history " + history);
      }
      for (String id : accepted.subList(0, 30)) {
        Http.Reply result = http.get("/jobs/" + id + "/results");
        assertEquals(200, result.status(), result.toString());
      }
    }
  }

  /**
   * Waits until {@code victim} runs at least one job, kills it with SIGKILL, starts its
   * replacement, and waits until each job it was running has been taken up again elsewhere;
   * records those jobs and how long that took (from the kill to the last one restarted).
   */
  private void killMidJob(JarProcess victim, String replacement, String prefix, String idBase, Http http,
      JobAudit audit, List<String> killedIds, List<Long> recoveries) throws Exception {
    Set<String> victimIds = new TreeSet<>(victim.workerIds());
    Await.until(Duration.ofSeconds(20), "a job running on " + victimIds, () -> !runningOn(victimIds, http).isEmpty());
    victim.kill();
    long killedAt = System.currentTimeMillis();
    // What it was running when it died: read after the kill, so that none finishes in between
    // (and none is reaped yet: that waits for the lease).
    List<String> held = runningOn(victimIds, http);
    worker(replacement, prefix, idBase).waitForStarted();
    Await.until(Duration.ofSeconds(30), "the jobs of the killed worker to run again", () -> held.stream()
        .allMatch(id -> audit.events().first(id, "in_progress", killedAt) > 0));
    EventLog events = audit.events();
    long last = held.stream().mapToLong(id -> events.first(id, "in_progress", killedAt)).max().orElseThrow();
    recoveries.add(last - killedAt);
    killedIds.addAll(held);
    System.out.println("killed " + victimIds + " running " + held + "; all running again " + (last - killedAt)
        + " ms later");
  }

  private static List<String> runningOn(Set<String> workerIds, Http http) {
    List<String> out = new ArrayList<>();
    JsonArray jobs = http.get("/jobs?status=in_progress&limit=1000").json().getJsonArray("jobs");
    jobs.forEach(j -> {
      JsonObject job = (JsonObject) j;
      if (workerIds.contains(job.getString("worker"))) {
        out.add(job.getString("id"));
      }
    });
    return out;
  }
}
