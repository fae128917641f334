package dev.jobsservice.worker;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.analysis.AnalysisContext;
import dev.jobsservice.data.DataStore;
import dev.jobsservice.jobs.JobQueue;
import dev.jobsservice.jobs.LostWorkerIdException;
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
 *   <li>goes round again. While Redis is unreachable it retries with backoff.</li>
 * </ol>
 * Every third of its lease it renews its id and takes its turn (at most one pass per such
 * interval across all workers) at putting back the jobs of workers that died.
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

  private final WorkerSettings settings;
  private final Analyses analyses;
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

  public WorkerVerticle(WorkerSettings settings, Analyses analyses) {
    this.settings = settings;
    this.analyses = analyses;
  }

  @Override
  public Future<?> start() {
    commands = Redis.createClient(vertx, settings.redis());
    // A client of its own: the blocking connection never serves anything else.
    blockingClient = Redis.createClient(vertx, settings.redis());
    runner = new JobRunner(vertx, analyses, new AnalysisContext(vertx, DataStore.create(commands, settings.prefix()),
        settings.defaultField()), backoff, () -> stopping);
    loopDone = Promise.promise();
    // Start does not wait for Redis: a worker deployed while Redis is down starts when it is up.
    context.runOnContext(v -> acquireThenLoop());
    return Future.succeededFuture();
  }

  /** The worker id once this worker holds one; before that, the id it will try first. */
  public String workerId() {
    return queue == null ? settings.idBase() + "-" + settings.index() + " (registering)" : queue.workerId();
  }

  /**
   * Lets the running job finish, hands back whatever is still in this worker's processing list
   * (an id a take moved as it stopped, a job whose outcome could not be stored), gives the worker
   * id back, then closes the connections.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    WorkerLiveness.gone(this);
    return loopDone.future()
        .eventually(() -> {
          vertx.cancelTimer(renewTimer);
          if (queue == null || idLost) {
            return Future.succeededFuture();
          }
          return bounded(queue.requeueHeld())
              .onSuccess(n -> {
                if (n > 0) {
                  log.info("worker {} handed back {} job(s) on stopping", queue.workerId(), n);
                }
              })
              .eventually(() -> bounded(queue.releaseSlot()));
        })
        .eventually(() -> blockingClient.close())
        .eventually(() -> commands.close());
  }

  private void acquireThenLoop() {
    WorkerLiveness.beat(vertx, this, null);
    if (stopping) {
      loopDone.tryComplete();
      return;
    }
    JobQueue.acquire(commands, settings.prefix(), settings.idBase(), settings.index(), settings.stride(),
            settings.leaseMs())
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
   * Renews the worker id; hands back anything in the processing list but the running job; takes
   * this worker's turn at recovering dead workers' jobs.
   */
  private void tick() {
    JobQueue q = queue;
    if (q == null || idLost) {
      return;
    }
    bounded(q.renewSlot()).onSuccess(renewed -> {
      if (!renewed && q == queue && !idLost) {
        idLost = true;
        vertx.cancelTimer(renewTimer);
        log.warn("worker {}: its lease lapsed (this process stalled, or Redis was unreachable for longer than "
            + "the lease) and its jobs may have gone to others; taking a worker id again", q.workerId());
      }
    });
    bounded(q.tidy(current)).onSuccess(n -> {
      if (n > 0) {
        log.warn("worker {} handed back {} job id(s) found in its list that it was not running", q.workerId(), n);
      }
    });
    bounded(q.recoverOrphans()).onSuccess(n -> {
      if (n > 0) {
        log.warn("worker {} put back {} job(s) of worker(s) whose lease lapsed", q.workerId(), n);
        JobMetrics.of(vertx).recovered(n);
      }
    });
  }

  static <T> Future<T> bounded(Future<T> redisCall) {
    return redisCall.timeout(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  private void recoverThenLoop() {
    if (stopping) {
      loopDone.tryComplete();
      return;
    }
    bounded(queue.requeueHeld()).onComplete(ar -> {
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
    connection()
        .compose(conn -> queue.take(conn, takeSeconds)
            .timeout((long) (takeSeconds * 1000) + TAKE_GRACE_MS, TimeUnit.MILLISECONDS))
        .compose(id -> {
          current = id;
          WorkerLiveness.beat(vertx, this, id);
          if (id == null) {
            return Future.succeededFuture();
          }
          // Stopping, or no longer this worker's id: this id is not ours to run.
          return stopping || idLost ? bounded(queue.handBack(id)) : runner.run(queue, id);
        })
        .onComplete(ar -> {
          current = null;
          if (ar.succeeded()) {
            backoff.reset();
            context.runOnContext(v -> next());
          } else {
            // The blocking client too: a connection whose command timed out is never reused.
            resetBlockingClient();
            // Recover first: an id taken but not claimed, a claim whose reply was lost, a job
            // whose analysis met a Redis outage: all are in our processing list and go back.
            retryLater("take", ar.cause(), this::recoverThenLoop);
          }
        });
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
