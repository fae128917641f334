package dev.jobsservice.api;

import io.vertx.redis.client.RedisOptions;

/**
 * What the HTTP verticle needs: where to listen, how to reach Redis, the key prefix, the largest
 * request body it accepts, the job type used when a request names none, and the largest dataset
 * upload (streamed to a file, so it may be far larger than a body held in memory).
 */
public record ApiSettings(String host, int port, RedisOptions redis, String prefix, long bodyLimitBytes,
    String defaultType, long dataLimitBytes) {
}
