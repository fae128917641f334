package dev.jobsservice.jobs;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The producer's side of the queue: saves and queues jobs, reads them back, cancels and retries
 * them. Every method is one Redis round trip, except {@link #list}, which is two.
 */
public final class JobStore {
  private static final Script CANCEL = Script.load("cancel", 10);
  private static final Script RETRY = Script.load("retry", 8, "attempts");

  private final Redis redis;
  private final Keys keys;
  private final QueueSettings settings;
  private final String queue;
  /** What submits of this store share in their script call (see {@link SubmitBatch}). */
  private final GroupCommit.Target submits;
  /** The idempotency key a submit without one names (the script does not touch it). */
  private final String noIdempotencyKey;

  private JobStore(Redis redis, QueueSettings settings, String queue) {
    this.redis = redis;
    this.keys = new Keys(settings.prefix());
    this.settings = settings;
    this.queue = queue;
    this.submits = SubmitBatch.target(redis,
        List.of(keys.queue(), keys.index(), keys.byStatus(JobStatus.SUBMITTED), keys.sequence(), keys.events(),
            keys.jobPrefix()),
        List.of(Keys.EVENTS_CAP_ARG, Long.toString(settings.queueCap()), Long.toString(settings.retentionSeconds())),
        settings.waitReplicas());
    this.noIdempotencyKey = keys.idempotency(Fingerprint.of(""));
  }

  /**
   * The store of named queue {@code queue} whose settings ({@link QueueSettings#forQueue}) are
   * {@code settings}: the jobs it reads say which queue they are in.
   */
  public static JobStore create(Redis redis, QueueSettings settings, String queue) {
    return new JobStore(redis, settings, queue);
  }

  /** Deletes the finished jobs whose retention has passed ({@link Prune}); returns how many. */
  public Future<Integer> prune() {
    return Prune.run(redis, keys);
  }

  /** The name of this store's queue. */
  public String queue() {
    return queue;
  }

  /** A store over {@code redis} with the default {@link QueueSettings} under {@code prefix}. */
  public static JobStore create(Redis redis, String prefix) {
    return new JobStore(redis, QueueSettings.defaults(prefix), QueueSettings.DEFAULT_QUEUE);
  }

  /** A store over {@code redis} that applies {@code settings} (cap, retention, defaults). */
  public static JobStore create(Redis redis, QueueSettings settings) {
    return new JobStore(redis, settings, QueueSettings.DEFAULT_QUEUE);
  }

  /** Saves a new job and queues its id in one atomic step; the job comes back as saved. */
  public Future<Job> submit(JobRequest request) {
    return submit(request, new JobOptions(settings.defaultMaxAttempts(), settings.defaultTimeoutMs()), null)
        .map(Submitted::job);
  }

  /** How this store's submits reach Redis: for tests that submit chosen ids through the same call. */
  GroupCommit.Target submits() {
    return submits;
  }

  /**
   * Saves a new job and queues its id in one atomic step. With an {@code idempotencyKey} (any
   * text a client chose), a repeat of the same request within the retention period returns the
   * job the first one made. Fails with {@link QueueFullException} when the queue is at its cap,
   * {@link IdempotencyConflictException} when the key came with a different request.
   */
  public Future<Submitted> submit(JobRequest request, JobOptions options, String idempotencyKey) {
    String id = JobIds.next();
    String now = Clock.now();
    String fingerprint = idempotencyKey == null ? "" : Fingerprint.of(request, options);
    String idemKey = idempotencyKey == null ? noIdempotencyKey : keys.idempotency(Fingerprint.of(idempotencyKey));
    List<String> args = List.of(id, JobHash.spec(request, options, now), fingerprint);
    return SubmitBatch.add(submits, keys.job(id), idemKey, args).compose(outcome -> switch (outcome.code()) {
      case 0 -> Future.succeededFuture(new Submitted(new Job(id, request, options, JobStatus.SUBMITTED, now,
          null, null, 0, null, null, null, null, new JsonArray(), queue), false));
      case 1 -> get(outcome.value()).map(job -> new Submitted(job, true));
      default -> Future.failedFuture(refused(outcome.value()));
    });
  }

  /** A job the script did not save, as the exception its reason names. */
  private static RuntimeException refused(String reason) {
    if (reason.startsWith("QUEUE_FULL ")) {
      return new QueueFullException(Long.parseLong(reason.substring("QUEUE_FULL ".length()).trim()));
    }
    if (reason.equals("IDEMPOTENCY_MISMATCH")) {
      return new IdempotencyConflictException();
    }
    return new Script.ScriptError(reason);
  }

  /**
   * Cancels a job that has not finished (a running one is stopped by its worker's next
   * heartbeat); null when there is no such job.
   */
  public Future<Change> cancel(String id) {
    if (!JobIds.isValid(id)) {
      return Future.succeededFuture(null);
    }
    return CANCEL.call(redis,
            List.of(keys.job(id), keys.queue(), keys.delayed(), keys.leases(), keys.events(), keys.retention(),
                keys.byStatus(JobStatus.CANCELLED), keys.byStatus(JobStatus.SUBMITTED),
                keys.byStatus(JobStatus.DELAYED), keys.byStatus(JobStatus.IN_PROGRESS)),
            List.of(id, Clock.now(), Keys.EVENTS_CAP_ARG, Long.toString(settings.retentionSeconds())))
        .map(JobStore::change);
  }

  /** Queues a failed or cancelled job again; null when there is no such job. */
  public Future<Change> retry(String id) {
    if (!JobIds.isValid(id)) {
      return Future.succeededFuture(null);
    }
    return RETRY.call(redis,
            List.of(keys.job(id), keys.result(id), keys.queue(), keys.byStatus(JobStatus.SUBMITTED),
                keys.byStatus(JobStatus.FAILED), keys.byStatus(JobStatus.CANCELLED), keys.events(),
                keys.retention()),
            List.of(id, Keys.EVENTS_CAP_ARG))
        .map(JobStore::change);
  }

  private static Change change(Response reply) {
    if (reply == null) {
      return null;
    }
    return new Change(reply.get(0).toInteger() == 1, JobStatus.fromWire(reply.get(1).toString()).orElseThrow());
  }

  /** How long finished jobs are kept, in seconds. */
  public long retentionSeconds() {
    return settings.retentionSeconds();
  }

  /** The job, or null if there is none with this id. */
  public Future<Job> get(String id) {
    if (!JobIds.isValid(id)) {
      return Future.succeededFuture(null);
    }
    return redis.send(Request.cmd(Command.HGETALL).arg(keys.job(id))).map(reply -> decode(id, reply));
  }

  /** The stored result of a complete job (JSON text), or null if there is none. */
  public Future<String> result(String id) {
    if (!JobIds.isValid(id)) {
      return Future.succeededFuture(null);
    }
    return redis.send(Request.cmd(Command.GET).arg(keys.result(id))).map(r -> r == null ? null : r.toString());
  }

  /**
   * Up to {@code limit} jobs, newest first, submitted before {@code cursor} (null for the newest),
   * in one {@code status} or all (null).
   */
  public Future<JobPage> list(JobStatus status, String cursor, int limit) {
    String max = cursor == null ? Keys.BELOW_KEEPER : "(" + parseCursor(cursor);
    String key = status == null ? keys.index() : keys.byStatus(status);
    Request range = Request.cmd(Command.ZRANGE).arg(key).arg(max).arg("-inf")
        .arg("BYSCORE").arg("REV").arg("LIMIT").arg(0).arg(limit).arg("WITHSCORES");
    return redis.send(range).compose(reply -> {
      List<String> ids = new ArrayList<>();
      String last = null;
      for (Scored entry : scored(reply)) {
        ids.add(entry.id());
        last = Long.toString(entry.seq());
      }
      if (ids.isEmpty()) {
        return Future.succeededFuture(new JobPage(List.of(), null));
      }
      List<Request> reads = new ArrayList<>(ids.size());
      ids.forEach(id -> reads.add(Request.cmd(Command.HGETALL).arg(keys.job(id))));
      String next = ids.size() < limit ? null : last;
      return redis.batch(reads).map(replies -> new JobPage(
          IntStream.range(0, ids.size()).mapToObj(i -> decode(ids.get(i), replies.get(i))).filter(Objects::nonNull)
              .toList(), next));
    });
  }

  private Job decode(String id, Response reply) {
    Job job = JobHash.decode(id, reply);
    return job == null ? null : job.inQueue(queue);
  }

  /** How many jobs wait in the queue. */
  public Future<Long> queueLength() {
    return redis.send(Request.cmd(Command.LLEN).arg(keys.queue())).map(Response::toLong);
  }

  /**
   * The queue's depth by state: {@code LLEN} of the queue, the jobs in the in_progress and
   * failed indexes and in the delayed set, in one round trip (a batch, not a transaction: the
   * four counts may be microseconds apart).
   */
  public Future<QueueCounts> counts() {
    return redis.batch(List.of(
            Request.cmd(Command.LLEN).arg(keys.queue()),
            Keys.countJobs(keys.byStatus(JobStatus.IN_PROGRESS)),
            Keys.countJobs(keys.delayed()),
            Keys.countJobs(keys.byStatus(JobStatus.FAILED))))
        .map(r -> new QueueCounts(r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong()));
  }

  /** Checks a client's cursor: a submit sequence number, as {@link JobPage#nextCursor()} gave it. */
  public static boolean isValidCursor(String cursor) {
    return cursor != null && cursor.matches("\\d{1,18}");
  }

  private static long parseCursor(String cursor) {
    if (!isValidCursor(cursor)) {
      throw new IllegalArgumentException("'cursor' must be a value returned as next_cursor");
    }
    return Long.parseLong(cursor);
  }

  private record Scored(String id, long seq) {
  }

  /** WITHSCORES replies are [member, score] pairs in RESP3 but a flat array in RESP2. */
  private static List<Scored> scored(Response reply) {
    List<Scored> out = new ArrayList<>();
    if (reply.size() > 0 && reply.get(0).isArray()) {
      reply.forEach(pair -> out.add(new Scored(pair.get(0).toString(), pair.get(1).toDouble().longValue())));
      return out;
    }
    for (int i = 0; i + 1 < reply.size(); i += 2) {
      out.add(new Scored(reply.get(i).toString(), reply.get(i + 1).toDouble().longValue()));
    }
    return out;
  }
}
