package dev.jobsservice.worker;

import dev.jobsservice.jobs.QueueSettings;
import io.vertx.redis.client.RedisOptions;

/**
 * What a worker verticle needs: how to reach Redis, how the queue treats jobs (prefix, lease),
 * its worker id (the first free one of {@code idBase-index}, {@code idBase-(index+stride)}, ...;
 * see JobQueue.acquire), the retry backoff ({@code retryBaseMs} doubled per attempt up to
 * {@code retryMaxMs}, with jitter), how long running jobs may finish at a stop, and the field
 * that job ranges apply to by default, and the base prefix that datasets live under
 * ({@code dataPrefix}: a named queue's own prefix is {@code base:q:<name>}, its datasets are the base's).
 */
public record WorkerSettings(RedisOptions redis, QueueSettings queue, String idBase, int index, int stride,
    long retryBaseMs, long retryMaxMs, long shutdownGraceMs, String defaultField, String dataPrefix) {

  /** For the default queue, whose prefix is the base prefix that datasets live under too. */
  public WorkerSettings(RedisOptions redis, QueueSettings queue, String idBase, int index, int stride,
      long retryBaseMs, long retryMaxMs, long shutdownGraceMs, String defaultField) {
    this(redis, queue, idBase, index, stride, retryBaseMs, retryMaxMs, shutdownGraceMs, defaultField, queue.prefix());
  }

  public String prefix() {
    return queue.prefix();
  }

  public long leaseMs() {
    return queue.leaseMs();
  }
}
