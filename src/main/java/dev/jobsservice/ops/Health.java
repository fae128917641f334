package dev.jobsservice.ops;

import dev.jobsservice.worker.WorkerLiveness;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The two health questions an orchestrator asks.
 * <ul>
 *   <li>live: should this process be restarted? Yes only for what a restart fixes: the event loop
 *       does not answer (then no answer comes at all), or a worker's loop is stuck. Redis being
 *       down is not one: a restart would not bring it back.</li>
 *   <li>ready: can this process do its work now? Redis answers within a second, and in a process
 *       that runs workers, all of them are running and none is stuck.</li>
 * </ul>
 */
final class Health {
  /**
   * A worker between jobs whose loop has not gone round for this long is stuck. When healthy it
   * goes round every few seconds; its slowest steps are bounded (a take 2 s + 5 s, a Redis call
   * 10 s, a backoff 5 s) but for a new connection, which may take 60 s to time out.
   */
  static final long WORKER_SILENCE_MS = 90_000;
  /** A procedure that has not answered by then counts as down. */
  private static final long PROCEDURE_TIMEOUT_MS = 2 * OpsRedis.TIMEOUT_MS;

  private final Vertx vertx;
  private final int workers;
  private final HealthChecks live;
  private final HealthChecks ready;

  /** {@code workers}: how many worker verticles this process runs (0 for the API alone). */
  Health(Vertx vertx, OpsRedis redis, int workers) {
    this.vertx = vertx;
    this.workers = workers;
    live = HealthChecks.create(vertx)
        // Answering at all is the proof: the procedure runs on the event loop that serves the probe.
        .register("event-loop", PROCEDURE_TIMEOUT_MS, p -> p.complete(Status.OK()));
    ready = HealthChecks.create(vertx)
        .register("redis", PROCEDURE_TIMEOUT_MS, p -> redis.ping().onComplete(ar -> p.tryComplete(
            ar.succeeded() ? Status.OK() : Status.KO(new JsonObject().put("error", String.valueOf(ar.cause()))))));
    if (workers > 0) {
      live.register("workers", PROCEDURE_TIMEOUT_MS, p -> workers(p, false));
      ready.register("workers", PROCEDURE_TIMEOUT_MS, p -> workers(p, true));
    }
  }

  Future<CheckResult> live() {
    return live.checkStatus();
  }

  Future<CheckResult> ready() {
    return ready.checkStatus();
  }

  /** Down if a worker is stuck; for readiness, also until every worker has started. */
  private void workers(Promise<Status> result, boolean allRunning) {
    List<WorkerLiveness.Seen> seen = WorkerLiveness.of(vertx);
    long now = System.nanoTime();
    JsonArray stalled = new JsonArray();
    for (WorkerLiveness.Seen s : seen) {
      if (s.stalled(now, TimeUnit.MILLISECONDS.toNanos(WORKER_SILENCE_MS))) {
        stalled.add(s.worker());
      }
    }
    JsonObject data = new JsonObject().put("expected", workers).put("running", seen.size())
        .put("stalled", stalled);
    boolean ok = stalled.isEmpty() && (!allRunning || seen.size() >= workers);
    result.tryComplete(ok ? Status.OK(data) : Status.KO(data));
  }
}
