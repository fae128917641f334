package dev.jobsservice.jobs;

import java.util.Objects;

/**
 * How the queue treats jobs, the same for every process that shares it.
 *
 * @param prefix key prefix; every key is tagged {@code {prefix}}
 * @param leaseMs how long a worker id and a running job stay leased once their worker stops
 *     renewing them (by default 15 s); then the reaper hands the job to another worker
 * @param maxStalls how many expired leases a job survives before it is failed (by default 3)
 * @param retentionSeconds how long finished jobs and results are kept (by default a week)
 * @param queueCap most ids waiting in the queue before submits are refused (0: no cap; by
 *     default 1,000,000)
 * @param defaultMaxAttempts attempts a job gets when it names none (by default 3)
 * @param defaultTimeoutMs how long one attempt may run when the job names no timeout (by default
 *     5 minutes)
 * @param waitReplicas replicas that must acknowledge a submit or a completion before it counts
 *     (Redis WAIT); 0 by default: Redis replicates asynchronously, see {@link NotReplicatedException}
 */
public record QueueSettings(String prefix, long leaseMs, int maxStalls, long retentionSeconds, long queueCap,
    int defaultMaxAttempts, long defaultTimeoutMs, int waitReplicas) {
  public static final long DEFAULT_LEASE_MS = 15_000;
  public static final int DEFAULT_MAX_STALLS = 3;
  public static final long DEFAULT_RETENTION_SECONDS = 7 * 24 * 3600;
  public static final long DEFAULT_QUEUE_CAP = 1_000_000;
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final long DEFAULT_TIMEOUT_MS = 5 * 60_000;
  /**
   * The longest a write waits for {@link #waitReplicas} replicas: a replica answers in
   * milliseconds, so this only bounds a missing one; below the API's 5 s bound on Redis calls.
   */
  public static final long WAIT_TIMEOUT_MS = 2_000;

  public QueueSettings {
    Objects.requireNonNull(prefix, "prefix");
    new Keys(prefix);
    require(leaseMs >= 100, "lease must be at least 100 ms");
    require(maxStalls >= 1, "max stalls must be at least 1");
    require(retentionSeconds >= 1, "retention must be at least 1 s");
    require(queueCap >= 0, "queue cap must be 0 (none) or more");
    require(defaultMaxAttempts >= 1 && defaultMaxAttempts <= JobOptions.MAX_ATTEMPTS_LIMIT,
        "default max attempts must be 1-" + JobOptions.MAX_ATTEMPTS_LIMIT);
    require(defaultTimeoutMs >= 1 && defaultTimeoutMs <= JobOptions.TIMEOUT_LIMIT_MS,
        "default timeout must be 1 ms to " + JobOptions.TIMEOUT_LIMIT_MS + " ms");
    require(waitReplicas >= 0, "replicas to wait for must be 0 or more");
  }

  /** Without waiting for replicas. */
  public QueueSettings(String prefix, long leaseMs, int maxStalls, long retentionSeconds, long queueCap,
      int defaultMaxAttempts, long defaultTimeoutMs) {
    this(prefix, leaseMs, maxStalls, retentionSeconds, queueCap, defaultMaxAttempts, defaultTimeoutMs, 0);
  }

  /** The defaults above, under {@code prefix}. */
  public static QueueSettings defaults(String prefix) {
    return new QueueSettings(prefix, DEFAULT_LEASE_MS, DEFAULT_MAX_STALLS, DEFAULT_RETENTION_SECONDS,
        DEFAULT_QUEUE_CAP, DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_MS);
  }

  /** The queue of jobs that name none; it keeps the plain {@code {prefix}} tag. */
  public static final String DEFAULT_QUEUE = "default";

  /** A queue's name: 1-32 of [a-z0-9_-], starting with a letter or digit. */
  public static boolean isValidQueueName(String name) {
    return name != null && name.matches("[a-z0-9][a-z0-9_-]{0,31}");
  }

  /**
   * The settings of named queue {@code name}, for settings whose prefix is the base one: queue
   * {@code default} keeps the prefix (so its keys, and data stored before named queues, stay as
   * they were); any other queue {@code q} uses {@code prefix:q:<q>}, a hash tag of its own, so in
   * a Redis Cluster each queue lives in its own slot.
   */
  public QueueSettings forQueue(String name) {
    if (!isValidQueueName(name)) {
      throw new IllegalArgumentException("not a queue name: " + name);
    }
    String queuePrefix = DEFAULT_QUEUE.equals(name) ? prefix : prefix + ":q:" + name;
    return new QueueSettings(queuePrefix, leaseMs, maxStalls, retentionSeconds, queueCap, defaultMaxAttempts,
        defaultTimeoutMs, waitReplicas);
  }

  public QueueSettings withLeaseMs(long ms) {
    return new QueueSettings(prefix, ms, maxStalls, retentionSeconds, queueCap, defaultMaxAttempts, defaultTimeoutMs,
        waitReplicas);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
