package dev.jobsservice.worker;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.analysis.AnalysisContext;
import dev.jobsservice.data.DataStore;
import dev.jobsservice.jobs.JobQueue;
import dev.jobsservice.jobs.LostWorkerIdException;
import dev.jobsservice.jobs.Job;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer. It runs one job at a time, in a loop:
 * <ol>
 *   <li>takes a worker id (a leased slot in Redis) and puts back what that id held when its last
 *       process stopped;</li>
 *   <li>takes a job id with a blocking move, on a Redis connection of its own so the wait stalls
 *       nobody else;</li>
 *   <li>runs it with {@link JobRunner}: claim (submitted → in_progress), analysis, outcome;</li>
 *   <li>storing a result also claims the next queued job, if any: under a backlog that job runs
 *       next without a take or a claim of its own (one Redis round trip per job);</li>
 *   <li>goes round again. While Redis is unreachable it retries with backoff.</li>
 * </ol>
 * Every third of its lease its heartbeat renews its id and the running job's lease (and stops
 * the job if it was cancelled meanwhile), and it takes its turn (at most one pass per such
 * interval across all workers) at reaping expired leases. Every second it moves delayed jobs
 * whose backoff has passed back onto the queue, and deletes finished jobs past their retention. A
 * watchdog restarts the loop if it stalls.
 * On stop, the running job gets {@code shutdownGraceMs} to finish, then is handed back.
 * Deploy N of these for N jobs in parallel.
 */
