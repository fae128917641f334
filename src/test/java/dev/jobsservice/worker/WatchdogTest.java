package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.jobs.Job;
import dev.jobsservice.jobs.JobRequest;
import dev.jobsservice.jobs.JobStore;
import dev.jobsservice.jobs.QueueSettings;
import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A worker whose loop stops making progress (here: its blocking take hangs on a Redis that froze)
 * is noticed by the watchdog and restarted, and works on once Redis answers again.
 */
class WatchdogTest {
  @Test
  void aStalledLoopIsRestartedAndWorksOn() throws Exception {
    try (RedisProcess redisProcess = RedisProcess.start(false)) {
      Vertx vertx = Vertx.vertx();
      Redis client = Redis.createClient(vertx, redisProcess.url());
      try {
        QueueSettings queue = QueueSettings.defaults("wd");
        WorkerSettings settings = new WorkerSettings(new RedisOptions().setConnectionString(redisProcess.url()),
            queue, "wd", 0, 1, 100, 1000, 1000, "year");
        // A short slack: the watchdog acts well before the take's own client timeout (7 s).
        WorkerVerticle worker = new WorkerVerticle(settings, Analyses.builtIn(), 300);
        vertx.deployVerticle(worker).await(10, TimeUnit.SECONDS);
        Await.until(Duration.ofSeconds(10), "the worker to register", () -> {
          try {
            return client.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.EXISTS)
                .arg("{wd}:worker:wd-0")).await(5, TimeUnit.SECONDS).toInteger() == 1;
          } catch (java.util.concurrent.TimeoutException e) {
            return false;
          }
        });
        Thread.sleep(300); // Into its blocking take.

        redisProcess.pause();
        Await.until(Duration.ofSeconds(10), "the watchdog to restart the loop", () -> worker.watchdogRestarts() >= 1);
        redisProcess.resume();

        JobStore store = JobStore.create(client, queue);
        Job job = store.submit(new JobRequest("sleep", 0, 0, new JsonObject().put("ms", 1)))
            .await(10, TimeUnit.SECONDS);
        Await.until(Duration.ofSeconds(20), "the job to complete after the restart", () -> {
          try {
            return "complete".equals(store.get(job.id()).await(10, TimeUnit.SECONDS).status().wireName());
          } catch (java.util.concurrent.TimeoutException e) {
            return false;
          }
        });
        assertEquals(1, store.get(job.id()).await(10, TimeUnit.SECONDS).attempts());
      } finally {
        client.close();
        vertx.close().await(20, TimeUnit.SECONDS);
      }
    }
  }
}
