package dev.jobsservice.worker;

import dev.jobsservice.jobs.QueueSettings;
import io.vertx.redis.client.RedisOptions;

/**
 * What a worker verticle needs: how to reach Redis, how the queue treats jobs (prefix, lease),
 * its worker id (the first free one of {@code idBase-index}, {@code idBase-(index+stride)}, ...;
 * see JobQueue.acquire), the retry backoff ({@code retryBaseMs} doubled per attempt up to
 * {@code retryMaxMs}, with jitter), how long running jobs may finish at a stop, and the field
 * that job ranges apply to by default.
 */
public record WorkerSettings(RedisOptions redis, QueueSettings queue, String idBase, int index, int stride,
    long retryBaseMs, long retryMaxMs, long shutdownGraceMs, String defaultField) {

  public String prefix() {
    return queue.prefix();
  }

  public long leaseMs() {
    return queue.leaseMs();
  }
}
