package dev.jobsservice.worker;

import io.vertx.redis.client.RedisOptions;

/**
 * What a worker verticle needs: how to reach Redis, the key prefix, its worker id (the first free
 * one of {@code idBase-index}, {@code idBase-(index+stride)}, ...; see JobQueue.acquire) and the
 * lease that holds it, and the field that job ranges apply to by default.
 */
public record WorkerSettings(RedisOptions redis, String prefix, String idBase, int index, int stride,
    long leaseMs, String defaultField) {
}
