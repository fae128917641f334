package dev.jobsservice.api;

import io.vertx.redis.client.RedisOptions;

/**
 * What the HTTP verticle needs: where to listen, how to reach Redis, the key prefix, the largest
 * request body it accepts, the job type used when a request names none, and the limits of
 * waiting and watching.
 */
public record ApiSettings(String host, int port, RedisOptions redis, String prefix, long bodyLimitBytes,
    String defaultType, LiveSettings live) {
}
