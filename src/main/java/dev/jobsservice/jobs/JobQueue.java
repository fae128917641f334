package dev.jobsservice.jobs;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.util.List;

/**
 * The consumer's side of the queue, for one worker. Steps, in order:
 * <ol>
 *   <li>{@link #requeueHeld()} once at start: hands back what this worker held when it stopped;</li>
 *   <li>{@link #take} blocks (on a connection of its own) until an id moves from the queue into
 *       this worker's processing list, so an id is never only in a worker's memory;</li>
 *   <li>{@link #claim} marks it in_progress only if it is still submitted;</li>
 *   <li>{@link #complete} or {@link #fail} writes the outcome and drops the id from the list.</li>
 * </ol>
 */
public final class JobQueue {
  private static final Script CLAIM = Script.load("claim", 7);
  private static final Script COMPLETE = Script.load("complete", 6);
  private static final Script FAIL = Script.load("fail", 5);
  private static final Script RECOVER = Script.load("recover", 6);
  private static final Script SLOT_ACQUIRE = Script.load("slot-acquire", 2);
  private static final Script SLOT_RENEW = Script.load("slot-renew", 2);
  private static final Script HAND_BACK = Script.load("hand-back", 3);
  private static final Script SLOT_RELEASE = Script.load("slot-release", 1);
  /**
   * By default, how long a worker id stays held after its process stops renewing it (it died or
   * stalled); then {@link #recoverOrphans()} hands its jobs to the others. Shorter recovers
   * sooner; longer tolerates longer pauses (GC, a stalled host) before a job runs twice.
   */
  public static final long DEFAULT_LEASE_MS = 15_000;
  /** How many ids a worker tries before it gives up: far more than one host runs. */
  private static final int MAX_SLOT_TRIES = 256;

  private final Redis redis;
  private final Keys keys;
  private final String workerId;
  private final String token;
  private final long leaseMs;

  private JobQueue(Redis redis, Keys keys, String workerId, String token, long leaseMs) {
    this.redis = redis;
    this.keys = keys;
    this.workerId = workerId;
    this.token = token;
    this.leaseMs = leaseMs;
  }

  /**
   * Takes the first free worker id of {@code base-index}, {@code base-(index+stride)}, ... and
   * returns the queue as that worker sees it. Two live processes never hold the same id. A process
   * restarted after a clean stop gets the same ids back; after a crash the old ids are still
   * leased, so it takes others, and {@link #recoverOrphans()} hands out the old ids' jobs once
   * their lease lapses.
   * Hold it with {@link #renewSlot()} every {@link #renewEveryMs()}; {@code leaseMs} is how long
   * it stays held when that stops (see {@link #DEFAULT_LEASE_MS}).
   */
  public static Future<JobQueue> acquire(Redis redis, String prefix, String base, int index, int stride,
      long leaseMs) {
    if (!isValidIdBase(base)) {
      return Future.failedFuture(
          new IllegalArgumentException("worker id base must be 1-100 of [A-Za-z0-9_.-], got: " + base));
    }
    Keys keys = new Keys(prefix);
    String token = JobIds.next();
    return tryAcquire(redis, keys, base, index, Math.max(1, stride), token, leaseMs, 0);
  }

  /** Can {@code base} start worker ids? (Checked at start-up, so a bad one stops the process.) */
  public static boolean isValidIdBase(String base) {
    return base != null && base.matches("[A-Za-z0-9_.-]{1,100}");
  }

  private static Future<JobQueue> tryAcquire(Redis redis, Keys keys, String base, int index, int stride,
      String token, long leaseMs, int tries) {
    if (tries == MAX_SLOT_TRIES) {
      return Future.failedFuture(new IllegalStateException("no free worker id for " + base));
    }
    String workerId = base + "-" + index;
    return SLOT_ACQUIRE.call(redis, List.of(keys.workerSlot(workerId), keys.workers()),
            List.of(token, Long.toString(leaseMs), workerId))
        .compose(reply -> reply.toInteger() == 1
            ? Future.succeededFuture(new JobQueue(redis, keys, workerId, token, leaseMs))
            : tryAcquire(redis, keys, base, index + stride, stride, token, leaseMs, tries + 1));
  }

  /** How often to call {@link #renewSlot()} (and {@link #recoverOrphans()}): a third of the lease. */
  public long renewEveryMs() {
    return Math.max(1, leaseMs / 3);
  }

  /**
   * Extends this worker's hold on its id; false if the id is no longer this process's (the lease
   * lapsed, or another process took it): then stop using this queue and acquire again.
   */
  public Future<Boolean> renewSlot() {
    return SLOT_RENEW.call(redis, List.of(keys.workerSlot(workerId), keys.workers()),
            List.of(token, Long.toString(leaseMs), workerId))
        .map(reply -> reply.toInteger() == 1);
  }

