package dev.jobsservice.jobs;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.List;

/**
 * The consumer's side of the queue, for one worker. Steps, in order:
 * <ol>
 *   <li>{@link #requeueHeld()} once at start: hands back what this worker held when it stopped;</li>
 *   <li>{@link #take} blocks (on a connection of its own) until an id moves from the queue into
 *       this worker's processing list, so an id is never only in a worker's memory;</li>
 *   <li>{@link #claim} marks it in_progress under a lease, only if it is still submitted;</li>
 *   <li>{@link #heartbeat} renews the worker id and the running job's lease, and says when the
 *       job was cancelled (or reaped) meanwhile;</li>
 *   <li>{@link #complete} or {@link #fail} writes the outcome, fenced by the lease.</li>
 * </ol>
 * Each state change is one Lua script (resources/lua); {@link #reap()} and {@link #promote()}
 * are the housekeeping any worker takes turns at.
 */
public final class JobQueue {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JobQueue.class);
  private static final Script CLAIM = Script.load("claim", 9, "attempts", "text", "batched", "spec", "claim");
  private static final Script COMPLETE_MANY = Script.loadMany("complete-many", 8, "attempts", "text", "batched",
      "spec", "claim", "complete");
  private static final Script FAIL = Script.load("fail", 10, "spec");
  private static final Script RECOVER = Script.load("recover", 9, "attempts");
  private static final Script PROMOTE = Script.load("promote", 5, "attempts");
  private static final Script SLOT_ACQUIRE = Script.load("slot-acquire", 2);
  private static final Script HEARTBEAT = Script.load("heartbeat", 4);
  private static final Script HAND_BACK = Script.load("hand-back", 7, "attempts");
  private static final Script SLOT_RELEASE = Script.load("slot-release", 1);
  /** How many ids a worker tries before it gives up: far more than one host runs. */
  private static final int MAX_SLOT_TRIES = 256;
  /** Delayed jobs moved per promote call: bounds the script's run time, the rest go next time. */
  private static final int PROMOTE_BATCH = 500;

  /** The dataset jobs run on (datasets are not named yet). */
  private static final String DATASET = "default";

  /** What {@link #heartbeat} found. */
  public enum Beat {
    /** Renewed. */
    RENEWED,
    /** The worker id is no longer this process's: stop using this queue and acquire again. */
    LOST_ID,
    /** Renewed, but the running job is no longer this worker's (cancelled or reaped): stop it. */
    LOST_JOB
  }

  /** What {@link #fail} did. */
  public enum FailOutcome {
    /** The job waits in the delayed set for another attempt. */
    RETRYING,
    /** The job is failed for good. */
    FAILED,
    /** The lease was no longer this worker's: nothing was written. */
    NOT_OURS
  }

  private final Redis redis;
  private final Keys keys;
  private final QueueSettings settings;
  private final String workerId;
  private final String token;
  /** Completions, group-committed with those of the other workers on this event loop. */
  private final GroupCommit.Target completions;
  private final String processingKey;
  private final String slotKey;

  private JobQueue(Redis redis, QueueSettings settings, String workerId, String token) {
    this.redis = redis;
    this.keys = new Keys(settings.prefix());
    this.settings = settings;
    this.workerId = workerId;
    this.token = token;
    this.completions = new GroupCommit.Target(COMPLETE_MANY, redis,
        List.of(keys.byStatus(JobStatus.IN_PROGRESS), keys.byStatus(JobStatus.COMPLETE), keys.events(),
            keys.leases(), keys.retention(), keys.byStatus(JobStatus.SUBMITTED), keys.queue(),
            keys.dataVersion(DATASET)),
        List.of(Keys.EVENTS_CAP_ARG, Long.toString(settings.retentionSeconds()), keys.jobPrefix(),
            Long.toString(settings.leaseMs())),
        settings.waitReplicas());
    this.processingKey = keys.processing(workerId);
    this.slotKey = keys.workerSlot(workerId);
  }

  /**
   * Takes the first free worker id of {@code base-index}, {@code base-(index+stride)}, ... and
   * returns the queue as that worker sees it. Two live processes never hold the same id. A process
   * restarted after a clean stop gets the same ids back; after a crash the old ids are still
   * leased, so it takes others, and {@link #reap()} hands out the old ids' jobs once their lease
   * lapses. Hold it with {@link #heartbeat} every {@link #renewEveryMs()}.
   */
  public static Future<JobQueue> acquire(Redis redis, QueueSettings settings, String base, int index, int stride) {
    if (!isValidIdBase(base)) {
      return Future.failedFuture(
          new IllegalArgumentException("worker id base must be 1-100 of [A-Za-z0-9_.-], got: " + base));
    }
    return tryAcquire(redis, settings, base, index, Math.max(1, stride), JobIds.next(), 0);
  }

  /** Can {@code base} start worker ids? (Checked at start-up, so a bad one stops the process.) */
  public static boolean isValidIdBase(String base) {
    return base != null && base.matches("[A-Za-z0-9_.-]{1,100}");
  }

  private static Future<JobQueue> tryAcquire(Redis redis, QueueSettings settings, String base, int index,
      int stride, String token, int tries) {
    if (tries == MAX_SLOT_TRIES) {
      return Future.failedFuture(new IllegalStateException("no free worker id for " + base));
    }
    String workerId = base + "-" + index;
    Keys keys = new Keys(settings.prefix());
    return SLOT_ACQUIRE.call(redis, List.of(keys.workerSlot(workerId), keys.workers()),
            List.of(token, Long.toString(settings.leaseMs()), workerId))
        .compose(reply -> reply.toInteger() == 1
            ? Future.succeededFuture(new JobQueue(redis, settings, workerId, token))
            : tryAcquire(redis, settings, base, index + stride, stride, token, tries + 1));
  }

  /** How often to call {@link #heartbeat} (and {@link #reap()}): a third of the lease. */
  public long renewEveryMs() {
    return Math.max(1, settings.leaseMs() / 3);
  }

  public String workerId() {
    return workerId;
  }

  /**
   * Extends this worker's hold on its id and, when {@code running} is not null, that job's lease.
   */
  public Future<Beat> heartbeat(String running) {
    String job = running == null ? keys.job("") : keys.job(running);
    return HEARTBEAT.call(redis, List.of(keys.workerSlot(workerId), keys.workers(), job, keys.leases()),
            List.of(token, Long.toString(settings.leaseMs()), workerId, running == null ? "" : running))
        .map(reply -> switch (reply.toInteger()) {
          case 0 -> Beat.LOST_ID;
          case 2 -> Beat.LOST_JOB;
          default -> Beat.RENEWED;
        });
  }

  /** Gives the id back at a clean stop. */
  public Future<Void> releaseSlot() {
    return SLOT_RELEASE.call(redis, List.of(keys.workerSlot(workerId)), List.of(token)).mapEmpty();
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
   * Marks the job in_progress under this worker's lease; null if it is not claimable (already
   * taken, cancelled, gone). Fails with {@link LostWorkerIdException} if another process holds
   * this worker id now.
   */
  public Future<Claim> claim(String id) {
    return CLAIM.call(redis,
            List.of(keys.job(id), keys.byStatus(JobStatus.SUBMITTED), keys.byStatus(JobStatus.IN_PROGRESS),
                keys.processing(workerId), keys.workerSlot(workerId), keys.queue(), keys.events(), keys.leases(),
                keys.dataVersion(DATASET)),
            List.of(id, workerId, Clock.now(), token, Keys.EVENTS_CAP_ARG, Long.toString(settings.leaseMs())))
        .recover(err -> Future.failedFuture(String.valueOf(err.getMessage()).startsWith("LOST_SLOT")
            ? new LostWorkerIdException(workerId) : err))
        .map(reply -> reply == null ? null : ClaimReply.decode(reply, workerId));
  }

  /**
   * A job this worker claimed, with the version of the dataset at that moment
   * ({@link DataVersion}): a copy of the dataset read at or after that version serves the job.
   */
  public record Claim(Job job, String dataVersion) {
  }

  /** What {@link #complete} did. */
  public record Completion(boolean written, Claim next) {
  }

  /**
   * Stores the result and marks the job complete ({@code written} false if this worker no longer
   * held it). With {@code claimNext}, the same call takes and claims the next queued job, as
   * {@link #take} and {@link #claim} would: {@code next} is that job, or null when the queue was
   * empty (or the worker id is no longer this process's; the next take finds out). With
   * {@code waitReplicas}, answers once that many replicas have it (or the wait ran out: then the
   * completion stands on the master alone, and a failover may run the job again; logged).
   * Completions of workers that share this queue's client on one event loop in one turn go to
   * Redis as one call ({@link GroupCommit}), each with its own lease check and reply.
   */
  public Future<Completion> complete(String id, String resultJson, boolean claimNext) {
    return GroupCommit.add(completions, List.of(keys.job(id), keys.result(id), processingKey, slotKey),
            List.of(id, token, Clock.now(), resultJson, claimNext ? "1" : "0", workerId))
        .map(slot -> {
          if (slot.written().replicas() < settings.waitReplicas()) {
            log.warn("job {}: its completion reached {} of {} replica(s) in time", id, slot.written().replicas(),
                settings.waitReplicas());
          }
          // 0: not this worker's any more; 1: stored; a string: stored, and that job claimed next.
          Response reply = slot.written().reply().get(slot.index());
          return reply.type() == ResponseType.BULK ? new Completion(true, ClaimReply.decode(reply, workerId))
              : new Completion(reply.toInteger() == 1, null);
        });
  }

  /**
   * Records a failed attempt with {@code error}: the job runs again after {@code retryDelayMs}
   * while it has attempts left, or is failed for good (at once when {@code retryDelayMs} is
   * negative: retrying cannot help).
   */
  public Future<FailOutcome> fail(String id, String error, long retryDelayMs) {
    return FAIL.call(redis,
            List.of(keys.job(id), keys.processing(workerId), keys.byStatus(JobStatus.IN_PROGRESS),
                keys.byStatus(JobStatus.FAILED), keys.events(), keys.leases(), keys.retention(), keys.delayed(),
                keys.byStatus(JobStatus.DELAYED), keys.result(id)),
            List.of(id, token, Clock.now(), error, Keys.EVENTS_CAP_ARG, Long.toString(settings.retentionSeconds()),
                Long.toString(retryDelayMs < 0 ? -1 : retryDelayMs)))
        .map(reply -> switch (reply.toInteger()) {
          case 2 -> FailOutcome.RETRYING;
          case 1 -> FailOutcome.FAILED;
          default -> FailOutcome.NOT_OURS;
        });
  }

  /**
   * Puts back on the queue every job this worker id held but had not finished; returns how many.
   * {@code stalled}: the jobs were cut off (a crash, a Redis outage) and count as stalls; false at
   * a clean stop. Fails with {@link LostWorkerIdException} if another process holds this id now.
   */
  public Future<Integer> requeueHeld(boolean stalled) {
    return recover(workerId, "", stalled, false).compose(n -> n < 0
        ? Future.failedFuture(new LostWorkerIdException(workerId)) : Future.succeededFuture(n));
  }

  /**
   * The reaper: puts back (or fails, after too many stalls) running jobs whose lease expired and
   * the jobs of worker ids whose process stopped renewing them; returns how many jobs it
   * recovered. Cheap to call often: it runs at most once per {@link #renewEveryMs()} across all
   * processes, and returns 0 at once otherwise.
   */
  public Future<Integer> reap() {
    return recover("", "", true, false);
  }

  /**
   * Hands back everything in this worker's processing list but {@code running} (the job it is
   * running, or null) and the jobs this process claimed: ids a stalled process moved there under
   * this worker id. Returns how many. (The claims are spared because a take and claim sent after
   * this call may reach Redis before it.)
   */
  public Future<Integer> tidy(String running) {
    return recover(workerId, running == null ? "" : running, true, true).map(n -> Math.max(0, n));
  }

  /**
   * Hands back one id this worker took and will not run or finish (it is stopping, or lost its
   * id); a job it is running goes back without counting as a stall.
   */
  public Future<Void> handBack(String id) {
    return HAND_BACK.call(redis,
            List.of(keys.processing(workerId), keys.job(id), keys.queue(), keys.byStatus(JobStatus.IN_PROGRESS),
                keys.byStatus(JobStatus.SUBMITTED), keys.leases(), keys.events()),
            List.of(id, token, Keys.EVENTS_CAP_ARG, Clock.now()))
        .mapEmpty();
  }

  /** Queues the delayed jobs whose backoff has passed; returns how many. */
  public Future<Integer> promote() {
    return PROMOTE.call(redis,
            List.of(keys.delayed(), keys.byStatus(JobStatus.DELAYED), keys.byStatus(JobStatus.SUBMITTED),
                keys.queue(), keys.events()),
            List.of(keys.tag(), Keys.EVENTS_CAP_ARG, Integer.toString(PROMOTE_BATCH)))
        .map(reply -> reply.toInteger());
  }

  /** Deletes the finished jobs whose retention has passed ({@link Prune}); returns how many. */
  public Future<Integer> prune() {
    return Prune.run(redis, keys);
  }

  private Future<Integer> recover(String worker, String keep, boolean stalled, boolean spareOwnClaims) {
    // A dead worker's id is forgotten only long after any take it had pending has returned.
    long forgetAfterMs = 2 * settings.leaseMs() + 30_000;
    return RECOVER.call(redis,
            List.of(keys.workers(), keys.queue(), keys.byStatus(JobStatus.IN_PROGRESS),
                keys.byStatus(JobStatus.SUBMITTED), keys.recoverPass(), keys.events(), keys.leases(),
                keys.byStatus(JobStatus.FAILED), keys.retention()),
            List.of(keys.tag(), worker, token, Long.toString(renewEveryMs()), keep, Long.toString(forgetAfterMs),
                Keys.EVENTS_CAP_ARG, Integer.toString(settings.maxStalls()),
                Long.toString(settings.retentionSeconds()), Clock.now(), stalled ? "1" : "0",
                spareOwnClaims ? "1" : "0"))
        .map(reply -> reply.toInteger());
  }
}