public final class WorkerVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(WorkerVerticle.class);
  /**
   * How long one blocking take waits before coming back empty (at most; a third of the lease if
   * that is shorter). Short, so a stopping worker is never stuck waiting; the connection has no
   * read timeout, so the wait is never cut short.
   */
  static final double TAKE_TIMEOUT_SECONDS = 2;
  /** Past the take's own timeout, how long the client waits before giving the connection up. */
  static final long TAKE_GRACE_MS = 5_000;
  /** The longest any other Redis call of the worker may take; Redis answers in microseconds. */
  static final long COMMAND_TIMEOUT_MS = 10_000;
  /** How often delayed jobs are checked for promotion: a retry runs at most this late. */
  static final long PROMOTE_EVERY_MS = 1_000;
  /** How often the watchdog looks at the loop. */
  static final long WATCHDOG_EVERY_MS = 5_000;
  /**
   * Past its own limits (the take's timeout, the job's timeout, the bounded Redis calls), how long
   * a loop turn may last before the watchdog calls the loop stalled: only a bug gets there.
   */
  static final long WATCHDOG_SLACK_MS = 3 * COMMAND_TIMEOUT_MS + TAKE_GRACE_MS;

  private final WorkerSettings settings;
  private final Analyses analyses;
  /** The command client of this worker's group ({@link WorkerGroup}), or null: a client of its own. */
  private final Redis sharedCommands;
  private final Backoff backoff = new Backoff();
  private Redis commands;
  private Redis blockingClient;
  private RedisConnection blocking;
  private JobQueue queue;
  private JobRunner runner;
  private volatile boolean stopping;
  private boolean idLost;
  /** The job id between its take and its finish; kept in the processing list by tidy(). */
  private String current;
  private Promise<Void> loopDone;
  private long renewTimer = -1;
  private long promoteTimer = -1;
  private long watchdogTimer = -1;
  /** Bumped when the watchdog restarts the loop: callbacks of the stalled turn then do nothing. */
  private int generation;
  /** When the current loop turn began, and the longest it may last (watchdog). */
  private volatile long turnStartedAt = System.currentTimeMillis();
  private long turnLimitMs = Long.MAX_VALUE;
  private final long watchdogSlackMs;
  private volatile int watchdogRestarts;

  public WorkerVerticle(WorkerSettings settings, Analyses analyses) {
    this(settings, analyses, WATCHDOG_SLACK_MS, null);
  }

  /** With another watchdog slack: tests make it short to see the watchdog act. */
  WorkerVerticle(WorkerSettings settings, Analyses analyses, long watchdogSlackMs) {
    this(settings, analyses, watchdogSlackMs, null);
  }

  /** A worker of a {@link WorkerGroup}: it sends its commands through the group's client. */
  WorkerVerticle(WorkerSettings settings, Analyses analyses, Redis sharedCommands) {
    this(settings, analyses, WATCHDOG_SLACK_MS, sharedCommands);
  }

  private WorkerVerticle(WorkerSettings settings, Analyses analyses, long watchdogSlackMs, Redis sharedCommands) {
    this.settings = settings;
    this.analyses = analyses;
    this.watchdogSlackMs = watchdogSlackMs;
    this.sharedCommands = sharedCommands;
  }

  /** How many times the watchdog has restarted this worker's loop. */
  int watchdogRestarts() {
    return watchdogRestarts;
  }

  @Override
  public Future<?> start() {
    commands = sharedCommands != null ? sharedCommands : Redis.createClient(vertx, settings.redis());
    // A client of its own: the blocking connection never serves anything else.
    blockingClient = Redis.createClient(vertx, settings.redis());
    runner = new JobRunner(vertx, analyses, new AnalysisContext(vertx, DataStore.create(commands, settings.dataPrefix()),
        settings.defaultField()), backoff, settings, () -> stopping);
    loopDone = Promise.promise();
    promoteTimer = vertx.setPeriodic(PROMOTE_EVERY_MS, t -> promote());
    watchdogTimer = vertx.setPeriodic(Math.min(WATCHDOG_EVERY_MS, Math.max(100, watchdogSlackMs)), t -> watchdog());
    // Start does not wait for Redis: a worker deployed while Redis is down starts when it is up.
    context.runOnContext(v -> acquireThenLoop());
    return Future.succeededFuture();
  }

  /** The worker id once this worker holds one; before that, the id it will try first. */
  public String workerId() {
    return queue == null ? settings.idBase() + "-" + settings.index() + " (registering)" : queue.workerId();
  }

  /** When the loop last began a turn (a take or a job), in epoch ms: for liveness checks. */
  public long lastTurnAt() {
    return turnStartedAt;
  }

  /**
   * Lets the running job finish within the grace period, then hands it back; hands back whatever
   * is still in this worker's processing list (an id a take moved as it stopped, a job whose
   * outcome could not be stored), gives the worker id back, then closes the connections.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    WorkerLiveness.gone(this);
    vertx.cancelTimer(promoteTimer);
    vertx.cancelTimer(watchdogTimer);
    long grace = vertx.setTimer(Math.max(1, settings.shutdownGraceMs()), t -> {
      if (runner.runningId() != null) {
        log.warn("worker {}: job {} did not finish within the shutdown grace period ({} ms); handing it back",
            workerId(), runner.runningId(), settings.shutdownGraceMs());
        runner.stop(true);
      }
    });
    return loopDone.future()
        .eventually(() -> {
          vertx.cancelTimer(grace);
          vertx.cancelTimer(renewTimer);
          if (queue == null || idLost) {
            return Future.succeededFuture();
          }
          return bounded(queue.requeueHeld(false))
              .onSuccess(n -> {
                if (n > 0) {
                  log.info("worker {} handed back {} job(s) on stopping", queue.workerId(), n);
                }
              })
              .eventually(() -> bounded(queue.releaseSlot()));
        })
        .eventually(() -> blockingClient.close())
        .eventually(() -> sharedCommands != null ? Future.succeededFuture() : commands.close());
  }

  private void acquireThenLoop() {
    WorkerLiveness.beat(vertx, this, null);
    if (stopping) {
      loopDone.tryComplete();
      return;
    }
    bounded(JobQueue.acquire(commands, settings.queue(), settings.idBase(), settings.index(), settings.stride()))
        .onSuccess(q -> {
          queue = q;
          idLost = false;
          vertx.cancelTimer(renewTimer);
          renewTimer = vertx.setPeriodic(q.renewEveryMs(), t -> tick());
          log.info("worker {} started", q.workerId());
          recoverThenLoop();
        })
        .onFailure(err -> retryLater("register", err, this::acquireThenLoop));
  }

  /**
   * The heartbeat: renews the worker id and the running job's lease (stopping the job if it is no
   * longer this worker's); hands back anything in the processing list but the running job; takes
   * this worker's turn at reaping expired leases.
   */
  private void tick() {
    JobQueue q = queue;
    if (q == null || idLost) {
      return;
    }
    String running = runner.runningId();
    bounded(q.heartbeat(running)).onSuccess(beat -> {
      if (beat == JobQueue.Beat.LOST_ID && q == queue && !idLost) {
        idLost = true;
        vertx.cancelTimer(renewTimer);
        log.warn("worker {}: its lease lapsed (this process stalled, or Redis was unreachable for longer than "
            + "the lease) and its jobs may have gone to others; taking a worker id again", q.workerId());
        // Whatever it runs is someone else's now: its outcome would be refused anyway.
        runner.stop(false);
      } else if (beat == JobQueue.Beat.LOST_JOB && running != null && running.equals(runner.runningId())) {
        runner.stop(false);
      }
    });
    bounded(q.tidy(current)).onSuccess(n -> {
      if (n > 0) {
        log.warn("worker {} handed back {} job id(s) found in its list that it was not running", q.workerId(), n);
      }
    });
    bounded(q.reap()).onSuccess(n -> {
      if (n > 0) {
        log.warn("worker {} recovered {} job(s) whose lease expired (their worker died or stalled)", q.workerId(), n);
        JobMetrics.of(vertx).recovered(n);
      }
    });
  }

  private void promote() {
    JobQueue q = queue;
    if (q == null || idLost || stopping) {
      return;
    }
    bounded(q.promote()).onSuccess(n -> {
      if (n > 0) {
        log.debug("worker {} queued {} delayed job(s) whose backoff had passed", q.workerId(), n);
      }
    });
    bounded(q.prune()).onSuccess(n -> {
      if (n > 0) {
        log.debug("worker {} deleted {} finished job(s) past their retention", q.workerId(), n);
      }
    });
  }

  /** Restarts the loop if a turn has lasted far longer than anything it waits for should allow. */
  private void watchdog() {
    long age = System.currentTimeMillis() - turnStartedAt;
    if (stopping || queue == null || age <= turnLimitMs) {
      return;
    }
    log.error("worker {}: its loop made no progress for {} ms (limit {} ms); restarting it", workerId(), age,
        turnLimitMs);
    generation++;
    watchdogRestarts++;
    runner.stop(true);
    current = null;
    resetBlockingClient();
    beginTurn(Long.MAX_VALUE);
    context.runOnContext(v -> recoverThenLoop());
  }

  private void beginTurn(long limitMs) {
    turnStartedAt = System.currentTimeMillis();
    turnLimitMs = limitMs;
  }

  static <T> Future<T> bounded(Future<T> redisCall) {
    return redisCall.timeout(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  private void recoverThenLoop() {
    if (stopping) {
      loopDone.tryComplete();
      return;
    }
    bounded(queue.requeueHeld(true)).onComplete(ar -> {
      if (ar.succeeded()) {
        if (ar.result() > 0) {
          log.info("worker {} put back {} unfinished job(s) it held before", queue.workerId(), ar.result());
        }
        // No backoff reset here: after a failure, only a job that goes through resets it.
        next();
      } else {
        retryLater("recover", ar.cause(), this::recoverThenLoop);
      }
    });
  }

  /** One turn of the loop; always rescheduled on the context, never by recursion. */
  private void next() {
    WorkerLiveness.beat(vertx, this, null);
    if (stopping) {
      loopDone.tryComplete();
      return;
    }
    if (idLost) {
      acquireThenLoop();
      return;
    }
    double takeSeconds = Math.min(TAKE_TIMEOUT_SECONDS, queue.renewEveryMs() / 1000.0);
    int turn = generation;
    beginTurn((long) (takeSeconds * 1000) + watchdogSlackMs);
    connection()
        .compose(conn -> queue.take(conn, takeSeconds)
            .timeout((long) (takeSeconds * 1000) + TAKE_GRACE_MS, TimeUnit.MILLISECONDS))
        .compose(id -> {
          current = id;
          WorkerLiveness.beat(vertx, this, id);
          if (id == null) {
            return Future.<JobQueue.Claim>succeededFuture();
          }
          // Stopping, or no longer this worker's id: this id is not ours to run.
          if (stopping || idLost) {
            return bounded(queue.handBack(id)).map(v -> (JobQueue.Claim) null);
          }
          // A job may run up to its timeout (checked at claim), then its outcome is stored.
          beginTurn(settings.queue().defaultTimeoutMs() + watchdogSlackMs);
          return runner.run(queue, id, timeoutMs -> beginTurn(timeoutMs + watchdogSlackMs));
        })
        .onComplete(ar -> afterTurn(turn, ar));
  }

  /** A turn that starts with a job the previous one claimed when it finished (a backlog). */
  private void runClaimed(JobQueue.Claim claim) {
    Job job = claim.job();
    WorkerLiveness.beat(vertx, this, job.id());
    int turn = generation;
    current = job.id();
    beginTurn(job.options().timeoutMs() + watchdogSlackMs);
    Future<JobQueue.Claim> run = stopping || idLost
        ? bounded(queue.handBack(job.id())).map(v -> null)
        : runner.runClaimed(queue, claim, timeoutMs -> beginTurn(timeoutMs + watchdogSlackMs));
    run.onComplete(ar -> afterTurn(turn, ar));
  }

  private void afterTurn(int turn, AsyncResult<JobQueue.Claim> ar) {
    if (turn != generation) {
      return; // The watchdog gave up on this turn and started another.
    }
    current = null;
    if (ar.succeeded()) {
      backoff.reset();
      JobQueue.Claim claimed = ar.result();
      context.runOnContext(v -> {
        if (claimed == null) {
          next();
        } else {
          runClaimed(claimed);
        }
      });
    } else {
      // The blocking client too: a connection whose command timed out is never reused.
      resetBlockingClient();
      // Recover first: an id taken but not claimed, a claim whose reply was lost, a job
      // whose analysis met a Redis outage: all are in our processing list and go back.
      retryLater("take", ar.cause(), this::recoverThenLoop);
    }
  }

  private Future<RedisConnection> connection() {
    if (blocking != null) {
      return Future.succeededFuture(blocking);
    }
    return blockingClient.connect().onSuccess(conn -> {
      blocking = conn;
      conn.exceptionHandler(err -> drop(conn));
      conn.endHandler(v -> drop(conn));
    });
  }

  /** Forgets {@code conn} if it is still the current one (a late event of an old one is ignored). */
  private void drop(RedisConnection conn) {
    if (blocking == conn) {
      blocking = null;
      conn.close();
    }
  }

  private void resetBlockingClient() {
    blocking = null;
    Redis old = blockingClient;
    blockingClient = Redis.createClient(vertx, settings.redis());
    old.close();
  }

  private void retryLater(String what, Throwable err, Runnable again) {
    WorkerLiveness.beat(vertx, this, null);
    if (stopping) {
      loopDone.tryComplete();
      return;
    }
    if (err instanceof LostWorkerIdException) {
      idLost = true;
      log.error("worker {}: {}; taking a new worker id", workerId(), err.getMessage());
      context.runOnContext(v -> acquireThenLoop());
      return;
    }
    long delay = backoff.nextDelayMs();
    log.warn("worker {}: {} failed ({}); retrying in {} ms", workerId(), what, err.toString(), delay);
    vertx.setTimer(delay, t -> again.run());
  }
}
