package dev.jobsservice.jobs;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

/**
 * Every Redis key of the job queue, in one place. All share the hash tag {@code {prefix}}, so a
 * queue lives in one Redis Cluster slot and each Lua script touches one slot.
 */
final class Keys {
  private final String tag;

  Keys(String prefix) {
    if (prefix == null || !prefix.matches("[A-Za-z0-9_.:-]{1,64}")) {
      throw new IllegalArgumentException("key prefix must be 1-64 of [A-Za-z0-9_.:-], got: " + prefix);
    }
    this.tag = "{" + prefix + "}:";
  }

  String job(String id) {
    return jobPrefix() + id;
  }

  /** What {@link #job} puts before the id. */
  String jobPrefix() {
    return tag + "job:";
  }

  String result(String id) {
    return tag + "result:" + id;
  }

  /** Ids waiting to run. Its length is the queue depth that autoscalers read. */
  String queue() {
    return tag + "queue";
  }

  /** Ids one worker has taken off the queue and not yet finished. */
  String processing(String workerId) {
    return tag + "processing:" + workerId;
  }

  /** Every job id, scored by its submit sequence number: the order of GET /jobs. */
  String index() {
    return tag + "index";
  }

  /**
   * Job ids in one status, scored like {@link #index()}: GET /jobs?status=. The submitted and
   * in_progress sets (and {@link #leases()}) also hold a member that is not a job, at score +inf
   * (lib/batched.lua: it keeps them skiplists); read them with {@link #countJobs} and
   * {@link #BELOW_KEEPER}.
   */
  String byStatus(JobStatus status) {
    return tag + "status:" + status.wireName();
  }

  /** The highest score a job can have in a sorted set, as a range's bound: below the keeper's +inf. */
  static final String BELOW_KEEPER = "(+inf";

  /** How many jobs a sorted set of job ids holds: its members below +inf, so not the keeper. */
  static Request countJobs(String sortedSet) {
    return Request.cmd(Command.ZCOUNT).arg(sortedSet).arg("-inf").arg(BELOW_KEEPER);
  }

  /** Held (with a lease) by the process running worker {@code workerId}. */
  String workerSlot(String workerId) {
    return tag + "worker:" + workerId;
  }

  /** Sorted set: worker ids that may have left a processing list behind, by last renewal (ms). */
  String workers() {
    return tag + "workers";
  }

  /** Rate limit of the pass that recovers dead workers' processing lists. */
  String recoverPass() {
    return tag + "recover-pass";
  }

  /** Sorted set: ids waiting for a retry, by the time (ms) they may run again. */
  String delayed() {
    return tag + "delayed";
  }

  /** Sorted set: ids of running jobs, by when their lease expires (ms); the reaper reads it. */
  String leases() {
    return tag + "leases";
  }

  /**
   * Stream of status changes (fields {@code id}, {@code status}, several changes to an entry: see
   * {@link EventIds}), capped at about {@link #EVENTS_CAP} entries: what SSE clients and
   * {@code ?wait=} read.
   */
  String events() {
    return tag + "events";
  }

  /** How many entries {@link #events()} keeps (approximately: MAXLEN ~). */
  static final int EVENTS_CAP = 10_000;
  static final String EVENTS_CAP_ARG = Integer.toString(EVENTS_CAP);

  /** Sorted set: finished job ids, by when (ms) their retention ends and the indexes drop them. */
  String retention() {
    return tag + "retention";
  }

  /** Maps a client's Idempotency-Key (hashed) to the job it created. */
  String idempotency(String keyHash) {
    return tag + "idem:" + keyHash;
  }

  /** What every key starts with, e.g. {@code {jobs}:}; scripts that build keys are given it. */
  String tag() {
    return tag;
  }

  /**
   * Counter raised after every change of dataset {@code dataset}. It lives in the queue's slot so
   * the claim scripts can hand it to the worker with the job: a worker re-reads a dataset only
   * when it changed, with no round trip of its own to find out.
   */
  String dataVersion(String dataset) {
    return tag + "data-version:" + dataset;
  }

  String sequence() {
    return tag + "seq";
  }
}