  /** Gives the id back at a clean stop. */
  public Future<Void> releaseSlot() {
    return SLOT_RELEASE.call(redis, List.of(keys.workerSlot(workerId)), List.of(token)).mapEmpty();
  }

  public String workerId() {
    return workerId;
  }

  /**
   * Waits up to {@code timeoutSeconds} for a job id; null when none came ("no work", not an error).
   * {@code blocking} must be a connection nobody else sends on: BLMOVE holds it while it waits.
   */
  public Future<String> take(RedisConnection blocking, double timeoutSeconds) {
    return blocking.send(Request.cmd(Command.BLMOVE).arg(keys.queue()).arg(keys.processing(workerId))
            .arg("RIGHT").arg("LEFT").arg(timeoutSeconds))
        .map(reply -> reply == null ? null : reply.toString());
  }

  /**
   * Marks the job in_progress for this worker; null if it is not claimable (already taken, gone).
   * Fails with {@link LostWorkerIdException} if another process holds this worker id now.
   */
  public Future<Job> claim(String id) {
    return CLAIM.call(redis,
            List.of(keys.job(id), keys.byStatus(JobStatus.SUBMITTED), keys.byStatus(JobStatus.IN_PROGRESS),
                keys.processing(workerId), keys.workerSlot(workerId), keys.queue(), keys.events()),
            List.of(id, workerId, Clock.now(), token, Keys.EVENTS_CAP_ARG))
        .recover(err -> Future.failedFuture(String.valueOf(err.getMessage()).startsWith("LOST_SLOT")
            ? new LostWorkerIdException(workerId) : err))
        .map(JobHash::decode);
  }

  /** Stores the result and marks the job complete; false if this worker no longer held it. */
  public Future<Boolean> complete(String id, String resultJson) {
    return COMPLETE.call(redis,
            List.of(keys.job(id), keys.result(id), keys.processing(workerId),
                keys.byStatus(JobStatus.IN_PROGRESS), keys.byStatus(JobStatus.COMPLETE), keys.events()),
            List.of(id, token, Clock.now(), resultJson, Keys.EVENTS_CAP_ARG))
        .map(reply -> reply.toInteger() == 1);
  }

  /** Marks the job failed with {@code error}; false if this worker no longer held it. */
  public Future<Boolean> fail(String id, String error) {
    return FAIL.call(redis,
            List.of(keys.job(id), keys.processing(workerId),
                keys.byStatus(JobStatus.IN_PROGRESS), keys.byStatus(JobStatus.FAILED), keys.events()),
            List.of(id, token, Clock.now(), error, Keys.EVENTS_CAP_ARG))
        .map(reply -> reply.toInteger() == 1);
  }

  /**
   * Puts back on the queue every job this worker id held but had not finished; returns how many.
   * Fails with {@link LostWorkerIdException} if another process holds this worker id now.
   */
  public Future<Integer> requeueHeld() {
    return recover(workerId, "").compose(n -> n < 0 ? Future.failedFuture(new LostWorkerIdException(workerId))
        : Future.succeededFuture(n));
  }

  /**
   * Puts back on the queue the jobs of every worker id whose process stopped renewing it (died);
   * returns how many. Cheap to call often: it runs at most once per {@link #renewEveryMs()}
   * across all processes, and returns 0 at once otherwise.
   */
  public Future<Integer> recoverOrphans() {
    return recover("", "");
  }

  /**
   * Hands back everything in this worker's processing list but {@code running} (the job it is
   * running, or null): ids a stalled process moved there under this worker id. Returns how many.
   */
  public Future<Integer> tidy(String running) {
    return recover(workerId, running == null ? "" : running).map(n -> Math.max(0, n));
  }

  /** Hands back one id this worker took but will not run (it is stopping, or lost its id). */
  public Future<Void> handBack(String id) {
    return HAND_BACK.call(redis, List.of(keys.processing(workerId), keys.job(id), keys.queue()), List.of(id))
        .mapEmpty();
  }

  private Future<Integer> recover(String worker, String keep) {
    // A dead worker's id is forgotten only long after any take it had pending has returned.
    long forgetAfterMs = 2 * leaseMs + 30_000;
    return RECOVER.call(redis,
            List.of(keys.workers(), keys.queue(), keys.byStatus(JobStatus.IN_PROGRESS),
                keys.byStatus(JobStatus.SUBMITTED), keys.recoverPass(), keys.events()),
            List.of(keys.tag(), worker, token, Long.toString(renewEveryMs()), keep, Long.toString(forgetAfterMs),
                Keys.EVENTS_CAP_ARG))
        .map(reply -> reply.toInteger());
  }
}
