package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.analysis.Analyses;
import io.vertx.core.Vertx;
import dev.jobsservice.jobs.QueueSettings;
import io.vertx.redis.client.RedisOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerLivenessTest {
  private final Vertx one = Vertx.vertx();
  private final Vertx other = Vertx.vertx();
  private final WorkerVerticle a = worker(0);
  private final WorkerVerticle b = worker(1);
  private final WorkerVerticle c = worker(2);

  @AfterEach
  void close() throws Exception {
    WorkerLiveness.gone(a);
    WorkerLiveness.gone(b);
    WorkerLiveness.gone(c);
    one.close().await(10, TimeUnit.SECONDS);
    other.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void eachServiceSeesItsOwnWorkersUntilTheyStop() {
    WorkerLiveness.beat(one, a, null);
    WorkerLiveness.beat(one, b, "job-1");
    WorkerLiveness.beat(other, c, null);
    assertEquals(2, WorkerLiveness.of(one).size());
    assertEquals(List.of("w-2 (registering)"), WorkerLiveness.of(other).stream().map(WorkerLiveness.Seen::worker).toList());

    // The latest beat replaces the last: b finished its job.
    WorkerLiveness.beat(one, b, null);
    assertEquals(2, WorkerLiveness.of(one).size());
    assertTrue(WorkerLiveness.of(one).stream().allMatch(s -> s.job() == null));

    WorkerLiveness.gone(a);
    assertEquals(1, WorkerLiveness.of(one).size());
    WorkerLiveness.gone(b);
    assertEquals(List.of(), WorkerLiveness.of(one));
  }

  @Test
  void aSilentWorkerBetweenJobsIsStalledButOneRunningALongJobIsNot() {
    long max = TimeUnit.SECONDS.toNanos(90);
    WorkerLiveness.beat(one, a, null);
    WorkerLiveness.Seen idle = WorkerLiveness.of(one).get(0);
    assertNull(idle.job());
    assertFalse(idle.stalled(idle.atNanos() + max, max), "silent exactly as long as allowed");
    assertTrue(idle.stalled(idle.atNanos() + max + 1, max), "silent for longer");

    WorkerLiveness.beat(one, a, "long-job");
    WorkerLiveness.Seen busy = WorkerLiveness.of(one).get(0);
    assertEquals("long-job", busy.job());
    assertFalse(busy.stalled(busy.atNanos() + TimeUnit.HOURS.toNanos(2), max), "a job may run for hours");
  }

  private static WorkerVerticle worker(int index) {
    return new WorkerVerticle(new WorkerSettings(new RedisOptions(), QueueSettings.defaults("p"), "w", index, 3, 1000, 60_000, 25_000,
        "year"),
        Analyses.builtIn());
  }
}
